"""Exchange rates kept as records, and converting what a worker paid or earned to US dollars at the rate of
the day: SDG 10.7.1 divides costs paid in kip, baht or won by earnings in another currency, so both sides are
brought to one unit first, each at its own date."""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pathways.core import audit
from pathways.recruitment.models import ExchangeRate
from pathways.recruitment.services.common import day_errors, require_register_manager, text

USD = "USD"
CENT = Decimal("0.01")
# Above this an amount is a typing mistake (a trillion kip is about 45 million US dollars); the columns hold
# no more.
MAX_AMOUNT = Decimal(10) ** 12


def known_currencies() -> list[str]:
    return sorted({USD, *ExchangeRate.objects.values_list("currency", flat=True).distinct()})


def currency_error(currency: str) -> str | None:
    """Why `currency` cannot be used, or None: an ISO 4217 code with at least one rate recorded."""
    if currency == USD:
        return None
    if not ExchangeRate.objects.filter(currency=currency).exists():
        return _(
            "Unknown currency %(code)r: use one with exchange rates recorded (%(known)s), or add its rates."
        ) % {
            "code": currency,
            "known": ", ".join(known_currencies()),
        }
    return None


def rate_on(currency: str, day: datetime.date) -> Decimal | None:
    """Units of `currency` per US dollar on `day`: the latest rate recorded on or before it."""
    if currency == USD:
        return Decimal(1)
    rate = ExchangeRate.objects.filter(currency=currency, valid_on__lte=day).order_by("-valid_on").first()
    return rate.units_per_usd if rate else None


def amount_errors(
    field: str, amount: Decimal | None, currency: str, day: datetime.date | None, *, zero_ok: bool
) -> tuple[dict[str, str], Decimal | None]:
    """Check an amount in a currency on a day; return the errors (by field) and the rate to use."""
    errors: dict[str, str] = {}
    if amount is None:
        errors[field] = _("Give the amount.")
    elif amount < 0:
        errors[field] = _("An amount cannot be negative.")
    elif amount >= MAX_AMOUNT:
        errors[field] = _("This amount is too large to be right: check the number of digits.")
    elif amount == 0 and not zero_ok:
        errors[field] = _("Earnings of zero cannot be right: leave them empty when they are not known.")
    problem = currency_error(currency)
    if problem:
        errors["currency"] = problem
        return errors, None
    if day is None:
        return errors, None
    rate = rate_on(currency, day)
    if rate is None:
        errors["currency"] = _(
            "No %(code)s rate recorded on or before %(date)s: add the rate of that day first."
        ) % {
            "code": currency,
            "date": f"{day:%Y-%m-%d}",
        }
    return errors, rate


def to_usd(amount: Decimal, rate: Decimal) -> Decimal:
    return (amount / rate).quantize(CENT, rounding=ROUND_HALF_UP)


@transaction.atomic
def exchange_rate_set(
    *, actor, currency: str, valid_on: datetime.date | None, units_per_usd: Decimal | None, source: str = ""
) -> ExchangeRate:
    """Record a day's rate (the Bank of the Lao PDR's reference rate, usually); a second rate for the same
    currency and day corrects the first."""
    require_register_manager(actor)
    currency = text(currency).upper()
    errors = day_errors("valid_on", valid_on)
    if not re.fullmatch(r"[A-Z]{3}", currency) or currency == USD:
        errors["currency"] = _(
            "Give the currency's three-letter ISO code (LAK, THB, KRW...); rates are per US dollar."
        )
    if units_per_usd is None or not 0 < units_per_usd < MAX_AMOUNT:
        errors["units_per_usd"] = _("Give how many units one US dollar bought that day (more than 0).")
    if errors:
        raise ValidationError(errors)
    assert valid_on is not None and units_per_usd is not None  # checked above
    rate, created = ExchangeRate.objects.update_or_create(
        currency=currency,
        valid_on=valid_on,
        defaults={"units_per_usd": units_per_usd, "source": text(source)},
    )
    audit.record(
        actor=actor, action="exchange_rate.set", obj=rate, changed_fields=[] if created else ["units_per_usd"]
    )
    return rate
