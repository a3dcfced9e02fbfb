"""What each role may do in this area (registered into qls.accounts.roles).

Every signed-in role reads the catalogue, metrics and data and may hold API
tokens. Data analysts (and admins) maintain the catalogue and metric
definitions and run imports; partner analysts run imports of their own
organisation's data; ``measurement.add_import`` is also what the API
push endpoint checks.
"""

from __future__ import annotations

from qls.accounts.roles import Role

VIEW_DATA = "measurement.view_metric"
VIEW_DATASETS = "measurement.view_dataset"
MANAGE_DATASETS = "measurement.change_dataset"
MANAGE_METRICS = "measurement.change_metric"
RUN_IMPORTS = "measurement.add_import"
VIEW_IMPORTS = "measurement.view_import"
USE_API = "measurement.add_apitoken"

_READ = [
    VIEW_DATASETS,
    "measurement.view_datasetfield",
    VIEW_DATA,
    "measurement.view_series",
    "measurement.view_observation",
    USE_API,
]

_MANAGE = [
    "measurement.add_dataset",
    MANAGE_DATASETS,
    "measurement.add_metric",
    MANAGE_METRICS,
    "measurement.add_rebasepoint",
    "measurement.change_rebasepoint",
    "measurement.delete_rebasepoint",
    RUN_IMPORTS,
    VIEW_IMPORTS,
]

GRANTS: dict[str, list[str]] = {role: list(_READ) for role in Role}
GRANTS[Role.DATA_ANALYST] = [*_READ, *_MANAGE]
GRANTS[Role.ADMIN] = [*_READ, *_MANAGE]
# A partner's analyst imports their own organisation's returns (the importer
# refuses units of any other organisation) and follows those imports.
GRANTS[Role.PARTNER_ANALYST] = [*_READ, RUN_IMPORTS, VIEW_IMPORTS]
