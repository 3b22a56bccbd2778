"""Pages for imports: upload, map, dry run, import, progress, report. Parse, call a service, render."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pathways.accounts.scopes import scope_of
from pathways.core.forms import add_service_errors
from pathways.core.paging import page_of
from pathways.imports import registry, reports, selectors, services
from pathways.imports.forms import MappingForm, UploadForm
from pathways.imports.models import RowIssue


def _require_importer(request) -> None:
    if not scope_of(request.user).can_write_people:
        raise PermissionDenied(_("Your role may not import data."))


_add_errors = add_service_errors


@login_required
def job_list(request):
    _require_importer(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        xlsform = form.cleaned_data.get("xlsform")
        try:
            job = services.import_job_create(
                actor=request.user,
                kind=form.cleaned_data["kind"],
                filename=upload.name,
                content=upload.read(),
                source=form.cleaned_data["source"],
                xlsform=xlsform.read() if xlsform else None,
                language=get_language(),
            )
            return redirect("import-detail", job_id=job.pk)
        except ValidationError as error:
            _add_errors(form, error)
    return render(
        request,
        "imports/list.html",
        {
            "form": form,
            "jobs": page_of(request, selectors.job_list(actor=request.user)),
            "kinds": registry.kinds(),
        },
        status=400 if form.errors else 200,
    )


@login_required
def job_detail(request, job_id):
    _require_importer(request)
    job = selectors.job_get(actor=request.user, job_id=job_id)
    form = MappingForm(request.POST or None, job=job)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in ("dry_run", "import") and form.is_valid():
                services.import_job_map(actor=request.user, job=job, mapping=form.to_mapping())
                services.import_job_start(actor=request.user, job=job, dry_run=action == "dry_run")
                return redirect("import-detail", job_id=job.pk)
            if action == "restart":
                services.import_job_start(actor=request.user, job=job, dry_run=job.dry_run)
                return redirect("import-detail", job_id=job.pk)
        except ValidationError as error:
            _add_errors(form, error)
    done, total = services.job_progress(job)
    issues = job.issues.all()
    shown = list(issues[:100])
    kind = registry.get(job.kind)
    if kind is not None and kind.record_url:
        warned = [i.row for i in shown if i.level == RowIssue.WARNING]
        records = selectors.records_by_row(job=job, rows=warned) if warned else {}
        for issue in shown:
            if issue.level == RowIssue.WARNING and issue.row in records:
                issue.record_url = reverse(kind.record_url, args=[records[issue.row]])
    return render(
        request,
        "imports/detail.html",
        {
            "job": job,
            "form": form,
            "kind": kind,
            "done": done,
            "total": total,
            "percent": min(100, int(100 * done / total)) if total else 0,
            "issues": shown,
            "issue_count": issues.count(),
            "counts": job.counts,
        },
        status=400 if form.errors else 200,
    )


@login_required
def job_report(request, job_id, fmt):
    _require_importer(request)
    job = selectors.job_get(actor=request.user, job_id=job_id)
    rows = reports.rejection_rows(job)
    name = f"import-report-{job.created_at:%Y%m%d}-{str(job.pk)[:8]}"
    if fmt == "xlsx":
        response = HttpResponse(
            reports.as_xlsx(rows, _("Rejected rows")),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    import csv

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")  # Excel opens UTF-8 (Lao text) correctly only with a BOM
    csv.writer(response).writerows(rows)
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
