"""Form pieces for choosing an organisation."""

from django import forms

from pathways.partners.models import Organisation


class OrganisationChoiceField(forms.ModelChoiceField):
    """An organisation by its full name in the reader's language, then its acronym: acronyms alone (SDED,
    LWU...) are not known to everyone."""

    def label_from_instance(self, obj: Organisation) -> str:
        return f"{obj.display_name} ({obj.acronym})" if obj.acronym else obj.display_name
