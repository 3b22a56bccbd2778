"""Page forms: they parse what was typed into a PersonInput; every rule lives in people.services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.core.forms import DateInput
from pathways.people.models import (
    NOTICE_LANGUAGES,
    WG_DOMAINS,
    ConsentMethod,
    ConsentPurpose,
    Difficulty,
    DocumentKind,
    MigrantStatus,
    Sex,
)
from pathways.people.services import AliasInput, DocumentInput, PersonInput
from pathways.places.models import Country
from pathways.places.selectors import district_list, province_list

# Free-text alias boxes on the page and the alias kinds they hold.
ALIAS_FIELDS = {"other_latin_spellings": "latin", "other_lao_spellings": "lao", "nicknames": "nickname"}
_lines = forms.Textarea(attrs={"rows": 2})


def _province_choices():
    return [("", "—")] + [(p.code, str(p)) for p in province_list(country="LA")]


def _district_choices(province_code: str = ""):
    """The chosen province's districts; with no province chosen, every district grouped by province (a
    browser with scripts narrows the list as the province changes: static/pathways.js)."""
    districts = district_list().filter(province__country_id="LA").select_related("province")
    if province_code:
        chosen = [(d.code, str(d)) for d in districts.filter(province_id=province_code)]
        if chosen:
            return [("", "—"), *chosen]
    groups: dict[str, list] = {}
    for d in districts:
        groups.setdefault(str(d.province), []).append((d.code, str(d)))
    return [("", "—"), *groups.items()]


class PersonForm(forms.Form):
    given_name_lo = forms.CharField(
        label=gettext_lazy("Given name (Lao script)"), required=False, max_length=100
    )
    family_name_lo = forms.CharField(
        label=gettext_lazy("Family name (Lao script)"), required=False, max_length=100
    )
    given_name_latin = forms.CharField(
        label=gettext_lazy("Given name (Latin)"), required=False, max_length=100
    )
    family_name_latin = forms.CharField(
        label=gettext_lazy("Family name (Latin)"), required=False, max_length=100
    )
    other_latin_spellings = forms.CharField(
        label=gettext_lazy("Other Latin spellings"),
        required=False,
        widget=_lines,
        help_text=gettext_lazy("One per line, as other partners write the name."),
    )
    other_lao_spellings = forms.CharField(
        label=gettext_lazy("Other Lao spellings"), required=False, widget=_lines
    )
    nicknames = forms.CharField(
        label=gettext_lazy("Nicknames"),
        required=False,
        widget=_lines,
        help_text=gettext_lazy("One per line."),
    )
    sex = forms.ChoiceField(label=gettext_lazy("Sex"), choices=[("", "—"), *Sex.choices])
    birth_date = forms.DateField(
        label=gettext_lazy("Date of birth"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": gettext_lazy("Enter a real date, e.g. 1994-03-21.")},
    )
    birth_year = forms.IntegerField(
        label=gettext_lazy("Birth year (if the date is not known)"), required=False
    )
    migrant_status = forms.ChoiceField(
        label=gettext_lazy("Migrant status"), choices=[("", "—"), *MigrantStatus.choices]
    )
    home_province = forms.ChoiceField(
        label=gettext_lazy("Home province"),
        required=False,
        # static/pathways.js submits the page through the "show its districts" button when it changes.
        widget=forms.Select(attrs={"data-refresh": "choose_province"}),
    )
    home_district = forms.ChoiceField(label=gettext_lazy("Home district"), required=False)
    home_village = forms.CharField(label=gettext_lazy("Home village"), required=False, max_length=100)
    phones = forms.CharField(
        label=gettext_lazy("Phone numbers"),
        required=False,
        widget=_lines,
        help_text=gettext_lazy("One per line; Lao numbers may omit +856."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_province"].choices = _province_choices()
        province = self.data.get("home_province", "") if self.is_bound else self.initial.get("home_province")
        self.fields["home_district"].choices = _district_choices(province or "")
        for name, label in WG_DOMAINS.items():
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                required=False,
                coerce=int,
                empty_value=None,
                choices=[("", "—"), *Difficulty.choices],
            )

    @staticmethod
    def initial_from(data: PersonInput) -> dict:
        initial = {k: v for k, v in vars(data).items() if k not in {"phones", "aliases", "documents"}}
        initial["phones"] = "\n".join(data.phones)
        for field, kind in ALIAS_FIELDS.items():
            initial[field] = "\n".join(a.value for a in data.aliases if a.kind == kind)
        return initial

    def to_input(self, documents: list[DocumentInput]) -> PersonInput:
        c = self.cleaned_data
        plain = {k: c[k] for k in PersonInput.__dataclass_fields__ if k in c and k not in {"phones"}}
        return PersonInput(
            **plain,
            phones=c["phones"].splitlines(),
            aliases=[
                AliasInput(kind, line)
                for field, kind in ALIAS_FIELDS.items()
                for line in c[field].splitlines()
            ],
            documents=documents,
        )

    def add_service_errors(self, error: ValidationError, document_forms) -> None:
        """Put the service's errors next to the fields they are about."""
        for key, messages in error.message_dict.items():
            head, _dot, rest = key.partition(".")
            for message in messages:
                if head == "phones":
                    self.add_error("phones", _("Line %(n)d: %(m)s") % {"n": int(rest) + 1, "m": message})
                elif head == "aliases":
                    self.add_error(None, message)
                elif head == "documents":
                    index, _dot, field = rest.partition(".")
                    document_forms[int(index)].add_error(field or None, message)
                elif head in self.fields:
                    self.add_error(head, message)
                else:
                    self.add_error(None, message)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Document type"), choices=[("", "—"), *DocumentKind.choices], required=False
    )
    number = forms.CharField(label=gettext_lazy("Number"), required=False, max_length=40)
    issuing_country = forms.ModelChoiceField(
        label=gettext_lazy("Issuing country"),
        queryset=Country.objects.all(),
        required=False,
        to_field_name="code",
    )
    expiry_date = forms.DateField(label=gettext_lazy("Expiry date"), required=False, widget=DateInput())

    def clean(self):
        data = super().clean()
        if data.get("number") and not data.get("kind"):
            self.add_error("kind", _("Choose the document type."))
        return data


