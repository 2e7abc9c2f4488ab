"""CSV import of reference data in the admin: a dry run first, every bad row reported."""

import io

from django import forms
from django.core.exceptions import PermissionDenied
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .imports import IMPORTERS, import_csv

MAX_BYTES = 20 * 1024 * 1024


class ImportForm(forms.Form):
    kind = forms.ChoiceField(choices=[(kind, kind.capitalize()) for kind in IMPORTERS])
    file = forms.FileField(label="CSV file", help_text="Columns: see docs/triage.md.")
    dry_run = forms.BooleanField(
        required=False, initial=True, label="Dry run: check every row, write nothing"
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError("The file is larger than 20 MB.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError("The file is not UTF-8 text.") from error


def can_import(user) -> bool:
    # Whoever may add nominals keeps the reference data: supervisors (triage/demo.py).
    return bool(user.is_active and user.has_perm("triage.add_nominal"))


class ImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "triage/import.html"
    page_title = "Import reference data"
    form_class = ImportForm

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        result = import_csv(
            kind=form.cleaned_data["kind"],
            text=io.StringIO(form.cleaned_data["file"]),
            dry_run=form.cleaned_data["dry_run"],
        )
        return self.render_to_response(self.get_context_data(form=form, result=result))
