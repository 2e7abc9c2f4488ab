import { initAll } from "../vendor/govuk-frontend/govuk-frontend.min.js";

initAll();

// Force sites let people leave with Escape as well as Shift pressed three times. Escape only
// counts when it is not closing something the visitor opened (a native dialog or a select).
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape" || event.defaultPrevented) {
    return;
  }
  const exitButton = document.querySelector(".govuk-exit-this-page__button");
  if (exitButton) {
    event.preventDefault();
    exitButton.click();
  }
});
