from __future__ import annotations

from pathlib import Path

from qls.accounts.roles import ROLE_PERMISSIONS

DOC = Path(__file__).resolve().parents[2] / "docs/authentication.md"


def test_authentication_doc_names_every_role_and_permission():
    text = DOC.read_text(encoding="utf-8")
    missing = [
        item
        for role, perms in ROLE_PERMISSIONS.items()
        for item in [f"| {role} |", *(f"`{perm}`" for perm in perms)]
        if item not in text
    ]
    assert not missing, f"docs/authentication.md does not mention {sorted(set(missing))}"
