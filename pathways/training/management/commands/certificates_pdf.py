from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pathways.training.models import Certificate, Cohort
from pathways.training.pdf import certificate_files_write


class Command(BaseCommand):
    help = "Write one PDF per certificate of a cohort into a folder (for printing), using every core."

    def add_arguments(self, parser):
        parser.add_argument("cohort_id")
        parser.add_argument("folder")
        parser.add_argument("--workers", type=int, default=None, help="Processes (default: one per core)")

    def handle(self, *args, cohort_id: str, folder: str, workers: int | None, **options):
        try:
            cohort = Cohort.objects.get(pk=cohort_id)
        except (Cohort.DoesNotExist, ValueError):
            raise CommandError(f"No cohort {cohort_id}.") from None
        certificates = Certificate.objects.filter(enrolment__cohort=cohort).select_related(
            "course", "institution", "enrolment__cohort"
        )
        Path(folder).mkdir(parents=True, exist_ok=True)
        paths = certificate_files_write(certificates, folder, workers=workers)
        self.stdout.write(f"Wrote {len(paths)} certificates to {folder}.")
