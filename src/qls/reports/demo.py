"""Demo data for board reports (demo step "reports", order 900)."""

from __future__ import annotations

from qls.organisation.demo import DemoContext, DemoStep, register


def build(ctx: DemoContext) -> None:
    return None


def register_step() -> None:
    register(DemoStep("reports", order=900, build=build))
