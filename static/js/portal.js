// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Print buttons are shown only where scripts run (portal.css: scripting), so that this
  // script changes nothing on the drawn page.
  for (const button of document.querySelectorAll("[data-print]")) {
    button.addEventListener("click", () => window.print());
  }
});