DocumentFormSet = forms.formset_factory(DocumentForm, extra=1, max_num=10)


def documents_from(formset) -> list[DocumentInput]:
    """The rows that were filled in, in order; blank rows are ignored."""
    return [
        DocumentInput(
            f.cleaned_data["kind"],
            f.cleaned_data["number"],
            f.cleaned_data["issuing_country"].code if f.cleaned_data.get("issuing_country") else "LA",
            f.cleaned_data.get("expiry_date"),
        )
        for f in formset.forms
        if f.cleaned_data.get("number")
    ]


class ConsentForm(forms.Form):
    given_on = forms.DateField(label=gettext_lazy("Date given"), widget=DateInput())
    purposes = forms.MultipleChoiceField(
        label=gettext_lazy("Purposes"), choices=ConsentPurpose.choices, widget=forms.CheckboxSelectMultiple
    )
    notice_version = forms.CharField(label=gettext_lazy("Privacy notice version"), max_length=20)
    notice_language = forms.ChoiceField(label=gettext_lazy("Notice language"), choices=NOTICE_LANGUAGES)
    method = forms.ChoiceField(label=gettext_lazy("Method"), choices=ConsentMethod.choices)


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=gettext_lazy("Date withdrawn"), widget=DateInput())
    reason = forms.CharField(label=gettext_lazy("Reason"), required=False, max_length=300)


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name, phone or document"), required=False)
    province = forms.ChoiceField(label=gettext_lazy("Province"), required=False)
    sex = forms.ChoiceField(label=gettext_lazy("Sex"), required=False, choices=[("", "—"), *Sex.choices])
    migrant_status = forms.ChoiceField(
        label=gettext_lazy("Status"), required=False, choices=[("", "—"), *MigrantStatus.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = _province_choices()
