"""Check the audit log's hash chain: `manage.py audit_verify` exits 1 and names the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from pathways.core import audit


class Command(BaseCommand):
    help = "Verify the audit log's hash chain and name the first broken link."

    def handle(self, *args, **options) -> None:
        checked, broken = audit.verify()
        if broken is not None:
            event = f" (event id {broken.event_id})" if broken.event_id is not None else ""
            raise CommandError(
                f"The audit log is broken at link {broken.seq}{event}: {broken.reason}. "
                f"{checked} event(s) read; everything before link {broken.seq} holds."
            )
        self.stdout.write(
            f"The audit log holds: {checked} event(s) chained, none edited, removed or inserted."
        )
