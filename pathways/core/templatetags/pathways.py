import phonenumbers
from django import template
from django.utils.html import format_html

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
def phone_link(number: str) -> str:
    """The number as a link a phone dials when tapped (tel: takes the E.164 form, without spaces)."""
    if not number.startswith("+"):
        return phone(number)
    return format_html('<a href="tel:{}" class="nowrap">{}</a>', number, phone(number))


@register.filter
def audit_action(action: str) -> str:
    return audit.action_label(action)


@register.filter
def audit_fields(event) -> str:
    return ", ".join(audit.field_labels(event.object_type, event.changed_fields))
