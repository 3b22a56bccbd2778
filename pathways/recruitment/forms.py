from django import forms
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from pathways.core.forms import DateInput
from pathways.partners.models import Organisation, OrganisationKind
from pathways.places.models import Country, Province
from pathways.recruitment.models import (
    DECIDED_STATUSES,
    AgencyStatus,
    ApprovalStatus,
    Channel,
    Complainant,
    ComplaintAgainst,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintStatus,
    CostCategory,
    Document,
    JobOrder,
    Membership,
    RecruitmentAgency,
)
from pathways.results.models import Project
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


class _Agency(forms.ModelChoiceField):
    def label_from_instance(self, obj: RecruitmentAgency) -> str:
        return f"{obj.name_en} ({obj.licence_number})"


class RecordEditForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=[("", "—"), *Channel.choices], required=False)
    # Every agency is offered, licensed or not: the service refuses one without a valid licence on the
    # recruitment day, or asks for the reason, with a message that says which.
    agency = _Agency(
        label=_("Agency"), queryset=RecruitmentAgency.objects.order_by("name_en"), required=False
    )
    agency_exception_reason = forms.CharField(
        label=_("Reason for accepting an agency without a valid licence"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    job_order = forms.ModelChoiceField(
        label=_("Job order"),
        queryset=JobOrder.objects.filter(approval=ApprovalStatus.APPROVED).order_by("-received_on"),
        required=False,
    )
    destination = forms.ModelChoiceField(
        label=_("Destination"), queryset=Country.objects.none(), required=False
    )
    recruited_on = forms.DateField(label=_("Recruited on"), widget=_date, required=False)
    departed_on = forms.DateField(label=_("Departed on"), widget=_date, required=False)
    documents = forms.MultipleChoiceField(
        label=_("Documents"), choices=Document.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    contract_wage = forms.DecimalField(
        label=_("Monthly wage in the contract"), max_digits=14, decimal_places=2, required=False
    )
    contract_currency = forms.CharField(
        label=_("Currency of the wage"), max_length=12, required=False, help_text=_("e.g. THB, KRW, USD")
    )
    funding_project = forms.ModelChoiceField(
        label=_("Funding project"), queryset=Project.objects.all(), required=False
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination"].queryset = countries_abroad()
        if not self.initial.get("destination"):
            self.fields["destination"].initial = "TH"


class RecordForm(RecordEditForm):
    organisation = forms.ModelChoiceField(label=_("Recorded by"), queryset=Organisation.objects.none())
    field_order = ["organisation"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()


class CostForm(forms.Form):
    category = forms.ChoiceField(
        label=_("What for"), choices=[("", "—"), *CostCategory.choices], required=False
    )
    # Negative amounts reach the service, which names the problem in words the person can act on.
    amount = forms.DecimalField(label=_("Amount"), max_digits=16, decimal_places=2, required=False)
    currency = forms.CharField(label=_("Currency"), max_length=12, required=False, initial="LAK")
    paid_on = forms.DateField(label=_("Paid on"), widget=_date, required=False)
    paid_to = forms.CharField(label=_("Paid to"), max_length=200, required=False)


class EarningsForm(forms.Form):
    reported_on = forms.DateField(label=_("Reported on"), widget=_date, required=False)
    amount = forms.DecimalField(label=_("Monthly earnings"), max_digits=14, decimal_places=2, required=False)
    currency = forms.CharField(label=_("Currency"), max_length=12, required=False)


class ExchangeRateForm(forms.Form):
    currency = forms.CharField(label=_("Currency"), max_length=12, required=False)
    valid_on = forms.DateField(label=_("Date"), widget=_date, required=False)
    units_per_usd = forms.DecimalField(
        label=_("Units per US dollar"), max_digits=18, decimal_places=6, required=False
    )
    source = forms.CharField(label=_("Source"), max_length=200, required=False, initial="Bank of the Lao PDR")


class ComplaintForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Received by"), queryset=Organisation.objects.none())
    received_on = forms.DateField(label=_("Received on"), widget=_date, required=False)
    complainant = forms.ChoiceField(
        label=_("Who complains"), choices=[("", "—"), *Complainant.choices], required=False
    )
    channel = forms.ChoiceField(
        label=_("Received through"), choices=[("", "—"), *ComplaintChannel.choices], required=False
    )
    against = forms.ChoiceField(
        label=_("Against"), choices=[("", "—"), *ComplaintAgainst.choices], required=False
    )
    agency = _Agency(
        label=_("Agency"), queryset=RecruitmentAgency.objects.order_by("name_en"), required=False
    )
    against_name = forms.CharField(label=_("Name of the broker or employer"), max_length=200, required=False)
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", "—"), *ComplaintCategory.choices], required=False
    )
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()


class ComplaintProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ComplaintStatus.choices)
    closed_on = forms.DateField(label=_("Closed on"), widget=_date, required=False)
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReferForm(forms.Form):
    referred_on = forms.DateField(label=_("Referred on"), widget=_date, required=False)


class JobOrderForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), max_length=60, required=False)
    employer = forms.ModelChoiceField(
        label=_("Employer"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.EMPLOYER, is_active=True).order_by(
            "name_en"
        ),
        required=False,
    )
    destination = forms.ModelChoiceField(
        label=_("Destination"), queryset=Country.objects.none(), required=False
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[("", "—"), (Channel.MOU, Channel.MOU.label), (Channel.AGENCY, Channel.AGENCY.label)],
        required=False,
    )
    agency = _Agency(
        label=_("Agency"), queryset=RecruitmentAgency.objects.order_by("name_en"), required=False
    )
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    isco_code = forms.CharField(
        label=_("ISCO-08 occupation"), max_length=8, required=False, help_text=_("e.g. 7533")
    )
    workers_female = forms.IntegerField(label=_("Women wanted"), required=False, initial=0)
    workers_male = forms.IntegerField(label=_("Men wanted"), required=False, initial=0)
    workers_any = forms.IntegerField(label=_("Workers of either sex wanted"), required=False, initial=0)
    wage_monthly = forms.DecimalField(
        label=_("Monthly wage"), max_digits=14, decimal_places=2, required=False
    )
    currency = forms.CharField(label=_("Currency"), max_length=12, required=False)
    contract_months = forms.IntegerField(label=_("Contract length (months)"), required=False)
    received_on = forms.DateField(label=_("Received on"), widget=_date, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination"].queryset = countries_abroad()


class JobOrderDecisionForm(forms.Form):
    approval = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ApprovalStatus.APPROVED, ApprovalStatus.APPROVED.label),
            (ApprovalStatus.REJECTED, ApprovalStatus.REJECTED.label),
        ],
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=_date, required=False)
    decision_note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
