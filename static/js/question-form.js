// The new question's form (polls/question_new.html): shows only the fields that apply to the
// chosen kind (answers for a choice, the numbers for a multiple choice, steps and labels for a
// scale, terms per person for a word cloud, moderation for free texts and word clouds). Without
// this script every field shows, each with a help text saying where it applies. A field with an
// error always shows.
(function () {
  "use strict";

  const form = document.querySelector("[data-question-form]");
  if (!form) return;
  const fields = form.querySelectorAll("[data-kinds]");

  function chosen() {
    const checked = form.querySelector('input[name="kind"]:checked');
    return checked ? checked.value : "";
  }

  function show() {
    const kind = chosen();
    fields.forEach(function (field) {
      const applies = field.dataset.kinds.split(" ").includes(kind);
      field.hidden = !applies && !field.querySelector(".errorlist");
    });
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "kind") show();
  });
  show();
})();
