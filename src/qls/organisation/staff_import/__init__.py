"""Staff import from an Electronic Staff Record (ESR) style extract, CSV or XLSX.

The whole file is read and validated before anything is written, then every
row is written in one transaction, so a file is either imported completely or
refused with a list of what is wrong (line number and reason) and the
database is untouched. Re-importing is safe: rows are matched on staff
number, and rows whose values have not changed are not written at all.

Reading the file (CSV/XLSX, size and row limits) is in staff_files; this
package maps columns (``columns``), checks every row (``rows``, ``row``,
``lookups``) and writes (``writing``); ``importing`` holds the entry points.
The format (columns, accepted values, limits, messages) is described for
users in docs/data-import-formats.md; keep the two in step.
"""
