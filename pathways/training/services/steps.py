"""The RPL step table: every step of an application records who did it and when."""

from django.utils import timezone

from pathways.training.models import RplApplication, RplStep


def rpl_step_add(
    *, actor, application: RplApplication, kind: str, outcome: str = "", note: str = ""
) -> RplStep:
    """Append a step; called inside the service that did the step, so both are saved or neither."""
    return RplStep.objects.create(
        application=application,
        kind=kind,
        at=timezone.now(),
        by=actor,
        outcome=outcome[:40],
        note=note.strip(),
    )
