"""scripts/coverage_by_app.py: coverage per app from the data file, and the floor enforced."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import coverage
import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "coverage_by_app.py"
PACKAGE = ROOT / "src" / "qls"


@pytest.fixture(scope="module")
def by_app():
    spec = importlib.util.spec_from_file_location("coverage_by_app", SCRIPT)
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


def test_files_are_grouped_by_the_app_they_live_in(by_app):
    assert by_app.app_of(str(PACKAGE / "wards" / "views" / "home.py")) == "qls.wards"
    assert by_app.app_of(str(PACKAGE / "reports" / "files.py")) == "qls.reports"
    assert by_app.app_of(str(PACKAGE / "urls.py")) == "qls"
    rows = by_app.by_app(
        {
            str(PACKAGE / "wards" / "a.py"): (10, 4),
            str(PACKAGE / "wards" / "views" / "b.py"): (30, 6),
            str(PACKAGE / "spc" / "c.py"): (20, 20),
        }
    )
    assert rows == {"qls.spc": (20, 20), "qls.wards": (40, 10)}
    lines = by_app.table(rows)
    assert lines[1].split() == ["qls.spc", "20", "20", "0.0%"]
    assert lines[2].split() == ["qls.wards", "40", "10", "75.0%"]
    assert lines[-1].split() == ["Total", "60", "30", "50.0%"]


def _data_file(tmp_path: Path) -> Path:
    """A data file in which one module of the ward programme ran in full."""
    path = tmp_path / ".coverage"
    ran = PACKAGE / "wards" / "errors.py"
    cov = coverage.Coverage(data_file=None, config_file=str(ROOT / "pyproject.toml"))
    statements = cov.analysis2(str(ran))[1]
    data = coverage.CoverageData(basename=str(path))
    data.add_lines({str(ran): statements})
    data.write()
    return path


def test_the_report_shows_each_app_and_passes_above_the_floor(by_app, tmp_path, capsys):
    assert by_app.main(["--data", str(_data_file(tmp_path)), "--fail-under", "0"]) == 0
    out = capsys.readouterr().out
    wards = next(line for line in out.splitlines() if line.startswith("qls.wards "))
    assert not wards.endswith(" 0.0%")
    assert next(line for line in out.splitlines() if line.startswith("qls.spc ")).endswith("0.0%")
    assert "floor 0.0%" in out


def test_a_total_below_the_floor_fails(by_app, tmp_path, capsys):
    assert by_app.main(["--data", str(_data_file(tmp_path)), "--fail-under", "99"]) == 2
    assert "below the floor of 99.0%" in capsys.readouterr().out
