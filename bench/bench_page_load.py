"""Benchmark: pages in the browser, from request to load event, against "< 0.5 s".

    .venv/bin/python bench/bench_page_load.py [--runs 5] [--scale standard]
        [--port 8766] [--workers 2] [--threads 8] [--keep PATH] [--reuse]
        [--database-url URL]

Builds the standard demo (organisation, measurement and projects) into a
throwaway database, serves it with gunicorn as a production site would
(DEBUG off, static files collected), and signs in through the log-in form
in headless Chromium (Playwright driving /usr/bin/chromium, or
$QLS_CHROMIUM). Every request that would leave the machine is refused, as it
would be on a ward PC without internet access.

For each page it visits once to warm the server's caches and the browser's
cache of static files (a returning user), then ``--runs`` times, and prints
the median time from the start of the navigation to the end of the load
event beside the target; the static accessibility statement is printed for
reference only. It also prints, for information, when every chart in the
first screen was drawn, since charts draw as they come into view and so
after the load event. Exits non-zero when a page misses its target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from _bench_db import add_database_options, build_demo_up_to, open_database, serve

TARGET_S = 0.5
CHROMIUM = os.environ.get("QLS_CHROMIUM", "/usr/bin/chromium")

# Milliseconds from the navigation's start to the end of its load event.
LOAD_MS = """() => {
    const nav = performance.getEntriesByType("navigation")[0];
    return nav && nav.loadEventEnd > 0 ? nav.loadEventEnd - nav.startTime : null;
}"""
# performance.now() once every chart within the first screen is drawn (or
# failed); null while some are still to draw.
CHARTS_IN_VIEW_MS = """() => {
    const inView = [...document.querySelectorAll("[data-qls-chart]")].filter(
        (el) => el.getBoundingClientRect().top < window.innerHeight);
    const done = inView.every((el) => ["yes", "failed"].includes(el.dataset.qlsDrawn));
    return done ? {ms: performance.now(), charts: inView.length} : null;
}"""


def _pages() -> list[tuple[str, str, bool]]:
    """(name, path, has a target) of the pages measured, from the demo's data."""
    from django.db.models import Count

    from qls.measurement.models import Series
    from qls.projects.models import Project

    def most(level: str, field: str) -> str:
        top = (
            Series.objects.filter(level=level, stratum_dimension="")
            .exclude(variation_icon="")
            .values(field)
            .annotate(n=Count("id"))
            .order_by("-n", field)
            .first()
        )
        if not top:
            raise SystemExit(f"the demo has no {level} series")
        return top[field]

    strata = (
        Series.objects.filter(level="trust")
        .exclude(stratum_dimension="")
        .values("metric__code")
        .annotate(n=Count("id"))
        .order_by("-n", "metric__code")
        .first()
    )
    project = (
        Project.objects.annotate(n=Count("measures")).filter(n__gt=0).order_by("-n", "pk").first()
    )
    if not strata or not project:
        raise SystemExit("the demo has no stratified metric or no project with measures")
    return [
        ("trust dashboard", "/data/", True),
        ("site dashboard", f"/data/sites/{most('site', 'site__code')}/", True),
        ("ward dashboard", f"/data/wards/{most('ward', 'ward__code')}/", True),
        ("project page", project.get_absolute_url(), True),
        ("inequalities", f"/data/metrics/{strata['metric__code']}/inequalities/", True),
        ("static page", "/accessibility/", False),
    ]


