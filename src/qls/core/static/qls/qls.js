// Starts the NHS.UK frontend components (header menu, error summary focus, ...)
// and draws charts on every page, and again on content htmx swaps in.
import { initAll } from "../vendor/nhsuk-frontend/nhsuk-frontend.min.js";
import { renderCharts } from "./charts.js";

initAll();
renderCharts();
document.body.addEventListener("htmx:afterSettle", (event) => {
  initAll({ scope: event.target });
  renderCharts(event.target);
});
