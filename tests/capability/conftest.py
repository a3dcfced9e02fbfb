"""Shared fixtures for the training tests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories.capability import CohortFactory, CourseFactory
from tests.factories.organisation import StaffMemberFactory


@pytest.fixture
def staff_of(db):
    """``staff_of(user)`` links a user to a new staff record and returns it."""

    def make(user, **kwargs):
        return StaffMemberFactory(user=user, **kwargs)

    return make


@pytest.fixture
def practitioner(db):
    return CourseFactory(practitioner=True)


@pytest.fixture
def fundamentals(db):
    return CourseFactory(fundamentals=True)


@pytest.fixture
def past_practitioner_cohort(practitioner):
    """A practitioner cohort whose five weekly sessions are all in the past."""
    start = timezone.localdate() - dt.timedelta(days=40)
    return CohortFactory(course=practitioner, start_date=start, capacity=10)