def _measure(page, url: str) -> dict[str, float]:
    """Seconds from the navigation's start to its first byte, the DOM being
    ready and the end of the load event; when the charts in the first screen
    were drawn (None without any); how many; and the HTML's bytes."""
    response = page.goto(url, wait_until="load")
    if response is None or response.status != 200 or "/accounts/login" in page.url:
        raise SystemExit(f"{url} answered {response.status if response else 'nothing'}")
    load = page.wait_for_function(LOAD_MS).json_value()
    drawn = page.wait_for_function(CHARTS_IN_VIEW_MS, polling="raf", timeout=60_000).json_value()
    nav = page.evaluate(
        """() => { const n = performance.getEntriesByType("navigation")[0];
        return {start: n.startTime, first_byte: n.responseStart - n.startTime,
                dom: n.domContentLoadedEventEnd - n.startTime, size: n.decodedBodySize}; }"""
    )
    return {
        "load": load / 1000,
        "first_byte": nav["first_byte"] / 1000,
        "dom": nav["dom"] / 1000,
        "charts_drawn": (drawn["ms"] - nav["start"]) / 1000 if drawn["charts"] else None,
        "charts": drawn["charts"],
        "size": nav["size"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--scale", default="standard", choices=["standard", "full"])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    add_database_options(parser, "qls_bench_page_load")
    args = parser.parse_args()

    if not Path(CHROMIUM).exists():
        raise SystemExit(f"Chromium not found at {CHROMIUM} (make system-deps, or QLS_CHROMIUM)")
    os.environ["SECRET_KEY"] = "bench-only-" + os.urandom(16).hex()
    db_url, tmp = open_database(args, prefix="qls-bench-page-")
    from django.db import connection

    from qls.demo.organisation.logins import DEMO_PASSWORD

    if not args.reuse:
        build_demo_up_to("projects", args.scale, staff_count=300)
    pages = _pages()
    connection.close()

    from playwright.sync_api import sync_playwright

    base = f"http://127.0.0.1:{args.port}"
    server = serve(db_url, args.port, args.workers, args.threads)
    refused: list[str] = []
    results = []
    try:
        with sync_playwright() as pw:
            # Names other than the loopback do not resolve: nothing leaves the
            # machine, and no request waits on Python to be let through.
            browser = pw.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"],
            )
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.on(
                "requestfailed",
                lambda request: (
                    refused.append(request.url) if not request.url.startswith(base) else None
                ),
            )
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            page.get_by_label("Username").fill("staff")
            page.get_by_label("Password").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url(lambda url: "/accounts/login" not in url)
            for name, path, has_target in pages:
                _measure(page, base + path)  # warm-up
                runs = [_measure(page, base + path) for _ in range(args.runs)]
                results.append((name, path, has_target, runs))
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)

    print()
    print(
        f"{connection.vendor}, gunicorn {args.workers} workers x {args.threads} threads, "
        f"Chromium headless 1280x800; median of {args.runs} runs after one warm-up; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"{'page':<17}{'HTML KiB':>9}{'1st byte':>9}{'DOM':>6}{'load s':>8}{'slowest':>8}"
        f"  {'target':<10}{'result':<7}charts in first screen drawn (s)"
    )
    missed = []
    for name, _path, has_target, runs in results:

        def median(key: str, runs: list[dict] = runs) -> float:
            return statistics.median(r[key] for r in runs)

        load = median("load")
        drawn = [r["charts_drawn"] for r in runs if r["charts_drawn"] is not None]
        drawn_text = f"{statistics.median(drawn):.2f} ({runs[-1]['charts']})" if drawn else "-"
        if has_target:
            verdict = "pass" if load < TARGET_S else "FAIL"
            target = f"< {TARGET_S} s"
            if verdict == "FAIL":
                missed.append(name)
        else:
            verdict, target = "", "reference"
        print(
            f"{name:<17}{runs[-1]['size'] / 1024:>9,.0f}{median('first_byte'):>9.2f}"
            f"{median('dom'):>6.2f}{load:>8.2f}{max(r['load'] for r in runs):>8.2f}"
            f"  {target:<10}{verdict:<7}{drawn_text}"
        )
    for name, path, *_ in results:
        print(f"  {name}: {path}")
    if refused:
        print(
            f"refused {len(refused)} requests that would have left the machine, first: {refused[0]}"
        )
    if tmp:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    if missed:
        print(f"missed the target: {', '.join(missed)}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
