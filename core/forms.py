"""Form plumbing shared by every app: Bootstrap styling, date inputs and type-ahead selects."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class LookupSelect(forms.Select):
    """A <select> filled by type-ahead from a JSON endpoint (static/js/xuncha.js, Tom Select).

    Only the selected options are rendered, fetched by primary key, so a table of 50,000 units
    never reaches the page.
    """

    def __init__(self, url_name: str, attrs=None, params: str = ""):
        self.url_name = url_name
        self.params = params
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        url = reverse(self.url_name) + (f"?{self.params}" if self.params else "")
        context["widget"]["attrs"]["data-lookup"] = url
        context["widget"]["attrs"].setdefault("data-placeholder", str(_("输入关键字搜索")))
        return context

    def optgroups(self, name, value, attrs=None):
        selected = [v for v in value if v not in ("", None)]
        options = []
        choices = self.choices
        queryset = getattr(choices, "queryset", None)
        if queryset is not None:
            field = choices.field
            if not self.allow_multiple_selected:
                # An empty option without text: the type-ahead shows its placeholder instead.
                options.append(self.create_option(name, "", "", not selected, 0))
            if selected:
                try:
                    objects = list(queryset.filter(pk__in=selected))
                except (ValueError, TypeError, ValidationError):
                    objects = []
                for index, obj in enumerate(objects, start=1):
                    options.append(self.create_option(name, str(obj.pk), field.label_from_instance(obj), True, index))
        return [(None, options, 0)]


class LookupSelectMultiple(LookupSelect):
    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        try:
            getter = data.getlist
        except AttributeError:
            getter = data.get
        return getter(name)

    def value_omitted_from_data(self, data, files, name):
        return False


def style(form: forms.BaseForm) -> forms.BaseForm:
    """Give every widget its Bootstrap class (forms here and the FilterSets' forms)."""
    for name, bound in form.fields.items():
        widget = bound.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            css = ""
        elif isinstance(widget, forms.Select | forms.SelectMultiple | forms.NullBooleanSelect):
            css = "form-select"
        else:
            css = "form-control"
        if isinstance(widget, forms.DateInput):
            widget.input_type = "date"
            widget.format = "%Y-%m-%d"
        if isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("rows", 3)
        if css:
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        # Only once validated: touching form.errors here would validate before __init__ ends.
        if form._errors and name in form._errors:
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
    return form


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    def full_clean(self):
        super().full_clean()
        style(self)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
