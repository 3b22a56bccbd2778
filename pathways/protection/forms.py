from django import forms
from django.utils.translation import gettext_lazy as _

from pathways.accounts.models import User
from pathways.core.forms import DateInput
from pathways.partners.models import Organisation
from pathways.protection.models import CaseKind, ClosureReason, RiskLevel
from pathways.results.models import Project

_date = DateInput()


class _UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


class _UsersChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return _UserChoice.label_from_instance(self, obj)  # type: ignore[arg-type]


class CaseEditForm(forms.Form):
    """What the case is about; whose it is and who manages it are fixed once it is opened."""

    # A blank first choice: a hurried submit must not record "trafficking, high risk" by default. Not
    # required here, so that the service's own message ("Choose the kind of case.") is the one shown.
    kind = forms.ChoiceField(label=_("Kind of case"), choices=[("", "—"), *CaseKind.choices], required=False)
    risk = forms.ChoiceField(label=_("Risk"), choices=[("", "—"), *RiskLevel.choices], required=False)
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("What happened and what the person needs. Seen only by the case's team."),
    )
    funding_project = forms.ModelChoiceField(
        label=_("Funding project"), queryset=Project.objects.all(), required=False, empty_label="—"
    )


class TeamForm(forms.Form):
    supervisor = _UserChoice(label=_("Supervisor"), queryset=User.objects.none(), empty_label="—")
    # Not required here: the service says "Assign at least one case worker." in the reader's language.
    case_workers = _UsersChoice(
        label=_("Case workers"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, eligible, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = eligible
        self.fields["case_workers"].queryset = eligible


class CaseOpenForm(CaseEditForm):
    """Open a case: who manages it and when, then what it is about and who works on it."""

    organisation = forms.ModelChoiceField(label=_("Case managed by"), queryset=Organisation.objects.none())
    opened_on = forms.DateField(label=_("Opened on"), widget=_date)
    supervisor = _UserChoice(label=_("Supervisor"), queryset=User.objects.none(), empty_label="—")
    case_workers = _UsersChoice(
        label=_("Other case workers"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("You are assigned to the case you open."),
    )
    field_order = ["organisation", "opened_on", "kind", "risk", "supervisor", "case_workers"]

    def __init__(self, *args, organisations, eligible, opener, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()
        # The opener is assigned anyway and does not supervise their own case.
        self.fields["supervisor"].queryset = eligible.exclude(pk=opener.pk)
        self.fields["case_workers"].queryset = eligible.exclude(pk=opener.pk)


class CloseForm(forms.Form):
    closed_on = forms.DateField(label=_("Closed on"), widget=_date)
    closure_reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", "—"), *ClosureReason.choices], required=False
    )
    note = forms.CharField(label=_("Closing note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class NoteForm(forms.Form):
    written_on = forms.DateField(label=_("Date"), widget=_date)
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
