"""The ``>>>`` examples in the public docstrings run and stay true."""

from __future__ import annotations

import doctest

import pytest

import qls.spc
import qls.spc._engine
import qls.spc._names
import qls.spc.runs
import qls.spc.scaling


@pytest.mark.parametrize(
    "module", [qls.spc, qls.spc._engine, qls.spc._names, qls.spc.runs, qls.spc.scaling]
)
def test_docstring_examples(module: object) -> None:
    result = doctest.testmod(module, verbose=False)  # type: ignore[arg-type]
    assert result.attempted > 0
    assert result.failed == 0
