"""Demo and benchmark data: the 荆州 demo data set (``seed_demo``) and ``seed_demo --scale N``.

The demo data set follows the seed document: 18 rounds, 203 party organisations, 5938 issues
fed back of which 5847 closed, 937 clues transferred, 2437 persons held accountable, 56
transferred to judiciary, 52,000万元 recovered or saved. Those totals are exact; everything
else is drawn from a seeded random generator. Dates are laid out backwards from today so that
"overdue" and "due soon" mean something on the day the demo is loaded; a load is therefore
deterministic for a given day.

Both loads write with PostgreSQL COPY inside one transaction (:func:`demo.copy.bulk_load`) and
skip the field-history triggers (``pgtrigger.ignore``): loaded rows are a starting state, not
anybody's change, so their history starts with the first real action on them.

Modules: ``accounts`` (offices and the eight demo logins), ``figures`` (the seed document's
totals and the demo's timeline), ``names`` (name pools and texts), ``catalogue`` (the demo
city's units and rounds), ``city`` with ``city_issues`` and ``city_clues`` (the demo data set),
``scale`` with ``scale_rows`` (benchmark data), ``copy`` (bulk loading through COPY); the
command is ``management/commands/seed_demo.py``.
"""
