from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _

from core.admin import NoDeleteAdmin

from .models import DocumentTemplate
from .rendering import PLACEHOLDERS, DocumentTemplateError, check_template


class DocumentTemplateForm(forms.ModelForm):
    """Refuses a template that would not render in the sandbox against sample data."""

    class Meta:
        model = DocumentTemplate
        fields = ["office", "kind", "file", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        lines = [f"{label}：{'、'.join(PLACEHOLDERS[kind])}" for kind, label in self.fields["kind"].choices if kind]
        self.fields["file"].help_text = _("可用的占位符（docxtpl 写法，如 {{ unit }}）——%(lines)s") % {
            "lines": "；".join(lines)
        }

    def clean(self):
        cleaned = super().clean()
        kind, upload = cleaned.get("kind"), cleaned.get("file")
        if kind and upload and ("file" in self.changed_data or "kind" in self.changed_data):
            upload.seek(0)
            content = upload.read()
            upload.seek(0)
            try:
                check_template(kind, content)
            except DocumentTemplateError as exc:
                self.add_error("file", _("模板未通过检查：%(reason)s") % {"reason": exc.message})
        return cleaned


@admin.register(DocumentTemplate)
class DocumentTemplateAdmin(NoDeleteAdmin):
    """Admins replace the built-in Word templates here (placeholders: documents/rendering.py).
    Each upload is checked in the sandbox and its uploader kept."""

    form = DocumentTemplateForm
    list_display = ["office", "kind", "is_active", "uploaded_by", "updated_at"]
    list_filter = ["kind", "is_active"]
    readonly_fields = ["uploaded_by"]
    list_select_related = ["office", "uploaded_by"]

    def save_model(self, request, obj, form, change):
        if not change or "file" in form.changed_data:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
