"""Forms of the rectification screens. They parse input only: every write goes through one
service (rectification/services.py, inspections/services.py), which checks roles, scope,
the transition and the issue's ``version`` (optimistic locking) again."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput, StyledForm
from inspections import deadlines
from inspections.models import Assignment

from .choices import ActionKind, ActionReason, MeasureKind
from .evidence import check_evidence

# What the browser's file dialog offers; the server checks every file by its content anyway.
EVIDENCE_ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.zip"
EVIDENCE_HELP = _("可上传 PDF、JPG、PNG、DOCX、XLSX 或由这些文件组成的 ZIP，文件类型按内容检查。")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (``<input type=file multiple>``); cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        items = data if isinstance(data, list | tuple) else [data]
        return [single(item, initial) for item in items if item]


def checked_upload(upload):
    """A single upload checked by content (type, size); the reason is the field's error."""
    if upload:
        try:
            check_evidence(upload)
        except ValidationError as exc:
            raise ValidationError(exc.messages, code="invalid_file") from exc
    return upload


class VersionedForm(StyledForm):
    """Forms acting on an issue carry the version the user saw (optimistic locking).

    Several sit on one page, so each has its own element ids (``id_prefix``)."""

    id_prefix = "issue"
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


# --- feedback and plans -----------------------------------------------------------------------


class FeedbackForm(StyledForm):
    meeting_date = forms.DateField(label=_("反馈日期"), widget=DateInput())
    attendees = forms.CharField(
        label=_("参会人员"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    leader_attendance = forms.IntegerField(label=_("市领导参加人次"), min_value=0, initial=0)
    document = forms.FileField(
        label=_("反馈意见书（扫描件或 Word）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
        help_text=EVIDENCE_HELP,
    )

    def clean_document(self):
        return checked_upload(self.cleaned_data.get("document"))


class PlanForm(StyledForm):
    text = forms.CharField(label=_("方案内容"), widget=forms.Textarea(attrs={"rows": 8}))
    attachment = forms.FileField(
        label=_("附件"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE_ACCEPT}),
        help_text=EVIDENCE_HELP,
    )

    def clean_attachment(self):
        return checked_upload(self.cleaned_data.get("attachment"))


class PlanReviewForm(StyledForm):
    APPROVE, RETURN = "approve", "return"
    decision = forms.ChoiceField(
        label=_("审核结论"),
        choices=[(APPROVE, _("审核通过")), (RETURN, _("退回修改"))],
        widget=forms.RadioSelect,
        initial=APPROVE,
    )
    comment = forms.CharField(
        label=_("审核意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("退回时必须填写理由。"),
    )


# --- measures, progress, report done ----------------------------------------------------------


class MeasureForm(StyledForm):
    content = forms.CharField(label=_("整改措施"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible_leader = forms.CharField(label=_("责任领导"), max_length=50)
    responsible_department = forms.CharField(label=_("责任部门"), max_length=100, required=False)
    responsible_person = forms.CharField(label=_("责任人"), max_length=50)
    kind = forms.ChoiceField(label=_("整改类型"), choices=MeasureKind.choices, initial=MeasureKind.DEADLINE)
    deadline = forms.DateField(
        label=_("完成时限"),
        required=False,
        widget=DateInput(),
        help_text=_("措施的完成时限不改变问题的整改期限；需要延长整改期限的，请提出延期申请。"),
    )


class ProgressForm(StyledForm):
    date = forms.DateField(label=_("日期"), widget=DateInput())
    text = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 4}))
    files = MultipleFileField(label=_("佐证材料"), required=False, help_text=EVIDENCE_HELP)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"date": deadlines.today()})
        super().__init__(*args, **kwargs)


