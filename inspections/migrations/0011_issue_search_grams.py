# Chinese substring search with an index (issue 13). pg_trgm needs three characters and most
# Chinese searches are two (“工程”, “津贴”), so each finding carries the set of its characters and
# character pairs (upper-cased) of its code and title in a generated column with a GIN index.
# A search for q asks for the rows whose set holds every pair of q (every character when q is one
# character), then rechecks the substring with LIKE: the answer is exactly today's substring
# match, the index only narrows it. The column is computed by the database on every INSERT and
# UPDATE (COPY included), so it is never stale; Django does not know it (it is not a model field,
# so the field history does not copy it).

from django.db import migrations

GRAMS = r"""
-- plpgsql, not SQL: a SQL function that cannot be inlined is planned again on every call
-- (0.5 ms a row); this one runs in about 30 µs for a title. Duplicates are left in the array:
-- GIN keeps each key once per row anyway.
CREATE OR REPLACE FUNCTION xuncha_search_grams(t text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    chars text[] := regexp_split_to_array(upper(t), '');
    n int := cardinality(chars);
    grams text[] := chars;
BEGIN
    FOR i IN 1 .. n - 1 LOOP
        grams[n + i] := chars[i] || chars[i + 1];
    END LOOP;
    RETURN grams;
END
$$;

CREATE OR REPLACE FUNCTION xuncha_query_grams(q text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN length(q) < 2 THEN ARRAY[upper(q)]
           ELSE (SELECT array_agg(DISTINCT substr(upper(q), i, 2)) FROM generate_series(1, length(q) - 1) i)
           END
$$;

ALTER TABLE inspections_issue ADD COLUMN search_grams text[]
    GENERATED ALWAYS AS (xuncha_search_grams(code || E'\n' || title)) STORED;
CREATE INDEX issue_search_grams ON inspections_issue USING gin (search_grams);
"""

UNGRAMS = """
DROP INDEX IF EXISTS issue_search_grams;
ALTER TABLE inspections_issue DROP COLUMN IF EXISTS search_grams;
DROP FUNCTION IF EXISTS xuncha_query_grams(text);
DROP FUNCTION IF EXISTS xuncha_search_grams(text);
"""


class Migration(migrations.Migration):
    dependencies = [("inspections", "0010_assignment_carried_by")]

    operations = [migrations.RunSQL(GRAMS, UNGRAMS)]
