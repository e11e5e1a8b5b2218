"""Photos and files in the admin, each on its own page, scoped to the editor's events.

Adding one checks and processes the upload in the form (errors stay at the field), then stores it
through the same services the import uses. A stored image or file is not replaced: delete it and
add the new one.
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from stakeholders.scoping import SCOPED_TARGETS, ScopedAdmin
from uploads.models import Attachment, Photo
from uploads.processing import check_attachment, process_photo
from uploads.services import attachment_store, photo_store


class PhotoAddForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("Bild"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Photo
        fields = [
            "event",
            "upload",
            "alt_text",
            "caption",
            "credit",
            "consent_note",
            "session",
            "order",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upload"].help_text = _(
            "JPEG, PNG oder WebP, bis %(bytes)s und %(pixels)s Megapixel. Standort, Kameradaten "
            "und andere Metadaten werden entfernt; Größen für Smartphone und Bildschirm werden "
            "erzeugt."
        ) % {
            "bytes": filesizeformat(settings.PHOTO_MAX_BYTES),
            "pixels": f"{settings.PHOTO_MAX_PIXELS / 1_000_000:g}",
        }

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        self.processed = process_photo(upload)
        return upload


class AttachmentAddForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("Datei"),
    )

    class Meta:
        model = Attachment
        fields = ["event", "title", "upload", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upload"].help_text = _(
            "PDF, PowerPoint, Word, Excel oder OpenDocument, ohne Makros, bis %(bytes)s."
        ) % {"bytes": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        self.checked = check_attachment(upload)
        return upload


class UploadAdmin(ScopedAdmin):
    scope_field = SCOPED_TARGETS["uploads.photo"]
    add_form: type[forms.ModelForm]
    autocomplete_fields = ["event"]
    list_select_related = ["event"]
    list_filter = ["event"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
            kwargs["fields"] = self.add_form.Meta.fields
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return list(self.add_form.Meta.fields)
        return super().get_fields(request, obj)


@admin.register(Photo)
class PhotoAdmin(UploadAdmin):
    add_form = PhotoAddForm
    list_display = ["thumbnail", "alt_text", "event", "credit", "consent_note", "order"]
    list_display_links = ["thumbnail", "alt_text"]
    search_fields = ["alt_text", "caption", "credit", "event__title"]
    fields = [
        "event",
        "preview",
        "alt_text",
        "caption",
        "credit",
        "consent_note",
        "session",
        "order",
    ]
    readonly_fields = ["preview"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name != "session":
            return super().formfield_for_foreignkey(db_field, request, **kwargs)
        # A photo stands beside a session of its own event (Photo.clean checks it on saving).
        sessions = db_field.related_model.objects.select_related("event").order_by(
            "event__title", "order"
        )
        photo_id = request.resolver_match.kwargs.get("object_id")
        if photo_id:
            sessions = sessions.filter(event__photos=photo_id)
        field = super().formfield_for_foreignkey(db_field, request, queryset=sessions, **kwargs)
        field.label_from_instance = lambda session: f"{session.event.title} – {session.title}"
        return field

    @admin.display(description=_("Bild"))
    def thumbnail(self, photo: Photo):
        if not photo.sources:
            return "–"
        url, width = photo.sources[0]
        height = round(photo.sizes[0]["height"] * 120 / width)
        return format_html('<img src="{}" alt="" width="120" height="{}">', url, height)

    @admin.display(description=_("Bild"))
    def preview(self, photo: Photo):
        if not photo.sources:
            return "–"
        url, width = photo.sources[min(1, len(photo.sources) - 1)]
        return format_html(
            '<img src="{}" alt="" width="{}" style="max-width: 100%; height: auto"><br>{} × {} {}',
            url,
            min(width, 480),
            photo.width,
            photo.height,
            _("Pixel"),
        )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            photo_store(photo=obj, processed=form.processed)


@admin.register(Attachment)
class AttachmentAdmin(UploadAdmin):
    add_form = AttachmentAddForm
    list_display = ["title", "event", "content_type_label", "size_label", "order"]
    search_fields = ["title", "event__title"]
    fields = ["event", "title", "download", "order"]
    readonly_fields = ["download"]

    @admin.display(description=_("Dateiart"))
    def content_type_label(self, attachment: Attachment) -> str:
        return attachment.get_content_type_display()

    @admin.display(description=_("Größe"), ordering="size")
    def size_label(self, attachment: Attachment) -> str:
        return filesizeformat(attachment.size)

    @admin.display(description=_("Datei"))
    def download(self, attachment: Attachment):
        return format_html(
            '<a href="{}">{}</a> ({}, {})',
            attachment.url,
            attachment.title,
            attachment.get_content_type_display(),
            filesizeformat(attachment.size),
        )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            attachment_store(attachment=obj, checked=form.checked)
