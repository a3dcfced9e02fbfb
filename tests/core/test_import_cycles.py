"""scripts/import_cycles.py: finds each cycle once, and none in a graph that has none."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "import_cycles.py"


@pytest.fixture(scope="module")
def import_cycles():
    spec = importlib.util.spec_from_file_location("import_cycles", SCRIPT)
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop(spec.name, None)


def test_a_chain_without_a_way_back_has_no_cycle(import_cycles):
    graph = {"qls.a.x": {"qls.a.y"}, "qls.a.y": {"qls.b.z"}, "qls.b.z": set()}

    assert import_cycles.components(graph) == []


def test_each_cycle_is_listed_once_from_its_first_module(import_cycles):
    graph = {"a": {"b"}, "b": {"a", "c"}, "c": {"a"}, "d": {"a"}}

    [members] = import_cycles.components(graph)

    assert members == ["a", "b", "c"]
    assert list(import_cycles.cycles(graph, members)) == [["a", "b"], ["a", "b", "c"]]


def test_modules_without_a_cycle_can_make_one_between_packages(import_cycles):
    graph = {"qls.core.nav": {"qls.accounts.roles"}, "qls.accounts.forms": {"qls.core.forms"}}
    graph |= {"qls.accounts.roles": set(), "qls.core.forms": set()}

    packages = import_cycles.package_graph(graph)

    assert import_cycles.components(graph) == []
    assert import_cycles.components(packages) == [["qls.accounts", "qls.core"]]


def test_the_exit_code_says_whether_qls_has_cycles(import_cycles, capsys):
    code = import_cycles.main([])

    last = capsys.readouterr().out.strip().splitlines()[-1]
    printed = int(last.split(", ")[1].split()[0])
    assert code == (1 if printed else 0)
