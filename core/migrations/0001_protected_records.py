"""Records the database itself keeps, whatever the application's connection tries (docs/security.md).

The application connects as a login role that owns nothing (DATABASE_URL); this migration runs as
the owner role (MIGRATE_DATABASE_URL). It adds, in PostgreSQL:

- ``xuncha_append_only`` row triggers (refuse UPDATE and DELETE) on the append-only tables: lifecycle
  events, clue reads, every field-history table, failed sign-ins, evidence files and reviews. They
  stand beside pgtrigger's own ``append_only`` triggers because those step aside for anyone who sets
  ``pgtrigger.ignore``, which any role may set;
- ``xuncha_no_truncate`` statement triggers (refuse TRUNCATE, which fires no row trigger) on every
  record table: the append-only ones plus the export log, the sign-in log and the history context;
- ``xuncha_export_guard``: an export's who/what/when never change, its status only moves forward
  (pending → running → done or failed; a failed run may be retried) and a done export is final
  except that its expired file is removed;
- ``xuncha_context_guard``: a history context (who acted, from which request or service) is written
  once. pghistory upserts the context row on every tracked write (``INSERT … ON CONFLICT (id) DO
  UPDATE SET metadata = …``); that update is allowed in the transaction that created the row (its
  ``created_at`` is that transaction's ``now()``), skipped silently when pghistory's own upsert comes
  back in a later transaction (the metadata written first stands), and refused otherwise;
- ``xuncha_protect_records()``, which (re)installs the two generic triggers on the record tables and
  takes TRUNCATE (on every table), DELETE (on record tables) and UPDATE (on append-only tables; on
  the other record tables, UPDATE of all but the columns that may change) away from every role but
  the tables' owner. Run it again after adding a record table; the role set-up script
  (docker/postgres-init/roles.psql) runs it too.
"""

from django.db import migrations

