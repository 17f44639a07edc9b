"""Forms of the historic ledger screens (upload, mapping). They parse input only: the reader
(inspections/historic.py) checks the sheet and the load service checks roles and names again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Office, User
from core.forms import LookupSelect, StyledForm, style

from . import selectors
from .choices import IssueStatus
from .forms import RoundChoice
from .historic import FIELD_LABELS, HISTORIC_STATUSES, REQUIRED, SheetLayout, column_letter
from .models import Round

ACCEPT = ".xlsx,.xls,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
MAX_BYTES = 30 * 1024 * 1024


class HistoricUploadForm(StyledForm):
    office = forms.ModelChoiceField(label=_("导入到巡察机构"), queryset=Office.objects.none())
    file = forms.FileField(
        label=_("台账文件（.xlsx、.csv）"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("本机构原有的问题台账、整改台账或销号台账，任意列顺序；.xls 请先另存为 .xlsx。"),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        offices = selectors.managed_offices(user).order_by("path")
        self.fields["office"].queryset = offices
        if not self.is_bound and "office" not in self.initial:
            self.initial["office"] = offices.values_list("pk", flat=True).first()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".xls", ".csv")):
            raise forms.ValidationError(_("请上传 .xlsx、.xls 或 .csv 格式的台账。"))
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("文件超过 30 MB，请分批导入。"))
        return upload


def status_choices():
    return [("", _("（无法识别，请选择）"))] + [(s.value, s.label) for s in IssueStatus if s in HISTORIC_STATUSES]


class HistoricMappingForm(StyledForm):
    """One select per column of the sheet (``col_<index>``), one per status word of the column
    shown as 整改状态 (``status_<n>``; that column is ``status_column``), the user's agreement to
    create missing names, and the round of rows that name none."""

    round = RoundChoice(
        label=_("未填写轮次的行归入"),
        queryset=Round.objects.none(),
        required=False,
        widget=LookupSelect("inspections:lookup-rounds"),
        help_text=_("表中没有“轮次”列时必选；有“轮次”列时按表中填写的轮次导入。"),
    )
    create_missing = forms.BooleanField(label=_("创建表中列出但系统中没有的轮次、巡察组和被巡察单位"), required=False)
    status_column = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user: User, office: Office, layout: SheetLayout, words: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.layout, self.words = layout, words
        self.fields["round"].queryset = Round.objects.visible_to(user).filter(office=office).select_related("office")
        field_choices = [("", _("（不导入）"))] + [(name, label) for name, label in FIELD_LABELS.items()]
        for index, header in enumerate(layout.headers):
            self.fields[f"col_{index}"] = forms.ChoiceField(label=header, choices=field_choices, required=False)
        for n, word in enumerate(words):
            self.fields[f"status_{n}"] = forms.ChoiceField(label=word, choices=status_choices(), required=False)
        style(self)

    def column_fields(self):
        return [
            (column_letter(index), header, self[f"col_{index}"], self.layout.samples(index))
            for index, header in enumerate(self.layout.headers)
        ]

    def status_fields(self):
        return [(word, self[f"status_{n}"]) for n, word in enumerate(self.words)]

    def clean(self):
        data = super().clean()
        mapping: dict[int, str] = {}
        used: dict[str, int] = {}
        for index in range(len(self.layout.headers)):
            field = data.get(f"col_{index}")
            if not field:
                continue
            if field in used:
                self.add_error(
                    f"col_{index}",
                    _("“%(field)s”已对应其他列。") % {"field": FIELD_LABELS[field]},
                )
            used[field] = index
            mapping[index] = field
        missing = [str(FIELD_LABELS[f]) for f in REQUIRED if f not in used]
        if missing:
            raise forms.ValidationError(_("请指定以下字段所在的列：%(fields)s。") % {"fields": "、".join(missing)})
        data["mapping"] = mapping
        data["statuses"] = {word: data[f"status_{n}"] for n, word in enumerate(self.words) if data.get(f"status_{n}")}
        return data

    def mapped_status_column(self) -> int | None:
        """The column chosen as 整改状态 in the submitted data (before cleaning)."""
        for index in range(len(self.layout.headers)):
            if self.data.get(f"col_{index}") == "status":
                return index
        return None
