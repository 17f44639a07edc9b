"""Forms of the on-site screens and of the public reporting page."""

from __future__ import annotations

from captcha.fields import CaptchaField
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import LookupSelect, style
from inspections.choices import IssueNature
from inspections.models import IssueCategory

from .choices import EntryKind, LetterChannel
from .models import DocumentCheck, Letter, SpotCheck, Talk, Visit
from .services import EDITABLE


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class EntryForm(forms.ModelForm):
    """A register entry's fields (the services' EDITABLE list); public reports are not typed in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "channel" in self.fields:
            self.fields["channel"].choices = [c for c in LetterChannel.choices if c[0] != LetterChannel.PUBLIC]
        style(self)


def _entry_form(model, kind):
    return forms.modelform_factory(model, form=EntryForm, fields=EDITABLE[kind])


ENTRY_FORMS = {
    EntryKind.TALK: _entry_form(Talk, EntryKind.TALK),
    EntryKind.LETTER: _entry_form(Letter, EntryKind.LETTER),
    EntryKind.DOCUMENT_CHECK: _entry_form(DocumentCheck, EntryKind.DOCUMENT_CHECK),
    EntryKind.SPOT_CHECK: _entry_form(SpotCheck, EntryKind.SPOT_CHECK),
    EntryKind.VISIT: _entry_form(Visit, EntryKind.VISIT),
}


class ToIssueForm(StyledForm):
    category = forms.ModelChoiceField(
        queryset=IssueCategory.objects.none(),
        label=_("问题类别"),
        widget=LookupSelect("inspections:lookup-categories"),
    )
    title = forms.CharField(label=_("问题标题（不填则取登记内容）"), max_length=300, required=False)
    nature = forms.ChoiceField(
        label=_("问题性质"), choices=IssueNature.choices, initial=IssueNature.INDIVIDUAL, required=False
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = IssueCategory.objects.visible_to(user).filter(is_active=True)

    def clean_nature(self):
        return self.cleaned_data.get("nature") or IssueNature.INDIVIDUAL


class HandOverForm(StyledForm):
    handed_to = forms.CharField(label=_("转办单位"), max_length=100)
    reply_due = forms.DateField(label=_("办理结果反馈期限"), widget=forms.DateInput)


class CloseForm(StyledForm):
    reason = forms.CharField(label=_("了结理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ReplyForm(StyledForm):
    received_on = forms.DateField(label=_("办理结果反馈日期"), widget=forms.DateInput)
    reply = forms.CharField(label=_("办理结果"), widget=forms.Textarea(attrs={"rows": 2}))


class ChannelForm(StyledForm):
    opens_on = forms.DateField(label=_("受理开始日期"), widget=forms.DateInput)
    closes_on = forms.DateField(label=_("受理截止日期"), widget=forms.DateInput)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (checked by content in the service)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        items = data if isinstance(data, list | tuple) else [data]
        return [single(item, initial) for item in items if item]


class PublicReportForm(StyledForm):
    """The public page's form: no sign-in, so an image captcha."""

    subject = forms.CharField(label=_("反映事项（标题）"), max_length=200)
    text = forms.CharField(label=_("具体内容"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    name = forms.CharField(label=_("姓名（可不填）"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话（可不填）"), max_length=30, required=False)
    files = MultipleFileField(
        label=_("附件（可不传；仅限图片或 PDF）"), required=False, help_text=_("最多 3 个文件，每个不超过 5 MB。")
    )
    captcha = CaptchaField(label=_("验证码"))

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("请填写具体内容。"))
        return text


class StatusQueryForm(StyledForm):
    code = forms.CharField(label=_("查询码"), max_length=20)
