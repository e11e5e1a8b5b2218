// Saves a questionnaire field's answers while the respondent fills it in. Optional: the form
// saves with its buttons without JavaScript; this only spares the click.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  var status = document.getElementById("autosave-status");
  if (!form || !status || !window.fetch) {
    return;
  }
  var timer = null;

  function save() {
    var data = new FormData(form);
    data.append("_stay", "");
    fetch(window.location.href, {
      method: "POST",
      body: data,
      headers: { "X-Autosave": "1" },
      credentials: "same-origin",
    })
      .then(function (response) {
        status.textContent = response.status === 204 ? status.dataset.saved : status.dataset.failed;
      })
      .catch(function () {
        status.textContent = status.dataset.failed;
      });
  }

  function later(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, delay);
  }

  form.addEventListener("change", function () {
    later(300);
  });
  form.addEventListener("input", function (event) {
    if (event.target.tagName === "TEXTAREA") {
      later(1500);
    }
  });
})();
