from django import forms
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from pathways.core.forms import DateInput
from pathways.places.models import Country, Province
from pathways.recruitment.models import DECIDED_STATUSES, AgencyStatus, Membership
from pathways.training.models import Sector

_date = DateInput()


def countries_abroad():
    # Thailand first (most Lao migrants work there), then by name.
    return Country.objects.exclude(code="LA").order_by(
        Case(When(code="TH", then=Value(0)), default=Value(1)), "name_en"
    )


def lao_provinces():
    return Province.objects.filter(country_id="LA").order_by("name_en")


class AgencyForm(forms.Form):
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    name_local = forms.CharField(label=_("Name (Lao)"), max_length=200, required=False)
    licence_number = forms.CharField(label=_("Licence number"), max_length=40, required=False)
    issuing_authority = forms.CharField(
        label=_("Issuing authority"),
        max_length=200,
        required=False,
        initial=_("Department of Skills Development and Employment, MLSW"),
    )
    licence_valid_from = forms.DateField(label=_("Licence valid from"), widget=_date, required=False)
    licence_valid_to = forms.DateField(label=_("Licence valid to"), widget=_date, required=False)
    head_office_province = forms.ModelChoiceField(
        label=_("Head office province"), queryset=Province.objects.none(), required=False
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    branch_provinces = forms.ModelMultipleChoiceField(
        label=_("Branches in provinces"),
        queryset=Province.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    destinations = forms.ModelMultipleChoiceField(
        label=_("Destination countries"),
        queryset=Country.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sectors = forms.MultipleChoiceField(
        label=_("Sectors"), choices=Sector.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    membership = forms.ChoiceField(label=_("Membership"), choices=Membership.choices, initial=Membership.NONE)
    association = forms.CharField(label=_("Association"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head_office_province"].queryset = lao_provinces()
        self.fields["branch_provinces"].queryset = lao_provinces()
        self.fields["destinations"].queryset = countries_abroad()


class AgencyStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[(s.value, s.label) for s in DECIDED_STATUSES if s != AgencyStatus.EXPIRED],
    )
    changed_on = forms.DateField(label=_("Decided on"), widget=_date, required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
