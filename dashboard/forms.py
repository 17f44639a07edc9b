"""The dashboard's period form; the office and round are checked by the page's scope
(alerts.selectors.picked_office_and_round)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class PeriodForm(forms.Form):
    """The optional period (起止日期)."""

    date_from = forms.DateField(required=False, label=gettext_lazy("起始日期"))
    date_to = forms.DateField(required=False, label=gettext_lazy("截止日期"))

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return data
