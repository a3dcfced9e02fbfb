"""The web process never loads the demo builders.

Only ``manage.py demo`` needs them; a process serving pages imports the demo
app's package and its app config (so that the command is found), nothing more.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"

SCRIPT = """
import json, sys
import django
django.setup()
import qls.urls
from qls.wsgi import application
print(json.dumps(sorted(sys.modules)))
"""


def test_setting_up_django_and_its_urls_imports_no_demo_module(tmp_path):
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
        "DJANGO_SETTINGS_MODULE": "qls.settings_test",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    modules = json.loads(result.stdout.strip().splitlines()[-1])
    demo = [name for name in modules if _is_demo_code(name)]
    assert "qls.demo.apps" in modules  # the check sees the demo app being installed
    assert demo == []


def _is_demo_code(name: str) -> bool:
    if name in ("qls.demo", "qls.demo.apps") or not name.startswith("qls."):
        return False
    last = name.rsplit(".", 1)[-1]
    return name.startswith("qls.demo.") or last == "demo" or last.startswith("demo_")
