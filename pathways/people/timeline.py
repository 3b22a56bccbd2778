"""The person timeline: an extension point that each app feeds with its own events.

Apps call `register(provider)` in their AppConfig.ready(); a provider takes (actor, person) and yields
TimelineEntry objects read from its own records, so no event is stored twice.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.people.models import Person


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime.date
    kind: str
    title: str
    detail: str = ""
    recorded_by: str = ""
    # Where the record behind the entry is shown (a case, a return), when it has a page of its own.
    url: str = ""


Provider = Callable[..., Iterable[TimelineEntry]]
_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def person_timeline(*, actor, person: Person) -> list[TimelineEntry]:
    """Return every app's events for the person, newest first."""
    entries = [entry for provider in _providers for entry in provider(actor=actor, person=person)]
    return sorted(entries, key=lambda e: e.when, reverse=True)


def registry_events(*, actor, person: Person) -> Iterable[TimelineEntry]:
    """The registry's own events: registration and consent."""
    yield TimelineEntry(
        when=timezone.localdate(person.created_at),
        kind="registered",
        title=_("Registered"),
        recorded_by=str(person.owner_organisation or ""),
    )
    for consent in person.consents.all():
        yield TimelineEntry(
            when=consent.given_on,
            kind="consent",
            title=_("Consent given"),
            detail=", ".join(consent.purpose_labels),
        )
        if consent.withdrawn_on:
            yield TimelineEntry(
                when=consent.withdrawn_on,
                kind="consent_withdrawn",
                title=_("Consent withdrawn"),
                detail=consent.withdrawal_reason,
            )
