"""Demo forum (filled in below)."""

from __future__ import annotations

from qls.organisation.demo import DemoContext, DemoStep, register


def build(ctx: DemoContext) -> None:
    return None


def register_step() -> None:
    register(DemoStep("forum", order=950, build=build))
