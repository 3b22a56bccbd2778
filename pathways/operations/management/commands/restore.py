from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pathways.operations.backup import archive as backups


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty database: bring it to the backup's migration state, load "
        "every row, compare counts and checksums, restore the files, migrate forward (an upgrade when the "
        "backup is older) and verify every certificate's signature."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz written by manage.py backup")
        parser.add_argument("--database", default="default", help="Database alias (default: default)")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Overwrite a database that already holds accounts or people",
        )
        parser.add_argument(
            "--no-upgrade", action="store_true", help="Stay at the backup's migration state (do not migrate)"
        )

    def handle(self, *args, archive: str, database: str, replace: bool, no_upgrade: bool, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No archive at {path}.")
        try:
            outcome = backups.restore(
                archive_path=path, using=database, replace=replace, upgrade=not no_upgrade
            )
        except backups.RestoreRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(
            f"Restored {outcome.rows:,} rows in {outcome.tables} tables (counts and checksums match) and "
            f"{outcome.files} files; {outcome.certificates_verified:,} certificate signatures verified."
        )
        for note in outcome.notes:
            self.stderr.write(note)
