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
      container.querySelectorAll(
        ".select2-selection, .select2-selection__rendered[role=textbox], .select2-search__field"
      )
        .forEach(function (field) { name(field, label.textContent.replace(/:\s*$/, "").trim()); });
    });
  }

  // select2 puts the button that empties a multiple choice into the list of chosen values,
  // where only list items belong: it is moved in front of the list (select2 finds it there).
  function moveClearButtons() {
    document.querySelectorAll("ul.select2-selection__rendered > .select2-selection__clear")
      .forEach(function (button) { button.parentNode.parentNode.insertBefore(button, button.parentNode); });
  }

  function label() {
    labelRows();
    labelSearchBoxes();
    moveClearButtons();
  }

  // select2 builds its boxes when jQuery is ready, which may be after the page's load event,
  // and rebuilds parts of them on each choice: label whatever it adds.
  var pending = null;
  function labelSoon() {
    if (pending === null) pending = window.setTimeout(function () { pending = null; label(); }, 30);
  }

  window.addEventListener("load", function () {
    label();
    new MutationObserver(labelSoon).observe(document.body, { childList: true, subtree: true });
  });
  document.addEventListener("formset:added", labelSoon);
})();
