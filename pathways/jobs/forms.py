"""Page forms: they parse what was typed; every rule lives in jobs.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pathways.core.forms import DateInput
from pathways.jobs.models import Checkpoint, Currency, VacancyStatus
from pathways.partners.forms import OrganisationChoiceField
from pathways.partners.models import Organisation
from pathways.places.models import Country, Province
from pathways.places.selectors import provinces_lao_first
from pathways.results.models import Project
from pathways.training.models import Sector

_date = DateInput()
CURRENCY_CHOICES = [("", _("the country's")), *Currency.choices]


class VacancyEditForm(forms.Form):
    """What a vacancy says about the job; the employer and who posted it are fixed once it is posted."""

    title_en = forms.CharField(label=_("Job title (English)"), max_length=200)
    title_lo = forms.CharField(label=_("Job title (Lao)"), max_length=200, required=False)
    isco_code = forms.CharField(
        label=_("ISCO-08 occupation code"),
        max_length=4,
        help_text=_("4 digits, e.g. 8153 sewing machine operators; trained people are matched on it."),
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices)
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.all(),
        required=False,
        help_text=_("Empty: the employer's."),
    )
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.none(), required=False)
    openings = forms.IntegerField(label=_("Openings"), min_value=1, max_value=10000, initial=1)
    wage_monthly = forms.IntegerField(label=_("Monthly wage offered"), min_value=0, required=False)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, required=False)
    opens_on = forms.DateField(label=_("Opens on"), widget=_date)
    closes_on = forms.DateField(label=_("Closes on"), widget=_date, required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces_lao_first()


class VacancyForm(VacancyEditForm):
    """Post a vacancy: for which employer and by whom, then the job."""

    employer = OrganisationChoiceField(label=_("Employer"), queryset=Organisation.objects.none())
    posted_by = OrganisationChoiceField(label=_("Posted by"), queryset=Organisation.objects.none())
    field_order = ["employer", "posted_by"]

    def __init__(self, *args, employers, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers
        self.fields["posted_by"].queryset = organisations


class VacancyStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=VacancyStatus.choices)


class PlacementForm(forms.Form):
    """Record a placement; from a vacancy the employer, title, place and wage default to the vacancy's."""

    person_id = forms.UUIDField(widget=forms.HiddenInput)
    employer = OrganisationChoiceField(
        label=_("Employer"), queryset=Organisation.objects.none(), required=False
    )
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    isco_code = forms.CharField(label=_("ISCO-08 occupation code"), max_length=4, required=False)
    starts_on = forms.DateField(label=_("Start date"), widget=_date)
    country = forms.ModelChoiceField(label=_("Country"), queryset=Country.objects.all(), required=False)
    province = forms.ModelChoiceField(label=_("Province"), queryset=Province.objects.none(), required=False)
    wage_monthly = forms.IntegerField(label=_("Monthly wage"), min_value=0, required=False)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, required=False)
    funding_project = forms.ModelChoiceField(
        label=_("Funding project"), queryset=Project.objects.all(), required=False
    )
    recorded_by_organisation = OrganisationChoiceField(
        label=_("Recorded by"), queryset=Organisation.objects.none()
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, employers, organisations, vacancy=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = employers
        self.fields["recorded_by_organisation"].queryset = organisations
        self.fields["province"].queryset = provinces_lao_first()
        if vacancy is not None:
            # The vacancy says who, what and where; the officer gives the date and the wage agreed.
            for name in ("employer", "job_title", "isco_code", "country", "province"):
                del self.fields[name]
            self.fields["wage_monthly"].help_text = _("Empty: the wage the vacancy offers.")
        if organisations.count() == 1:
            self.fields["recorded_by_organisation"].initial = organisations.first()


class PlacementEndForm(forms.Form):
    ends_on = forms.DateField(label=_("The job ended on"), widget=_date)


class FollowUpForm(forms.Form):
    checkpoint = forms.TypedChoiceField(label=_("Checkpoint"), choices=Checkpoint.choices, coerce=int)
    checked_on = forms.DateField(label=_("Checked on"), widget=_date)
    still_employed = forms.TypedChoiceField(
        label=_("Still employed?"),
        choices=[
            ("yes", _("Yes, still working")),
            ("no", _("No, no longer working")),
            ("not_reached", _("Could not be reached")),
        ],
        # None: not reached (the service closes the checkpoint without an answer about the job).
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        widget=forms.RadioSelect,
    )
    current_wage = forms.IntegerField(label=_("Current monthly wage"), min_value=0, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, open_checkpoints=None, **kwargs):
        super().__init__(*args, **kwargs)
        if open_checkpoints is not None and "checkpoint" in self.fields:
            # Only the checkpoints still to record are offered (the service refuses a second one anyway).
            self.fields["checkpoint"].choices = [c for c in Checkpoint.choices if c[0] in open_checkpoints]


class FollowUpCorrectForm(FollowUpForm):
    """A recorded follow-up's date, answer, wage and note (its checkpoint stays)."""

    checkpoint = None  # type: ignore[assignment]

    @staticmethod
    def prefix_for(checkpoint: int) -> str:
        """Each recorded checkpoint has its own form on the placement page."""
        return f"correct-{checkpoint}"

    @classmethod
    def of(cls, follow_up, **kwargs) -> "FollowUpCorrectForm":
        answer = {True: "yes", False: "no"}.get(follow_up.still_employed, "not_reached")
        initial = {
            "checked_on": follow_up.checked_on,
            "still_employed": answer,
            "current_wage": follow_up.current_wage,
            "note": follow_up.note,
        }
        return cls(initial=initial, prefix=cls.prefix_for(follow_up.checkpoint), **kwargs)