SQL = r"""
CREATE OR REPLACE FUNCTION xuncha_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Cannot % rows of % (append-only record)', lower(TG_OP), TG_TABLE_NAME;
END;
$$;

CREATE OR REPLACE FUNCTION xuncha_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Cannot truncate % (its rows are records)', TG_TABLE_NAME;
END;
$$;

CREATE OR REPLACE FUNCTION xuncha_context_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'Cannot delete rows of % (history context)', TG_TABLE_NAME;
    END IF;
    IF NEW.id IS DISTINCT FROM OLD.id OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
        RAISE EXCEPTION 'Cannot update rows of % (history context)', TG_TABLE_NAME;
    END IF;
    -- _pgh_attach_context() inserts with created_at = now(): the row was made in this transaction,
    -- whose context may still gain metadata (a service entered inside the request).
    IF OLD.created_at = transaction_timestamp() THEN
        RETURN NEW;
    END IF;
    -- pghistory's upsert from inside a history trigger, in a later transaction of the same context:
    -- keep what was written first (returning NULL skips this row's update without an error).
    IF pg_trigger_depth() > 1 THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'Cannot update rows of % (history context)', TG_TABLE_NAME;
END;
$$;

CREATE OR REPLACE FUNCTION xuncha_export_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'Cannot delete rows of % (export log)', TG_TABLE_NAME;
    END IF;
    IF to_jsonb(NEW) = to_jsonb(OLD) THEN
        RETURN NEW;
    END IF;
    IF (NEW.id, NEW.user_id, NEW.ledger, NEW.filters, NEW.created_at)
       IS DISTINCT FROM (OLD.id, OLD.user_id, OLD.ledger, OLD.filters, OLD.created_at) THEN
        RAISE EXCEPTION 'Cannot update who exported which ledger with which filter, and when (%)', TG_TABLE_NAME;
    END IF;
    IF OLD.status = 'done' THEN
        IF (to_jsonb(NEW) - 'file') IS DISTINCT FROM (to_jsonb(OLD) - 'file') OR NEW.file <> '' THEN
            RAISE EXCEPTION 'Cannot update a finished export (%) except to remove its expired file', TG_TABLE_NAME;
        END IF;
        RETURN NEW;
    END IF;
    IF NOT ((OLD.status = NEW.status AND OLD.status IN ('pending', 'running'))
            OR (OLD.status, NEW.status) IN (('pending', 'running'), ('pending', 'done'), ('pending', 'failed'),
                                             ('running', 'done'), ('running', 'failed'), ('failed', 'running'))) THEN
        RAISE EXCEPTION 'Cannot move an export from % to % (%)', OLD.status, NEW.status, TG_TABLE_NAME;
    END IF;
    IF NEW.file IS DISTINCT FROM OLD.file AND NOT (OLD.file = '' AND NEW.status = 'done') THEN
        RAISE EXCEPTION 'Cannot change the file of an export (%) before it is done', TG_TABLE_NAME;
    END IF;
    RETURN NEW;
END;
$$;

CREATE OR REPLACE FUNCTION xuncha_protect_records() RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    -- Record tables whose rows change, in these columns only and as their guard trigger allows.
    updatable CONSTANT jsonb := '{
        "pghistory_context": ["metadata", "updated_at"],
        "inspections_export": ["status", "progress", "rows", "file", "error", "started_at", "finished_at", "expires_at"],
        "axes_accesslog": ["logout_time"]
    }';
    append_only regclass[];
    records regclass[];
    rel regclass;
    table_name text;
    grantee oid;
    may_update boolean;
    target text;
    columns text;
BEGIN
    SELECT coalesce(array_agg(DISTINCT c.oid::regclass), '{}') INTO append_only
      FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
       AND (c.relname IN ('axes_accessfailurelog', 'rectification_evidence', 'rectification_review')
            OR EXISTS (SELECT FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal
                         AND (t.tgname LIKE 'pgtrigger\_append\_only\_%' OR t.tgname = 'xuncha_append_only')));
    SELECT append_only || coalesce(array_agg(c.oid::regclass), '{}') INTO records
      FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace AND updatable ? c.relname;

    FOREACH rel IN ARRAY append_only LOOP
        EXECUTE format('CREATE OR REPLACE TRIGGER xuncha_append_only BEFORE UPDATE OR DELETE ON %s '
                       'FOR EACH ROW EXECUTE FUNCTION xuncha_refuse_change()', rel);
    END LOOP;
    FOREACH rel IN ARRAY records LOOP
        EXECUTE format('CREATE OR REPLACE TRIGGER xuncha_no_truncate BEFORE TRUNCATE ON %s '
                       'FOR EACH STATEMENT EXECUTE FUNCTION xuncha_refuse_truncate()', rel);
    END LOOP;

    -- Only a table's owner (the role that runs migrations) keeps TRUNCATE, REFERENCES and TRIGGER,
    -- DELETE on a record table and UPDATE on an append-only one; on the other record tables UPDATE
    -- narrows to the columns that may change.
    FOR rel, table_name, grantee, may_update IN
        SELECT c.oid::regclass, c.relname, a.grantee, bool_or(a.privilege_type = 'UPDATE')
          FROM pg_class c, aclexplode(c.relacl) a
         WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND a.grantee <> c.relowner
         GROUP BY 1, 2, 3
    LOOP
        target := CASE WHEN grantee = 0 THEN 'PUBLIC' ELSE grantee::regrole::text END;
        EXECUTE format('REVOKE TRUNCATE, REFERENCES, TRIGGER ON %s FROM %s', rel, target);
        IF rel = ANY (records) THEN
            EXECUTE format('REVOKE DELETE ON %s FROM %s', rel, target);
        END IF;
        IF rel = ANY (append_only) THEN
            EXECUTE format('REVOKE UPDATE ON %s FROM %s', rel, target);
        ELSIF rel = ANY (records) AND may_update THEN
            SELECT string_agg(quote_ident(attname), ', ') INTO columns
              FROM pg_attribute
             WHERE attrelid = rel AND NOT attisdropped
               AND attname::text IN (SELECT jsonb_array_elements_text(updatable -> table_name));
            EXECUTE format('REVOKE UPDATE ON %s FROM %s', rel, target);
            EXECUTE format('GRANT UPDATE (%s) ON %s TO %s', columns, rel, target);
        END IF;
    END LOOP;
END;
$$;
REVOKE EXECUTE ON FUNCTION xuncha_protect_records() FROM PUBLIC;

CREATE OR REPLACE TRIGGER xuncha_context_guard BEFORE UPDATE OR DELETE ON pghistory_context
    FOR EACH ROW EXECUTE FUNCTION xuncha_context_guard();
CREATE OR REPLACE TRIGGER xuncha_export_guard BEFORE UPDATE OR DELETE ON inspections_export
    FOR EACH ROW EXECUTE FUNCTION xuncha_export_guard();

SELECT xuncha_protect_records();
"""

# Privileges taken away stay taken away; the role set-up script grants what the application needs.
REVERSE = r"""
DO $$
DECLARE
    guard record;
BEGIN
    FOR guard IN
        SELECT t.tgname, t.tgrelid::regclass AS rel FROM pg_trigger t
         WHERE t.tgname IN ('xuncha_append_only', 'xuncha_no_truncate', 'xuncha_context_guard', 'xuncha_export_guard')
    LOOP
        EXECUTE format('DROP TRIGGER %I ON %s', guard.tgname, guard.rel);
    END LOOP;
END;
$$;
DROP FUNCTION IF EXISTS xuncha_protect_records();
DROP FUNCTION IF EXISTS xuncha_export_guard();
DROP FUNCTION IF EXISTS xuncha_context_guard();
DROP FUNCTION IF EXISTS xuncha_refuse_truncate();
DROP FUNCTION IF EXISTS xuncha_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_signin_logs_append_only"),
        ("inspections", "0005_audit_rows_append_only"),
        ("rectification", "0002_notification_statrun_schedules"),
        ("pghistory", "0007_auto_20250421_0444"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunSQL(SQL, REVERSE)]
