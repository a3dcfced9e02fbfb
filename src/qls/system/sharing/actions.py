"""Writes of metric sharing that are not the measurement app's own.

Sharing and withdrawing go through ``qls.measurement.sharing``
(``share_metric``, ``withdraw_share``); this module stores an agreement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from qls.measurement.models import DataSharingAgreement
from qls.organisation.models import Organisation


def upload_agreement(
    *,
    name: str,
    signed_on: dt.date,
    document: Any,
    organisations: Iterable[Organisation],
    by: Any,
) -> DataSharingAgreement:
    """Store a signed agreement and the organisations that signed it."""
    with transaction.atomic():
        agreement = DataSharingAgreement(
            name=name, signed_on=signed_on, document=document, uploaded_by=by
        )
        agreement.full_clean()
        agreement.save()
        agreement.organisations.set(list(organisations))
    return agreement
