"""The data an admin change form would send back unchanged, read from the page's forms."""


def _value(bound):
    value = bound.value()
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return value


def unchanged_form_data(response) -> dict:
    """POST data of the change form in ``response`` (main form and every inline), as shown."""
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        value = _value(form[name])
        if value is not None:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for row in formset.forms:
            for name in row.fields:
                value = _value(row[name])
                if value is not None:
                    data[row.add_prefix(name)] = value
    return data
