"""Forms of the DHIS2 pages: they parse what the M&E officer typed; the rules live in dhis2/mapping.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pathways.people.models import Sex
from pathways.results.dhis2.mapping import COMBO_DIMENSIONS
from pathways.results.engine.dimensions import DIMENSION_LABELS
from pathways.results.models import Dhis2CategoryCombo, Dhis2Part, Dhis2Server, Indicator
from pathways.results.reporting import localised

UID_HELP = _("11 letters and digits, the first a letter, as DHIS2 shows it.")


def _uid(label, *, required: bool = True, help_text=UID_HELP) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=11,
        required=required,
        help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "size": 12}),
    )


class PushForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"))
    server = forms.ModelChoiceField(label=_("DHIS2 instance"), queryset=Dhis2Server.objects.all())

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.label, p.label) for p in project.periods.all()]


class DataSetForm(forms.Form):
    uid = _uid(_("Data set"))
    attribute_option_combo = _uid(
        _("Attribute option combo"),
        help_text=_("The option combo that stands for this project (its funding) in every value sent."),
    )


class MappingForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"), required=False)
    part = forms.ChoiceField(label=_("Part"), choices=Dhis2Part.choices, required=False)
    data_element = _uid(_("Data element"), required=False, help_text="")
    category_combo = forms.ModelChoiceField(
        label=_("Category combination"), queryset=Dhis2CategoryCombo.objects.all(), required=False
    )
    by_province = forms.BooleanField(label=_("By province"), required=False)

    def __init__(self, *args, indicators: list[Indicator], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(i.code, f"{i.code} {localised(i)}") for i in indicators]
        self.fields["indicator"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]

    @property
    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not data.get("indicator") and not data.get("data_element")

    def clean(self):
        data = super().clean()
        if self.is_blank or data.get("DELETE"):
            return data
        for field in ("indicator", "data_element", "category_combo"):
            if not data.get(field) and field not in self.errors:
                self.add_error(field, _("Fill this in, or empty the row."))
        return data


MappingFormSet = forms.formset_factory(MappingForm, extra=2, can_delete=True)


class OrgUnitsForm(forms.Form):
    """One organisation unit per place: the country first, then each province."""

    def __init__(self, *args, places: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in places.items():
            self.fields[code] = _uid(f"{name} ({code})", required=False, help_text="")


DIMENSION_CHOICES = [("", _("None (by sex at most)"))] + [(d, DIMENSION_LABELS[d]) for d in COMBO_DIMENSIONS]


class CategoryComboForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("Letters, digits and dashes."))
    name = forms.CharField(label=_("Name"), max_length=100)
    uid = _uid(_("Category combination"), required=False)
    dimension = forms.ChoiceField(label=_("Breakdown"), choices=DIMENSION_CHOICES, required=False)
    by_sex = forms.BooleanField(label=_("By sex"), required=False)


SEX_CHOICES = [("", "—"), *Sex.choices]


class OptionForm(forms.Form):
    value = forms.CharField(
        label=_("Value"),
        max_length=40,
        required=False,
        help_text=_("The breakdown's value: an age band as reports write it (15–24), yes or no, unknown..."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=SEX_CHOICES, required=False)
    uid = _uid(_("Category option combo"), required=False, help_text="")


OptionFormSet = forms.formset_factory(OptionForm, extra=3, can_delete=True)
