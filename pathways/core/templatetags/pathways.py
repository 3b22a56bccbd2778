import phonenumbers
from django import template

from pathways.core import audit

register = template.Library()


@register.filter
def phone(number: str) -> str:
    """Show an E.164 number the way people read it: +856 20 76 161 659."""
    try:
        parsed = phonenumbers.parse(number)
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@register.filter
def audit_action(action: str) -> str:
    return audit.action_label(action)


@register.filter
def audit_fields(event) -> str:
    return ", ".join(audit.field_labels(event.object_type, event.changed_fields))
