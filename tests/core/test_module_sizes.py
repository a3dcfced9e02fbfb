"""scripts/module_sizes.py: the median and 90th percentile it prints are the ones a hand count gives."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "module_sizes.py"


@pytest.fixture(scope="module")
def module_sizes():
    """The script loaded from its file: scripts/ is not a package, and it runs as a plain file."""
    spec = importlib.util.spec_from_file_location("module_sizes", SCRIPT)
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    # Its dataclass looks itself up in sys.modules while the class is built.
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


def write(path: Path, lines: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x = 1\n" * lines)


@pytest.fixture
def tree(tmp_path):
    """Ten modules of 10, 20, ... 100 lines, plus a migration and a non-Python file that must not count."""
    for size in range(10, 101, 10):
        write(tmp_path / "qls" / "app" / f"m{size}.py", size)
    write(tmp_path / "qls" / "app" / "migrations" / "0001_initial.py", 5000)
    (tmp_path / "qls" / "app" / "README.md").write_text("not code\n" * 999)
    return tmp_path


def test_measure_leaves_out_migrations_and_other_files(module_sizes, tree):
    shape = module_sizes.measure(tree)

    assert shape.count == 10
    assert "qls/app/m100.py" in shape.sizes
    assert not any("migrations" in name for name in shape.sizes)


def test_median_of_an_even_count_is_the_mean_of_the_middle_two(module_sizes, tree):
    assert module_sizes.measure(tree).median == 55


def test_p90_is_the_nearest_rank_value(module_sizes, tree):
    # 90% of ten modules is nine: the ninth smallest, 90 lines.
    assert module_sizes.measure(tree).p90 == 90


def test_p90_rounds_the_rank_up(module_sizes):
    # 90% of 11 values is rank 9.9, rounded up to the tenth smallest.
    assert module_sizes.percentile(list(range(1, 12)), 90) == 10


def test_largest_lists_the_biggest_first(module_sizes, tree):
    largest = module_sizes.measure(tree).largest(3)

    assert largest == [("qls/app/m100.py", 100), ("qls/app/m90.py", 90), ("qls/app/m80.py", 80)]


def test_report_shows_targets_beside_the_figures(module_sizes, tree, capsys):
    assert module_sizes.main([str(tree)]) == 0

    out = capsys.readouterr().out
    assert "modules: 10" in out
    assert "median:  55 lines (target <= 70, ok)" in out
    assert "p90:     90 lines (target <= 320, ok)" in out
    assert "qls/app/m100.py" in out
