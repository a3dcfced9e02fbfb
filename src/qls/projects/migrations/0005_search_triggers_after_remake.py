# On SQLite, 0004 (an index on updated_at) remade projects_searchdocument,
# which drops the triggers that keep the FTS5 index in step. Put them back and
# rebuild the index from the documents. PostgreSQL altered in place: nothing to do.

from django.db import migrations

SQLITE_TRIGGERS = [
    "CREATE TRIGGER IF NOT EXISTS projects_search_fts_ai AFTER INSERT ON projects_searchdocument "
    "BEGIN INSERT INTO projects_search_fts(rowid, title, summary, detail) "
    "VALUES (new.project_id, new.title, new.summary, new.detail); END",
    "CREATE TRIGGER IF NOT EXISTS projects_search_fts_ad AFTER DELETE ON projects_searchdocument "
    "BEGIN INSERT INTO projects_search_fts(projects_search_fts, rowid, title, summary, detail) "
    "VALUES ('delete', old.project_id, old.title, old.summary, old.detail); END",
    "CREATE TRIGGER IF NOT EXISTS projects_search_fts_au AFTER UPDATE ON projects_searchdocument "
    "BEGIN INSERT INTO projects_search_fts(projects_search_fts, rowid, title, summary, detail) "
    "VALUES ('delete', old.project_id, old.title, old.summary, old.detail); "
    "INSERT INTO projects_search_fts(rowid, title, summary, detail) "
    "VALUES (new.project_id, new.title, new.summary, new.detail); END",
    "INSERT INTO projects_search_fts(projects_search_fts) VALUES ('rebuild')",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_TRIGGERS:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0004_search_document_updated_index"),
    ]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
    ]
