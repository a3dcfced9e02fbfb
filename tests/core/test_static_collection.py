"""Production collects static files into a manifest (docs/deployment.md).

The manifest storage rewrites every URL a CSS or JS file refers to, and
refuses a file that points at something missing (a source map left out of
the vendored copy, an image renamed): that would stop a deployment, so it
is checked here with the manifest storage that production's WhiteNoise storage
extends (it adds compressed copies, which take long and check nothing more).
"""

from __future__ import annotations

import json

from django.core.management import call_command
from django.templatetags.static import static


def test_collectstatic_with_the_production_manifest_storage(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for asset in (
        "vendor/vega/vega.min.js",
        "vendor/nhsuk-frontend/nhsuk-frontend.min.css",
        "qls/charts.js",
    ):
        assert asset in manifest, asset
        assert (tmp_path / manifest[asset]).exists()
    # Pages then link the hashed names.
    assert static("vendor/vega/vega.min.js").endswith(manifest["vendor/vega/vega.min.js"])
