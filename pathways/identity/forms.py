from django import forms
from django.utils.translation import gettext_lazy as _

from pathways.identity.services import MERGE_FIELDS

SIDE_CHOICES = [("survivor", _("kept record")), ("merged", _("merged record"))]


class MergeForm(forms.Form):
    """The reviewer keeps one record and picks, field by field, which record's value survives."""

    survivor = forms.ChoiceField(label=_("Keep"), choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)

    def __init__(self, *args, differing: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for field in differing:
            self.fields[f"choice_{field}"] = forms.ChoiceField(
                label=field, choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, required=False
            )

    def choices_for(self) -> tuple[str, dict[str, str]]:
        """Return which side survives and the per-field choices in the service's terms."""
        keep = self.cleaned_data["survivor"]
        choices = {}
        for field in MERGE_FIELDS:
            picked = self.cleaned_data.get(f"choice_{field}")
            if picked:
                choices[field] = "survivor" if picked == keep else "merged"
        return keep, choices
