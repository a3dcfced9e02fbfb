"""The fixed vocabularies of quality data: sensitivity, cadence, frequency, chart
type, improvement direction, org level and inequality strata."""

from __future__ import annotations

from django.db import models


class Sensitivity(models.TextChoices):
    OPEN = "open", "Open: aggregated, may be published"
    INTERNAL = "internal", "Internal: all staff"
    RESTRICTED = "restricted", "Restricted: small numbers, analysts only at record level"


class RefreshCadence(models.TextChoices):
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    AD_HOC = "ad_hoc", "Ad hoc"


class Frequency(models.TextChoices):
    """How often a metric is measured. Periods are stored as their first day;
    weeks start on Monday, months on the 1st, quarters on 1 January, April,
    July or October (``qls.core.periods``)."""

    DAY = "day", "Daily"
    WEEK = "week", "Weekly"
    MONTH = "month", "Monthly"
    QUARTER = "quarter", "Quarterly"


class ChartType(models.TextChoices):
    XMR = "xmr", "XmR (individuals)"
    P = "p", "p chart (proportion)"
    U = "u", "u chart (rate)"
    C = "c", "c chart (count)"
    G = "g", "g chart (events between)"
    T = "t", "t chart (time between)"
    RUN = "run", "Run chart"


class ImprovementDirection(models.TextChoices):
    INCREASE = "increase", "Higher is better"
    DECREASE = "decrease", "Lower is better"
    NEUTRAL = "neutral", "Neither (monitor only)"


class Level(models.TextChoices):
    TRUST = "trust", "Trust"
    SITE = "site", "Site"
    WARD = "ward", "Ward"


class StratumDimension(models.TextChoices):
    """Health-inequality splits a metric may declare. The values inside each
    dimension are free codes (e.g. IMD quintile "1".."5", NHS Data Dictionary
    ethnic category letters, age bands like "65-74", sex "F"/"M")."""

    IMD_QUINTILE = "imd_quintile", "IMD quintile"
    ETHNIC_GROUP = "ethnic_group", "Ethnic group"
    AGE_BAND = "age_band", "Age band"
    SEX = "sex", "Sex"
