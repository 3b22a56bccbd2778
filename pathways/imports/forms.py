"""Page forms for imports: they parse what was chosen into a mapping dict; rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pathways.imports import registry
from pathways.imports.mapping import REVIEW_COLUMNS, REVIEW_STATUSES, Mapping, review_status_label
from pathways.imports.registry import CHOICE

MAX_UPLOAD_MB = 200


def _kind_choices():
    return [(k.name, k.label) for k in registry.kinds()]


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=_kind_choices)
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=120,
        help_text=_(
            "Name of the form or partner sheet, e.g. 'MRC Savannakhet intake'. "
            "The same source is recognised next time."
        ),
    )
    file = forms.FileField(label=_("File (CSV, Excel .xlsx, or a KoboToolbox/ODK export)"))
    xlsform = forms.FileField(label=_("XLSForm (optional, for Kobo/ODK exports)"), required=False)


class MappingForm(forms.Form):
    """One select per column, a key column, and a value map per choice field (lines 'spelling = code')."""

    def __init__(self, *args, job, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = registry.get(job.kind)
        mapping = Mapping.from_dict(job.mapping)
        field_choices = [("", _("— not imported —"))] + [(f.name, f.label) for f in self.kind.fields]
        self.column_names = {}
        for i, header in enumerate(job.headers):
            name = f"col_{i}"
            self.column_names[name] = header
            self.fields[name] = forms.ChoiceField(
                label=header, choices=field_choices, required=False, initial=mapping.columns.get(header, "")
            )
        self.fields["key"] = forms.ChoiceField(
            label=_("Column that identifies a row (Kobo _uuid, an ID number)"),
            choices=[("", _("— none: recognise rows by their content —"))] + [(h, h) for h in job.headers],
            required=False,
            initial=mapping.key,
        )
        # Only kinds that register people flag likely duplicates; for the others the choice means nothing.
        if self.kind.likely_duplicates is not None:
            self.fields["on_duplicate"] = forms.ChoiceField(
                label=_("Rows that look like people already registered"),
                choices=[("create", _("Import them and flag them for review")), ("skip", _("Skip them"))],
                initial=mapping.on_duplicate,
            )
        self.fields["strict"] = forms.BooleanField(
            label=_("Strict: refuse a row when any of its values is wrong"),
            help_text=_(
                "Otherwise a wrong value in an optional column is left empty, the row is imported, and "
                "the value is listed as a warning to fix later."
            ),
            required=False,
            initial=mapping.strict,
        )
        if any(column in job.headers for column in REVIEW_COLUMNS):
            self.fields["validation"] = forms.MultipleChoiceField(
                label=_("Submissions to import, by their review status"),
                choices=[(code, review_status_label(code)) for code in REVIEW_STATUSES],
                widget=forms.CheckboxSelectMultiple,
                initial=mapping.validation,
                required=True,
            )
        # A constant per field, for every row the file leaves it empty or has no column for (a list of
        # returnees with no status column: "returnee" for all).
        self.default_fields = []
        for spec in self.kind.fields:
            if spec.many:
                continue
            name = f"default_{spec.name}"
            self.default_fields.append(name)
            initial = mapping.defaults.get(spec.name, "")
            if spec.type == CHOICE:
                self.fields[name] = forms.ChoiceField(
                    label=spec.label,
                    choices=[("", _("— none —"))] + [(code, code) for code in spec.choices],
                    required=False,
                    initial=initial,
                )
            else:
                self.fields[name] = forms.CharField(
                    label=spec.label, required=False, initial=initial, max_length=200
                )
        self.value_fields = []
        for spec in self.kind.fields:
            if spec.type == CHOICE:
                name = f"values_{spec.name}"
                self.value_fields.append(name)
                current = mapping.values.get(spec.name, {})
                self.fields[name] = forms.CharField(
                    label=_("Values for %(f)s") % {"f": spec.label},
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial="\n".join(f"{k} = {v}" for k, v in current.items()),
                    help_text=_("One per line: spelling in the file = %(codes)s")
                    % {"codes": " / ".join(spec.choices)},
                )
        self.sheet = mapping.sheet

    def column_fields(self):
        return [self[name] for name in self.column_names]

    def default_value_fields(self):
        return [self[name] for name in self.default_fields]

    def value_map_fields(self):
        return [self[name] for name in self.value_fields]

    def to_mapping(self) -> dict:
        data = self.cleaned_data
        values: dict[str, dict[str, str]] = {}
        for name in self.value_fields:
            for line in (data.get(name) or "").splitlines():
                raw, sep, code = line.rpartition("=")
                if sep and raw.strip() and code.strip():
                    values.setdefault(name.removeprefix("values_"), {})[raw.strip()] = code.strip()
        return {
            "sheet": self.sheet,
            "columns": {self.column_names[n]: data[n] for n in self.column_names if data.get(n)},
            "values": values,
            "key": data.get("key") or "",
            "on_duplicate": data.get("on_duplicate") or "create",
            "defaults": {
                name.removeprefix("default_"): data[name].strip()
                for name in self.default_fields
                if (data.get(name) or "").strip()
            },
            "strict": bool(data.get("strict")),
            "validation": data.get("validation") or ["approved"],
        }
