from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from pathways.operations.backup import archive


class Command(BaseCommand):
    help = (
        "Write a backup archive: every table as portable JSON lines (SQLite or PostgreSQL), the uploaded "
        "files, the certificate keys' identifiers (never a private key), with counts and checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", metavar="PATH.tar.gz", help="Archive to write (default: in BACKUP_DIR)"
        )
        parser.add_argument("--database", default="default", help="Database alias (default: default)")

    def handle(self, *args, output: str | None, database: str, **options):
        if output is None:
            from datetime import UTC, datetime

            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
            output = str(Path(settings.BACKUP_DIR) / f"pathways-{stamp}.tar.gz")
        outcome = archive.backup(output=Path(output), using=database)
        self.stdout.write(
            f"Wrote {outcome.path} ({outcome.path.stat().st_size:,} bytes): {outcome.rows:,} rows in "
            f"{outcome.tables} tables, {outcome.files} files. It holds personal data: keep it encrypted, "
            "and keep CERTIFICATE_SIGNING_KEY, ENCRYPTION_KEYS and SECRET_KEY apart from it."
        )
