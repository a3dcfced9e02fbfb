"""Rejected-row reasons stored before reasons stopped quoting cells keep only what may be quoted.

Older imports (and their audit history) hold reasons such as "unknown org unit
code 'John Smith DOB 01/02/1950'". Each quoted value that is not shaped like a
code, date or number is replaced by a note; the line number and the problem
stay. The rule is the one in ``qls.measurement.importing.privacy``, copied here
so this migration keeps meaning what it meant when it ran.
"""

import re

from django.db import migrations

_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./-]{0,39}")
_DIGITS = re.compile(r"[0-9]{6}")
_QUOTED = re.compile(r"(?<=\s)'(.*?)'(?=[\s;,)]|\.?$)")
NOT_REPEATED = "(the text is not repeated here)"


def _scrub(text):
    if not isinstance(text, str):
        return text

    def replace(match):
        inner = match.group(1)
        if _CODE.fullmatch(inner) and not _DIGITS.search(inner):
            return match.group(0)
        return NOT_REPEATED

    return _QUOTED.sub(replace, text)


def _scrub_rows(rows):
    if not isinstance(rows, list):
        return rows
    return [
        {**row, "reason": _scrub(row.get("reason"))} if isinstance(row, dict) else row
        for row in rows
    ]


def scrub(apps, schema_editor):
    for name in ("Import", "HistoricalImport"):
        model = apps.get_model("measurement", name)
        changed = []
        for item in model.objects.only("pk", "rejected_rows", "error", "message").iterator():
            rows, error, message = (
                _scrub_rows(item.rejected_rows),
                _scrub(item.error),
                _scrub(item.message),
            )
            if (rows, error, message) != (item.rejected_rows, item.error, item.message):
                item.rejected_rows, item.error, item.message = rows, error, message
                changed.append(item)
        model.objects.bulk_update(changed, ["rejected_rows", "error", "message"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("measurement", "0004_record_definition_complete")]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
