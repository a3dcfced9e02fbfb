"""The demo trust: synthetic data to explore QLS with, built by ``manage.py demo``.

Nothing else in QLS imports this package; the web process never loads it.
"""
