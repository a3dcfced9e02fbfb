"""What the system dashboard shows, from ``visible_series`` only.

An organisation's organisation-level series of a metric is the host trust's
trust-level series, or a partner's site-level series (one per site: a
partner with several sites is pooled where the measure allows it). Every
series comes through ``qls.measurement.sharing.visible_series``, so a
partner's unshared data is never read, let alone shown.
"""
