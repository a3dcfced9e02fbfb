"""Writes of the ward programme that touch several rows: plans, stages, events, issues.

Each action is keyword-only, runs in one transaction and raises a
``qls.wards.errors`` class with a message a person can act on; views turn
that into a form error or a flash message. Nothing is half-written.
"""
