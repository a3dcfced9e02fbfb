"""The QI project registry: projects, driver diagrams, PDSA cycles, measures and evaluations.

A ``Project`` is registered by any member of staff, linked to at least one
strategic aim, and moves through stages (idea → scoping → testing →
implementing → sustaining → closed). Every move is a ``StageChange``; moves
past scoping wait for the project coach's approval. The driver diagram is a
tree of ``DriverNode`` rows (primary → secondary → change idea) under the
project's aim. Change ideas are tested in ``PDSACycle`` rows, linked into
ramps by ``previous``. ``Measure`` rows are either linked to a QLS metric
series or hold their own ``MeasureValue`` rows; ``Evidence`` caches, per
measure, whether a special cause in the direction of improvement followed an
adopted change. An ``Evaluation`` is written before closure.

One module per model group; every model is imported here so Django finds it
and ``qls.projects.models`` stays the one path importers use.
"""

from qls.projects.models.driver import DriverNode
from qls.projects.models.evaluation import Evaluation
from qls.projects.models.evidence import Evidence
from qls.projects.models.measure import RATIO_CHART_TYPES, Measure, MeasureValue
from qls.projects.models.member import ProjectMember
from qls.projects.models.pdsa import PDSACycle
from qls.projects.models.programme import Programme, Tag
from qls.projects.models.project import Project
from qls.projects.models.recalculation import Recalculation
from qls.projects.models.score import ProgressScore
from qls.projects.models.search import SearchDocument
from qls.projects.models.stage import STAGE_ORDER, Stage
from qls.projects.models.stage_change import StageChange

__all__ = [
    "RATIO_CHART_TYPES",
    "STAGE_ORDER",
    "DriverNode",
    "Evaluation",
    "Evidence",
    "Measure",
    "MeasureValue",
    "PDSACycle",
    "Programme",
    "ProgressScore",
    "Project",
    "ProjectMember",
    "Recalculation",
    "SearchDocument",
    "Stage",
    "StageChange",
    "Tag",
]
