// Draws every chart placed by core/_chart.html: loads the vendored Vega
// bundles once, on the first page that has a chart, then hands each spec to
// vega-embed. The table and text alternative are already in the page, so a
// chart that fails to draw loses nothing but the picture.
let loading = null;

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.appendChild(script);
  });
}

function loadVega(el) {
  if (!loading) {
    loading = loadScript(el.dataset.vega)
      .then(() => loadScript(el.dataset.vegaLite))
      .then(() => loadScript(el.dataset.vegaEmbed));
  }
  return loading;
}

export function renderCharts(scope = document) {
  const targets = [...scope.querySelectorAll("[data-qls-chart]:not([data-qls-drawn])")];
  if (!targets.length) return Promise.resolve();
  return loadVega(targets[0]).then(() =>
    Promise.all(
      targets.map((el) => {
        el.dataset.qlsDrawn = "pending";
        const spec = JSON.parse(document.getElementById(el.dataset.qlsChart).textContent);
        return window
          .vegaEmbed(el, spec, { actions: false, renderer: "svg" })
          .then(() => { el.dataset.qlsDrawn = "yes"; })
          .catch((error) => { el.dataset.qlsDrawn = "failed"; console.error(error); });
      }),
    ),
  );
}
