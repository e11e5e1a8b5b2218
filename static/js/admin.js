// Fields without a visible label of their own get an accessible name: a field in a row of a
// table (Django's tabular inlines) its column's title, a search box (select2) its field's label.
(function () {
  "use strict";

  function suffixOf(element, prefix) {
    var name = Array.prototype.find.call(element.classList, function (c) {
      return c.indexOf(prefix) === 0;
    });
    return name ? name.slice(prefix.length) : null;
  }

  function name(field, text) {
    if (text && (!field.labels || field.labels.length === 0) && !field.hasAttribute("aria-label")) {
      field.setAttribute("aria-label", text);
      // select2 names its box by the chosen value, which is empty while nothing is chosen.
      if (field.classList.contains("select2-selection")) field.removeAttribute("aria-labelledby");
    }
  }

  function deleteTitle(table) {
    var last = table.querySelector("thead th:last-child");
    return last ? last.textContent.trim() : null;
  }

  function labelRows() {
    document.querySelectorAll(".inline-group .tabular table").forEach(function (table) {
      var titles = {};
      table.querySelectorAll("thead th").forEach(function (th) {
        var column = suffixOf(th, "column-");
        if (column) titles[column] = th.textContent.trim();
      });
      table.querySelectorAll("td").forEach(function (td) {
        var title = td.classList.contains("delete") ? deleteTitle(table) : titles[suffixOf(td, "field-")];
        td.querySelectorAll(
          "input:not([type=hidden]), select, textarea, .select2-selection, .select2-selection__rendered"
        )
          .forEach(function (field) { name(field, title); });
      });
    });
  }

  function labelSearchBoxes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = select.id && document.querySelector("label[for='" + select.id + "']");
      var container = select.nextElementSibling;
      if (!label || !container || !container.classList.contains("select2")) return;
      container.querySelectorAll(".select2-selection, .select2-search__field")
        .forEach(function (field) { name(field, label.textContent.replace(/:\s*$/, "").trim()); });
    });
  }

  function label() {
    labelRows();
    labelSearchBoxes();
  }

  window.addEventListener("load", label);
  document.addEventListener("formset:added", function () { window.setTimeout(label, 0); });
})();
