// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Print buttons are hidden until a script can open the browser's print dialog.
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
  // On small screens the table of contents and unused filters start folded; without this
  // script they stay open.
  if (window.matchMedia("(max-width: 60rem)").matches) {
    for (const details of document.querySelectorAll("details[data-close-on-small-screens]")) {
      const inUse = [...details.querySelectorAll("select")].some((select) => select.value);
      if (!inUse) details.open = false;
    }
  }
});
