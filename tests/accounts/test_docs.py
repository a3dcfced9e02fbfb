from __future__ import annotations

from pathlib import Path

from qls.accounts.roles import ROLE_PERMISSIONS

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_authentication_doc_names_every_role_and_every_permission_is_documented():
    # The role table lives in docs/authentication.md; each area's permissions
    # may be explained in that area's own page of docs/.
    roles_doc = (DOCS / "authentication.md").read_text(encoding="utf-8")
    every_doc = "\n".join(p.read_text(encoding="utf-8") for p in DOCS.glob("*.md"))
    missing = [f"| {role} |" for role in ROLE_PERMISSIONS if f"| {role} |" not in roles_doc]
    missing += [
        f"`{perm}`"
        for perms in ROLE_PERMISSIONS.values()
        for perm in perms
        if f"`{perm}`" not in every_doc
    ]
    assert not missing, f"docs/ does not mention {sorted(set(missing))}"
