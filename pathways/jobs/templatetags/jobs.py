"""Template filters of the employment pages."""

from django import template

register = template.Library()


@register.filter
def money(amount, currency: str = "") -> str:
    """2500000, "LAK" -> "2,500,000 LAK": grouped the same in every language (Django has no Lao number
    format, so its own grouping would print 2500000 on the Lao pages)."""
    if amount is None or amount == "":
        return "—"
    return f"{int(amount):,} {currency}".strip()
