"""Small-cell suppression for anything published or exported.

Counts from 1 to threshold-1 are withheld (primary suppression). A table publishes its totals too, so a single
withheld cell in a row or column could be worked out by subtraction: whenever an additive line (cells plus the
total they sum to) has exactly one withheld entry, the next-smallest entry of that line is withheld as well
(complementary suppression), preferring non-zero cells, and this repeats until no line gives one away. Lines
share entries (the sex totals are the bottom row of every table of an indicator), so withholding spreads
across tables the same way.
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

PRIMARY = "primary"
SECONDARY = "secondary"


@dataclass(frozen=True)
class Line:
    cells: tuple[Hashable, ...]
    total: Hashable


def suppress(counts: Mapping[Hashable, int], lines: Iterable[Line], *, threshold: int) -> dict[Hashable, str]:
    """Return {key: PRIMARY|SECONDARY} for the entries to withhold."""
    withheld: dict[Hashable, str] = {
        key: PRIMARY for key, n in counts.items() if n is not None and 0 < n < threshold
    }
    lines = [line for line in lines if line.total in counts]
    changed = True
    while changed:
        changed = False
        for line in lines:
            entries = [k for k in (*line.cells, line.total) if k in counts]
            hidden = [k for k in entries if k in withheld]
            if len(hidden) != 1:
                continue
            candidates = [k for k in line.cells if k in counts and k not in withheld]
            nonzero = [k for k in candidates if counts[k]]
            pick_from = nonzero or candidates or ([line.total] if line.total not in withheld else [])
            if not pick_from:
                continue
            choice = min(pick_from, key=lambda k: (counts[k], str(k)))
            withheld[choice] = SECONDARY
            changed = True
    return withheld


def shown(value, *, withheld: str | None, threshold: int) -> str:
    """How a published figure reads: '<5' for a small count, 'x' for one withheld to protect another."""
    if withheld == PRIMARY:
        return f"<{threshold}"
    if withheld == SECONDARY:
        return "x"
    return format_number(value)


def format_number(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) or (hasattr(value, "as_integer_ratio") and not isinstance(value, int)):
        number = float(value)
        return f"{number:,.0f}" if number.is_integer() else f"{number:,.1f}"
    return f"{value:,}"
