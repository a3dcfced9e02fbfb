"""What the trust, site and ward dashboards show, read from the SPC cache.

A :class:`Scope` is one org unit (the trust, a site or a ward). For a scope
this package gives its own series (one per metric, whole population), the
summary matrix of variation against assurance icons, and the early warning
list: series at that unit *and every unit under it* whose latest points show
special cause concern.
"""
