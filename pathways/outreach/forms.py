from django import forms
from django.utils.translation import gettext_lazy as _

from pathways.core.forms import DateInput
from pathways.outreach.models import Topic
from pathways.partners.models import Organisation
from pathways.places.selectors import district_list, province_list, provinces_lao_first
from pathways.results.models import Project

_date = DateInput()


class SessionEditForm(forms.Form):
    """What happened at a session; who ran it is fixed once it is recorded."""

    held_on = forms.DateField(label=_("Held on"), widget=_date)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    province = forms.ModelChoiceField(label=_("Province"), queryset=province_list())
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=district_list(),
        required=False,
        help_text=_("In the province above; empty when not known."),
    )
    venue = forms.CharField(label=_("Village or venue"), max_length=200, required=False)
    women_not_named = forms.IntegerField(
        label=_("Women not named"),
        min_value=0,
        initial=0,
        help_text=_("Attendees whose names were not taken; named attendees are added on the session's page."),
    )
    men_not_named = forms.IntegerField(label=_("Men not named"), min_value=0, initial=0)
    funding_project = forms.ModelChoiceField(
        label=_("Funding project"), queryset=Project.objects.all(), required=False
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces_lao_first()
        self.fields["district"].queryset = (
            district_list().select_related("province").order_by("province__name_en", "name_en")
        )


class SessionForm(SessionEditForm):
    """Record a session: who ran it, then what happened."""

    organisation = forms.ModelChoiceField(label=_("Run by"), queryset=Organisation.objects.none())
    field_order = ["organisation"]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()


class AttendeeForm(forms.Form):
    person_id = forms.UUIDField(widget=forms.HiddenInput)
    pre_test = forms.IntegerField(label=_("Test before (%)"), min_value=0, max_value=100, required=False)
    post_test = forms.IntegerField(label=_("Test after (%)"), min_value=0, max_value=100, required=False)


class ScoresForm(forms.Form):
    pre_test = forms.IntegerField(label=_("Test before (%)"), min_value=0, max_value=100, required=False)
    post_test = forms.IntegerField(label=_("Test after (%)"), min_value=0, max_value=100, required=False)
