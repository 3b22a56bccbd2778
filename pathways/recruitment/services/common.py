"""Checks the recruitment services share."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.recruitment import access


def require_register_manager(actor) -> None:
    if not access.manages_registers(actor):
        raise PermissionDenied(
            _("Only national staff license agencies, record the ministry's decisions and approve job orders.")
        )


def day_errors(field: str, day: datetime.date | None, *, future_ok: bool = False) -> dict:
    if day is None:
        return {field: _("Give the date.")}
    if not future_ok and day > timezone.localdate():
        return {field: _("The date is in the future.")}
    return {}


def text(value: str | None) -> str:
    return (value or "").strip()
