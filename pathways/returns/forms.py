from django import forms
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pathways.core.forms import DateInput
from pathways.partners.forms import OrganisationChoiceField
from pathways.partners.models import Organisation, OrganisationKind
from pathways.places.models import Country
from pathways.results.models import Project
from pathways.returns.models import BorderPoint, ReferralStatus, ReturnReason, Screening, Service

_date = DateInput()


class ReturnEditForm(forms.Form):
    """The return and the needs assessment; whose return it is and who recorded it are fixed."""

    returned_on = forms.DateField(label=_("Returned on"), widget=_date)
    from_country = forms.ModelChoiceField(
        label=_("Returned from"), queryset=Country.objects.exclude(code="LA")
    )
    # A blank first choice: a skipped reason must not be saved as the first one; the service names it.
    reason = forms.ChoiceField(
        label=_("Reason for return"), choices=[("", "—"), *ReturnReason.choices], required=False
    )
    border_point = forms.ChoiceField(
        label=_("Border point"), choices=[("", "—"), *BorderPoint.choices], required=False
    )
    quarantine_centre = OrganisationChoiceField(
        label=_("Quarantine centre"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.QUARANTINE_CENTRE, is_active=True),
        required=False,
    )
    screening = forms.ChoiceField(
        label=_("Screening for trafficking or exploitation"),
        choices=Screening.choices,
        initial=Screening.NOT_SCREENED,
    )
    savings_lak = forms.IntegerField(label=_("Savings (LAK)"), min_value=0, required=False)
    debt_lak = forms.IntegerField(label=_("Debts (LAK)"), min_value=0, required=False)
    skills_gained = forms.CharField(label=_("Skills gained abroad"), max_length=300, required=False)
    needs = forms.MultipleChoiceField(
        label=_("Needs"),
        choices=Service.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("What the person needs now; refer them to a service on the return's page."),
    )
    funding_project = forms.ModelChoiceField(
        label=_("Funding project"), queryset=Project.objects.all(), required=False
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Thailand first (most Lao migrants work there), then by name.
        thailand_first = Case(When(code="TH", then=Value(0)), default=Value(1))
        self.fields["from_country"].queryset = Country.objects.exclude(code="LA").order_by(
            thailand_first, "name_en"
        )
        if not self.initial.get("from_country"):
            self.fields["from_country"].initial = "TH"


class ReturnForm(ReturnEditForm):
    organisation = OrganisationChoiceField(label=_("Recorded by"), queryset=Organisation.objects.none())
    field_order = ["organisation"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()


class ReferralForm(forms.Form):
    organisation = OrganisationChoiceField(label=_("Referred by"), queryset=Organisation.objects.none())
    service = forms.ChoiceField(label=_("Service"), choices=Service.choices)
    referred_to = OrganisationChoiceField(label=_("Referred to"), queryset=Organisation.objects.none())
    referred_on = forms.DateField(label=_("Referred on"), widget=_date)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, organisations, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["referred_to"].queryset = targets
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()


class OutcomeForm(forms.Form):
    # Context: "Outcome" alone is the results framework's level (objective → outcomes → outputs).
    status = forms.ChoiceField(label=pgettext_lazy("referral", "Outcome"), choices=ReferralStatus.choices)
    outcome_on = forms.DateField(label=_("On"), widget=_date, required=False)
    outcome_note = forms.CharField(
        label=_("Note on the outcome"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
