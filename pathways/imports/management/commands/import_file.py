import json
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from pathways.accounts.models import User
from pathways.imports import services
from pathways.imports.mapping import Mapping
from pathways.imports.models import ImportJob, JobStatus


class Command(BaseCommand):
    help = (
        "Import a CSV, XLSX or KoboToolbox/ODK export. All accepted rows are written in one transaction or "
        "none; run the same command again after an interruption to finish."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--kind", required=True, help="Import kind, e.g. people")
        parser.add_argument("--mapping", help="Mapping JSON file (columns, values, key, sheet)")
        parser.add_argument("--source", default="", help="Source name (default: the file name)")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, write nothing")
        parser.add_argument("--user", default="", help="Username to import as (default: first administrator)")
        parser.add_argument("--report", help="Write the rejected rows to this CSV file")

    def handle(self, path, kind, mapping, source, dry_run, user, report, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {path}")
        actor = (
            User.objects.filter(username=user).first()
            if user
            else User.objects.filter(role="admin", is_active=True).order_by("date_joined").first()
        )
        if actor is None:
            raise CommandError("No such user; pass --user USERNAME.")
        content = file.read_bytes()
        chosen = Mapping.from_file(mapping).to_dict() if mapping else None
        started = time.perf_counter()
        try:
            job = self._unfinished(file, content, kind, source)
            if job is None:
                job = services.import_job_create(
                    actor=actor, kind=kind, filename=file.name, content=content, source=source, mapping=chosen
                )
            else:
                self.stderr.write(f"Finishing the interrupted import {job.pk}.")
            if chosen is None:
                self.stderr.write(
                    "Mapping proposed from the headers: " + json.dumps(job.mapping, ensure_ascii=False)
                )
            with transaction.atomic():
                services.import_job_start(actor=actor, job=job, dry_run=dry_run, background=False)
            # The command is its own worker: run here rather than in a thread that would die with it.
            job = services.import_job_execute(job_id=str(job.pk), dry_run=dry_run)
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        elapsed = time.perf_counter() - started
        counts = job.counts
        self.stdout.write(
            f"{'Dry run' if dry_run else 'Imported'} {counts.get('rows', 0):,} rows in {elapsed:.1f} s: "
            + ", ".join(
                f"{k} {counts.get(k, 0):,}"
                for k in (
                    "created",
                    "updated",
                    "unchanged",
                    "skipped",
                    "rejected",
                    "duplicates",
                    "warned",
                    "excluded",
                )
            )
        )
        if job.message:
            self.stdout.write(job.message)
        if report:
            import csv

            from pathways.imports.reports import rejection_rows

            with open(report, "w", encoding="utf-8-sig", newline="") as handle:
                csv.writer(handle).writerows(rejection_rows(job))
        if job.status == JobStatus.FAILED:
            raise CommandError(job.message)

    def _unfinished(self, file: Path, content: bytes, kind: str, source: str) -> ImportJob | None:
        import hashlib

        return (
            ImportJob.objects.filter(
                sha256=hashlib.sha256(content).hexdigest(),
                kind=kind,
                source=(source or file.stem).strip()[:120],
                status__in=[JobStatus.QUEUED, JobStatus.RUNNING],
            )
            .order_by("-created_at")
            .first()
        )
