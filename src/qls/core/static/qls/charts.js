// Draws the charts placed by core/_chart.html, each when it comes near the
// viewport: a page of 40 charts draws the two or three in view, not all 40.
// The vendored Vega bundles load once, on the first chart drawn. A chart's
// spec is in the page (a JSON script) or, on pages of many charts, fetched
// from its data-qls-chart-src. The words and the table are in the page (or
// fetched by htmx when the table is opened), so a chart that fails to draw
// loses nothing but the picture.
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

function specOf(el) {
  const src = el.dataset.qlsChartSrc;
  if (!src) {
    return Promise.resolve(JSON.parse(document.getElementById(el.dataset.qlsChart).textContent));
  }
  return fetch(src, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(
    (response) => {
      if (!response.ok) throw new Error(`${src} answered ${response.status}`);
      return response.json();
    },
  );
}

// No action menu (it posts the chart to the online Vega editor). vega-embed
// and its tooltips add <style> elements, which the Content-Security-Policy
// refuses; their rules are in qls.css instead.
const EMBED_OPTIONS = {
  actions: false,
  renderer: "svg",
  defaultStyle: false,
  tooltip: { disableDefaultStyle: true },
};

// The figure's caption already names the chart, and wraps on a narrow
// screen; Vega's own title would say it again on one line, cut off at the
// chart's right edge on a phone. Downloads and PDFs keep it.
// A legend in one row is wider than a narrow chart: there it takes two
// columns, and one on a phone (as qls.spc.charts does for a fixed width).
function legendColumns(width) {
  if (!width || width >= 600) return 0;
  return width < 420 ? 1 : 2;
}

function onScreen(el, spec) {
  const columns = legendColumns(el.clientWidth);
  if (columns) {
    for (const layer of spec.layer || []) {
      const legend = layer.encoding && layer.encoding.color && layer.encoding.color.legend;
      if (legend && legend.columns > columns) legend.columns = columns;
    }
  }
  const figure = el.closest("figure");
  if (!spec.title || !figure || !figure.querySelector("figcaption")) return spec;
  const { title, ...rest } = spec;
  return rest;
}

function draw(el) {
  if (el.dataset.qlsDrawn) return Promise.resolve();
  el.dataset.qlsDrawn = "pending";
  return Promise.all([specOf(el), loadVega(el)])
    .then(([spec]) => window.vegaEmbed(el, onScreen(el, spec), EMBED_OPTIONS))
    .then(() => { el.dataset.qlsDrawn = "yes"; })
    .catch((error) => { el.dataset.qlsDrawn = "failed"; console.error(error); });
}

// Starts drawing a little before a chart scrolls into view, so it is
// usually there by the time it is seen.
const observer =
  "IntersectionObserver" in window
    ? new IntersectionObserver(
        (entries) => {
          for (const entry of entries) {
            if (!entry.isIntersecting) continue;
            observer.unobserve(entry.target);
            draw(entry.target);
          }
        },
        { rootMargin: "300px 0px" },
      )
    : null;

export function renderCharts(scope = document) {
  const targets = [...scope.querySelectorAll("[data-qls-chart]:not([data-qls-drawn])")];
  if (!observer) return Promise.all(targets.map(draw));
  targets.forEach((el) => observer.observe(el));
  return Promise.resolve();
}

