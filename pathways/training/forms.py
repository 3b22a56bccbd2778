"""Page forms: they parse what was typed; every rule lives in training.services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from pathways.accounts.models import User
from pathways.core.forms import DateInput

# Moved to core.forms (every app's pages use it); kept importable here for code written against the old place.
from pathways.core.forms import add_service_errors as add_service_errors
from pathways.partners.models import Organisation, OrganisationKind
from pathways.people.models import MigrantStatus
from pathways.results.models import Project
from pathways.training.models import (
    AttendanceStatus,
    Cohort,
    CohortKind,
    Course,
    DropoutReason,
    Result,
)

_date = DateInput()
INSTITUTION_KINDS = [OrganisationKind.TVET_SCHOOL, OrganisationKind.SKILLS_CENTRE]


class CohortForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.filter(is_active=True))
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=Organisation.objects.none())
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    code = forms.CharField(
        label=_("Code"),
        required=False,
        max_length=40,
        help_text=_("What partners write in attendance and enrolment sheets; left empty, one is made."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=CohortKind.choices)
    starts_on = forms.DateField(label=_("First day"), widget=_date)
    ends_on = forms.DateField(label=_("Last day"), widget=_date)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=1000)
    trainers = forms.ModelMultipleChoiceField(
        label=_("Trainers"), queryset=User.objects.filter(is_active=True), required=False
    )
    funding_project = forms.ModelChoiceField(
        label=_("Funding project"), queryset=Project.objects.all(), required=False
    )
    eligible_statuses = forms.MultipleChoiceField(
        label=_("Who may enrol (empty: anyone)"),
        choices=MigrantStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_attendance_share = forms.DecimalField(
        label=_("Minimum attendance share"), initial="0.80", min_value=0, max_value=1, decimal_places=2
    )
    assessment_required = forms.BooleanField(
        label=_("Every unit assessed competent to complete"), required=False, initial=True
    )

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions


class EnrolForm(forms.Form):
    person_id = forms.UUIDField(widget=forms.HiddenInput)
    institution = forms.ModelChoiceField(
        label=_("Participant's institution (training of trainers)"),
        queryset=Organisation.objects.filter(kind__in=INSTITUTION_KINDS),
        required=False,
    )


class AssessmentForm(forms.Form):
    unit = forms.ChoiceField(label=_("Unit"))
    result = forms.ChoiceField(
        label=pgettext_lazy("assessment", "Result"), choices=Result.choices, widget=forms.RadioSelect
    )
    assessed_on = forms.DateField(label=_("Date"), widget=_date)
    evidence_note = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the assessor observed or checked."),
    )
    evidence_file = forms.FileField(label=_("Evidence file (PDF, JPEG, PNG; at most 5 MB)"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [(u.pk, f"{u.code} {u.title_en}") for u in units]


class AssessmentGridForm(forms.Form):
    """The date and note for a whole grid; the cells come as `result.<enrolment id>.<unit id>` fields."""

    assessed_on = forms.DateField(label=_("Date of the assessment"), widget=_date)
    evidence_note = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the assessor observed or checked; kept with every result saved from this grid."),
    )

    CELL_PREFIX = "result."

    def cells(self) -> dict[tuple[str, str], str]:
        cells = {}
        for key, value in self.data.items():
            if key.startswith(self.CELL_PREFIX) and key.count(".") == 2:
                _prefix, enrolment_id, unit_id = key.split(".")
                cells[(enrolment_id, unit_id)] = value
        return cells


class DropoutForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=DropoutReason.choices)
    on = forms.DateField(label=_("Date"), widget=_date)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason for revoking"), max_length=300)


class RplApplyForm(forms.Form):
    person_id = forms.UUIDField(label=_("Person (registry ID)"))
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.filter(is_active=True))
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=Organisation.objects.none())
    experience = forms.CharField(
        label=_("Work experience"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions


class EligibilityForm(forms.Form):
    eligible = forms.TypedChoiceField(
        label=_("Eligible"),
        choices=[("yes", _("Eligible")), ("no", _("Not eligible"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    assessor = forms.ModelChoiceField(label=_("Assessor"), queryset=User.objects.none(), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, assessors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessor"].queryset = assessors


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, JPEG, PNG; at most 5 MB)"))
    description = forms.CharField(label=_("What it shows"), max_length=300)


class GapForm(forms.Form):
    cohort: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Enrol in cohort (optional)"), queryset=Cohort.objects.none(), required=False
    )
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ScheduleForm(forms.Form):
    scheduled_on = forms.DateField(label=_("Module in the schedule since"), widget=_date, required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate number or the code read from the QR"),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off", "spellcheck": "false"}),
        max_length=2000,
    )
    birth_date = forms.DateField(
        label=_("Holder's date of birth (with a number: to see the holder's name)"),
        required=False,
        widget=DateInput(attrs={"autocomplete": "off"}),
    )


ATTENDANCE_CHOICES = AttendanceStatus.choices
