"""The audit screen in plain Chinese: actions, objects, statuses and changed fields by name (the
codes stay in the rows, for the filters and the export)."""

import datetime as dt

from audit.selectors import AuditRow

AT = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)


def test_rows_read_in_plain_chinese():
    step = AuditRow(AT, "lifecycle", "t_supervisor", "return", "T-1-001", "pending_review → rectifying 佐证不足")
    assert step.action_label == "退回" and step.detail_label == "待审核 → 整改中 佐证不足"
    change = AuditRow(AT, "history", "t_admin", "update", "inspections.Issue#12", "title: 甲 → 乙")
    assert change.action_label == "修改" and change.obj_label == "面上问题 #12"
    assert change.detail_label == "问题标题：甲 → 乙"
    signin = AuditRow(AT, "signin", "t_admin", "login", "127.0.0.1", "/login/")
    assert signin.action_label == "登录成功" and signin.obj_label == "127.0.0.1"
