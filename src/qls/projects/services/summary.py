"""What a page shows about one measure: its chart, icons and any proposed recalculation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qls.core.charts import Chart
from qls.measurement.charts.series import assurance_basis
from qls.projects.charts import chart_events, measure_chart
from qls.projects.evidence import Adoption
from qls.projects.measure_analysis import MeasureAnalysis, NotEnoughData, analyse_measure
from qls.projects.models import Measure
from qls.projects.recalculation import current_proposal
from qls.spc import SpcInputError
from qls.spc.charts import ICON_LABELS, assurance_icon_svg, variation_icon_svg


@dataclass
class MeasureSummary:
    """Everything a page shows about one measure."""

    measure: Measure
    chart: Chart | None
    analysis: MeasureAnalysis | None
    problem: str = ""
    variation_svg: str = ""
    assurance_svg: str = ""
    variation_label: str = ""
    assurance_label: str = ""
    assurance_basis: str = ""
    proposal: Any = None  # a recalculation QLS proposes, waiting for the coach


def measure_summary(
    measure: Measure,
    events: list[dict[str, Any]] | None = None,
    adopted: list[Adoption] | None = None,
) -> MeasureSummary:
    events = chart_events(measure.project) if events is None else events
    try:
        analysis = analyse_measure(measure, adopted=adopted)
    except NotEnoughData:
        return MeasureSummary(
            measure, None, None, problem="Enter at least two periods of data to see the SPC chart."
        )
    except SpcInputError as error:
        return MeasureSummary(measure, None, None, problem=f"The data cannot be charted: {error}")
    view = MeasureSummary(measure, measure_chart(analysis, events), analysis)
    if analysis.variation_icon:
        view.variation_label = ICON_LABELS.get(analysis.variation_icon, "")
        view.variation_svg = variation_icon_svg(analysis.variation_icon, size=44)
    if analysis.assurance_icon:
        view.assurance_label = ICON_LABELS.get(analysis.assurance_icon, "")
        view.assurance_svg = assurance_icon_svg(analysis.assurance_icon, size=44)
        view.assurance_basis = assurance_basis(analysis.assurance_icon, analysis.segment_start)
    view.proposal = current_proposal(measure, analysis, analysis.adopted)
    return view
