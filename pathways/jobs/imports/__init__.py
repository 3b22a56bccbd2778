"""Import kinds of the jobs app: placements and follow_ups (registered in JobsConfig.ready()), and what both
read from a row."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def wage_amount(raw: str, *, field: str = "wage_monthly") -> int | None:
    """A whole monthly wage as partners write it: 2500000, 2,500,000, 2.500.000, 2 500 000, 9500.00."""
    text = (raw or "").strip()
    if not text:
        return None
    digits = re.sub(r"[\s,.'](?=\d{3}(\D|$))", "", text)
    digits = re.sub(r"\.0+$", "", digits)
    if not re.fullmatch(r"\d+", digits):
        raise ValidationError(
            {
                field: _("%(v)s is not a whole amount of money (e.g. 2500000 or 2,500,000).")
                % {"v": repr(text[:40])}
            }
        )
    return int(digits)
