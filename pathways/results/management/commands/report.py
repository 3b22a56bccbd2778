import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import translation

from pathways.operations.replica import reading_reports
from pathways.results import exports, selectors
from pathways.results.dhis2.payload import NotReady, dhis2_export


class Command(BaseCommand):
    help = "Write a project's donor report for a period (always published: small counts withheld)."

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="Project code, e.g. PROMISE-II")
        parser.add_argument("--period", required=True, help="Period label, e.g. 2023, 2023-H1, 2023-Q3")
        parser.add_argument("--format", required=True, choices=["xlsx", "pdf", "json", "dhis2", "hxl"])
        parser.add_argument("--out", required=True, help="File to write")
        parser.add_argument("--lang", default="en", choices=list(exports.LANGUAGES), help="en or lo")

    def handle(self, *args, project, period, format, out, lang, **options):
        try:
            the_project = selectors.project_get(code=project)
            the_period = selectors.period_get(project=the_project, label=period)
        except Http404:
            raise CommandError(f"No project {project!r} with a period {period!r}.") from None
        with translation.override(lang), reading_reports():
            report = selectors.report_for(actor=None, project=the_project, period=the_period, published=True)
            if format == "dhis2":
                try:
                    content = json.dumps(dhis2_export(report).bulk(), indent=1).encode()
                except NotReady as not_ready:
                    raise CommandError(" ".join(not_ready.problems)) from None
            elif format == "hxl":
                content = exports.report_hxl_csv(report).encode("utf-8")
            else:
                content = exports.report_file(report, format, language=lang)
        Path(out).write_bytes(content)
        self.stdout.write(f"Wrote {out} ({len(content):,} bytes).")
