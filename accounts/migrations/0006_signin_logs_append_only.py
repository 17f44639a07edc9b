"""Sign-in logs are audit rows: the database refuses to delete them or rewrite them.

django-axes keeps failed sign-ins in axes_accessfailurelog (insert only) and sign-ins in
axes_accesslog, whose only legitimate change is stamping logout_time when the user signs out.
"""

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION xuncha_signin_log_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'Cannot delete rows from % (audit log)', TG_TABLE_NAME;
    END IF;
    IF TG_TABLE_NAME = 'axes_accesslog'
       AND (to_jsonb(NEW) - 'logout_time') = (to_jsonb(OLD) - 'logout_time') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'Cannot update rows of % (audit log)', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER xuncha_accessfailurelog_append_only
    BEFORE UPDATE OR DELETE ON axes_accessfailurelog
    FOR EACH ROW EXECUTE FUNCTION xuncha_signin_log_guard();
CREATE TRIGGER xuncha_accesslog_append_only
    BEFORE UPDATE OR DELETE ON axes_accesslog
    FOR EACH ROW EXECUTE FUNCTION xuncha_signin_log_guard();
"""

REVERSE = """
DROP TRIGGER IF EXISTS xuncha_accessfailurelog_append_only ON axes_accessfailurelog;
DROP TRIGGER IF EXISTS xuncha_accesslog_append_only ON axes_accesslog;
DROP FUNCTION IF EXISTS xuncha_signin_log_guard();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_role_history"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunSQL(SQL, REVERSE)]
