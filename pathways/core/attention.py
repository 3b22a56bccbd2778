"""What needs the user's attention, on the dashboard: an extension point each app feeds with its own counts
(open protection cases, referrals awaiting an outcome, follow-ups due), read from its own records and scoped
by its own selectors, so the dashboard names no app."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Item:
    label: Any
    count: int
    url: str
    # How many of them are urgent (high-risk cases, overdue follow-ups), said in red: "2 high risk".
    urgent: int = 0
    urgent_label: Any = ""


Provider = Callable[..., Iterable[Item]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def items_for(actor) -> list[Item]:
    """Every app's items for `actor` that count something (nothing to do is not shown)."""
    return [item for provider in _providers for item in provider(actor=actor) if item.count]