class SubmitForm(VersionedForm):
    id_prefix = "submit"
    comment = forms.CharField(label=_("整改完成情况说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


# --- deadline extensions ---------------------------------------------------------------------


class ExtensionRequestForm(StyledForm):
    """整改延期申请 by the unit's liaison; the deadline moves only when a supervisor approves."""

    requested_deadline = forms.DateField(label=_("申请延至"), widget=DateInput())
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "extension_%s")
        super().__init__(*args, **kwargs)


class ExtensionDecideForm(StyledForm):
    """A supervisor's decision on a pending request: the button pressed gives the decision."""

    APPROVE, REFUSE = "approve", "refuse"
    decision = forms.ChoiceField(choices=[(APPROVE, _("批准延期")), (REFUSE, _("不予批准"))], widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("审批意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("不予批准时必须填写理由。"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "decide_%s")
        super().__init__(*args, **kwargs)


# --- review and close-out ---------------------------------------------------------------------


class CloseForm(VersionedForm):
    """销号, with the outcome of 纠清治问建."""

    id_prefix = "close"

    comment = forms.CharField(label=_("审核意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    corrected = forms.IntegerField(label=_("纠正问题数（纠）"), min_value=0, initial=0)
    funds_refunded_wan = forms.DecimalField(
        label=_("收回/退还资金（清，万元）"), min_value=0, max_digits=14, decimal_places=2, initial=Decimal("0")
    )
    special_campaign = forms.CharField(label=_("专项治理（治）"), max_length=200, required=False)
    persons_accountable = forms.IntegerField(label=_("追责问责人数（问）"), min_value=0, initial=0)
    rules_made = forms.IntegerField(label=_("建立完善制度数（建）"), min_value=0, initial=0)


class ReturnForm(VersionedForm):
    id_prefix = "return"
    comment = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 2}))


class LongTermForm(VersionedForm):
    id_prefix = "long_term"
    comment = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


# --- evaluation and supervision ---------------------------------------------------------------


def score_field(code: str) -> str:
    return f"score_{code}"


class EvaluationForm(StyledForm):
    """One score input per checklist item of the template, then the date and the comment."""

    evaluated_on = forms.DateField(label=_("评估日期"), widget=DateInput())
    comment = forms.CharField(label=_("评估意见"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, template, **kwargs):
        kwargs.setdefault("initial", {"evaluated_on": deadlines.today()})
        self.template = template
        super().__init__(*args, **kwargs)
        scores = {}
        for item in template.items:
            maximum = Decimal(str(item["max_score"]))
            field = forms.DecimalField(
                label=gettext(item["label"]),
                min_value=0,
                max_value=maximum,
                max_digits=5,
                decimal_places=1,
                help_text=_("满分 %(max)s") % {"max": item["max_score"]},
            )
            field.widget.attrs.update(
                {"class": "form-control score-input", "data-max": str(maximum), "step": "0.5", "min": "0"}
            )
            field.item = item
            scores[score_field(item["code"])] = field
        # Scores first, in the template's order.
        self.fields = {**scores, **self.fields}

    def score_fields(self):
        return [self[name] for name in self.fields if name.startswith("score_")]

    def scores(self) -> dict:
        """{item code: score} for the service (numbers: the JSON column stores them as given)."""
        result = {}
        for item in self.template.items:
            value = self.cleaned_data[score_field(item["code"])]
            result[item["code"]] = int(value) if value == value.to_integral_value() else float(value)
        return result

    def error_field(self, key: str) -> str:
        """The service names its errors ``scores.<code>``; the form's field is ``score_<code>``."""
        return score_field(key.split(".", 1)[1]) if key.startswith("scores.") else key


class ActionForm(StyledForm):
    kind = forms.ChoiceField(label=_("督办方式"), choices=ActionKind.choices)
    reason = forms.ChoiceField(label=_("事由"), choices=ActionReason.choices)
    date = forms.DateField(label=_("日期"), widget=DateInput())
    assignment = forms.ModelChoiceField(
        label=_("涉及轮次"), queryset=Assignment.objects.none(), required=False, empty_label=_("（不限）")
    )
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user, unit, **kwargs):
        kwargs.setdefault("initial", {"date": deadlines.today()})
        super().__init__(*args, **kwargs)
        self.fields["assignment"].queryset = (
            Assignment.objects.visible_to(user)
            .filter(unit=unit)
            .select_related("round")
            .order_by("-round__planned_start")
        )
        self.fields["assignment"].label_from_instance = lambda a: str(a.round)
