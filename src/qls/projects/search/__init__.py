"""Full-text search over projects, with filters: one interface, two database engines.

``search_projects(text, filters)`` returns a queryset of projects, best
match first. What a project is found by lives in its ``SearchDocument``
(title; problem, aim, tags and place; change ideas, PDSA notes and lessons),
rebuilt by ``index_projects`` whenever the project, its driver diagram, its
cycles or its evaluation change (see ``qls.projects.signals``) and in bulk by
``manage.py reindex_projects`` and the demo.

The engines differ only in SQL:

- SQLite: an FTS5 table ``projects_search_fts`` over the document table
  (external content, kept in step by triggers created in the migration),
  ranked by ``bm25`` with the title weighted highest, snippets by ``snippet``.
- PostgreSQL: a ``tsvector`` column on the document, weighted A/B/C and set
  by a trigger, GIN-indexed, matched by ``websearch_to_tsquery`` and ranked
  by ``ts_rank`` (Django's SearchQuery/SearchRank), snippets by
  ``ts_headline`` (SearchHeadline).

Anything else (filters, ordering, paging, export) is plain ORM and the same
on both.

One module per part: ``query`` (``search_projects``), ``filters``, ``terms``,
the two engines (``sqlite``, ``postgres``), ``snippets``, ``documents``
(``index_projects``) and ``signals``.
"""
