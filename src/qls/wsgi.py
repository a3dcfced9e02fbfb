"""WSGI entry point: ``gunicorn qls.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qls.settings")
application = get_wsgi_application()
