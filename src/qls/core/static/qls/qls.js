// Starts the NHS.UK frontend components (header menu, error summary focus, ...)
// on every page, and again on content htmx swaps in.
import { initAll } from "../vendor/nhsuk-frontend/nhsuk-frontend.min.js";

initAll();
document.body.addEventListener("htmx:afterSettle", (event) => {
  initAll({ scope: event.target });
});
