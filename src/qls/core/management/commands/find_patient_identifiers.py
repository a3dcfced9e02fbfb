"""Sweep the database for patient identifiers in stored text, and optionally remove them.

    manage.py find_patient_identifiers
    manage.py find_patient_identifiers --redact --reason "Sweep after the screen was widened"

Lists each hit (record, field, current text or a history row, and the kind
of identifier) without printing the text itself. With ``--redact``, current
text is replaced with the placeholder (and its history with it), and
history rows of records whose current text is clean are overwritten; every
change is recorded in the audit history with the reason.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from qls.core import redaction


class Command(BaseCommand):
    help = "List (or with --redact, remove) patient identifiers in stored text and its history."

    def add_arguments(self, parser):
        parser.add_argument("--redact", action="store_true", help="Remove what is found.")
        parser.add_argument(
            "--reason", default="", help="Required with --redact; kept in the history."
        )
        parser.add_argument(
            "--current-only", action="store_true", help="Skip the audit history tables."
        )

    def handle(self, *args, redact: bool, reason: str, current_only: bool, **options):
        reason = reason.strip()
        if redact and not reason:
            raise CommandError("--redact needs --reason, which is kept in the audit history.")
        if len(reason) > redaction.REASON_MAX_LENGTH:
            raise CommandError(
                f"--reason must be {redaction.REASON_MAX_LENGTH} characters or fewer."
            )
        hits = list(redaction.scan(history=not current_only))
        for hit in hits:
            self.stdout.write(hit.where)
        self.stdout.write(f"{len(hits)} patient identifier(s) found.")
        if not redact or not hits:
            return
        current = {}
        old = set()
        for hit in hits:
            if hit.history_id is None:
                current.setdefault((hit.model, hit.pk), set()).add(hit.field)
            else:
                old.add((hit.model, hit.pk, hit.field))
        redacted = skipped = 0
        for (model, pk), fields in current.items():
            text = {f.name for f in redaction.text_fields(model)}
            if fields - text:  # uploaded files: their names are fixed by deleting the file
                skipped += 1
                self.stderr.write(
                    f"Not redacted, not text: {model._meta.label} {pk} {sorted(fields - text)}"
                )
            if fields & text:
                obj = model._default_manager.get(pk=pk)
                redaction.redact(obj=obj, fields=sorted(fields & text), reason=reason, by=None)
                redacted += 1
        purged = 0
        for model, pk, field in sorted(old, key=lambda k: (k[0]._meta.label, str(k[1]), k[2])):
            if (model, pk) in current and field in current[(model, pk)]:
                continue  # already purged with the record
            purged += redaction.purge_history(
                model=model, pk=pk, field=field, reason=reason, by=None
            )
        self.stdout.write(
            f"Redacted {redacted} record(s); overwrote {purged} further history row(s)"
            + (f"; {skipped} need a person to remove a file." if skipped else ".")
        )
