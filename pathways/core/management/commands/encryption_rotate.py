"""Re-encrypt every encrypted column with the first configured key (after a new key was put first)."""

from cryptography.fernet import InvalidToken
from django.core.management.base import BaseCommand, CommandError

from pathways.core import encryption


class Command(BaseCommand):
    help = "Re-encrypt protection case text with the first of ENCRYPTION_KEYS / ENCRYPTION_KEY_FILE."

    def handle(self, *args, **options) -> None:
        try:
            done = encryption.rotate()
        except InvalidToken:
            raise CommandError(
                "Some text was written with a key that is not configured: add the old key after the new one "
                "and run this again (rows already done keep the new key)."
            ) from None
        for column, count in done.items():
            self.stdout.write(f"{column}: {count} re-encrypted")
        self.stdout.write("Every encrypted value now uses the first key; older keys may be removed.")
