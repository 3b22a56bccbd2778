"""Results pages: parse, call a selector, render."""

import json

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from pathways.accounts.scopes import require_personal_data, scope_of
from pathways.core.paging import page_of
from pathways.operations.replica import reads_reports
from pathways.places.models import Province
from pathways.results import exports, selectors
from pathways.results.access import may_manage_dhis2
from pathways.results.dashboard import chart_data, svgs
from pathways.results.dhis2.payload import NotReady, dhis2_export
from pathways.results.engine.dimensions import DIMENSION_LABELS, PERSON_DIMENSIONS, value_label
from pathways.results.reporting import localised

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "json": "application/json",
    "dhis2": "application/json",
    "hxl": "text/csv; charset=utf-8",
}


@login_required
def project_list(request):
    return render(request, "results/project_list.html", {"projects": selectors.project_list()})


@login_required
@reads_reports
def dashboard(request, code: str):
    project = selectors.project_get(code=code)
    periods = project.periods.all()
    if not periods:
        return render(request, "results/no_periods.html", {"project": project})
    period = selectors.period_get(project=project, label=request.GET.get("period"))
    report = selectors.report_for(actor=request.user, project=project, period=period)
    drill = scope_of(request.user).sees_personal_data
    empty = selectors.nothing_recorded(report)

    def drill_url(indicator_code: str, where: dict) -> str:
        url = reverse("results-records", args=[project.code, indicator_code])
        return f"{url}?{urlencode({'period': period.label, **where})}"

    return render(
        request,
        "results/dashboard.html",
        {
            "project": project,
            "period": period,
            "periods": periods,
            "report": report,
            "charts": svgs(chart_data(report), drill=drill_url if drill else None),
            "drill": drill,
            "dhis2": may_manage_dhis2(request.user),
            "empty": empty,
            # Said instead of leaving the reader before zeros; never switched to silently.
            "latest": selectors.latest_period_recorded(report) if empty else None,
            "since_start": [
                r.indicator.code
                for r in report.results
                if r.total.n and not selectors.counted_in_period(r.indicator)
            ],
        },
    )


@login_required
@reads_reports
def records(request, code: str, indicator_code: str):
    require_personal_data(request.user)
    project = selectors.project_get(code=code)
    period = selectors.period_get(project=project, label=request.GET.get("period"))
    indicator = selectors.indicator_get(project=project, code=indicator_code)
    where = {d: request.GET[d] for d in PERSON_DIMENSIONS if request.GET.get(d)}
    people = selectors.figure_people(actor=request.user, indicator=indicator, period=period, where=where)
    records = None
    if people is None:
        records = selectors.figure_records(
            actor=request.user, indicator=indicator, period=period, where=where
        )
    listed: QuerySet | None = people
    columns: list[str] = []
    if records is not None:
        source, rows = records
        columns = [str(label) for label, _path in source.columns]
        listed = rows.values_list(*[path for _label, path in source.columns])
    page = page_of(request, listed) if listed is not None else None
    if records is not None and page is not None:
        page.object_list = selectors.shown_rows(records[0], list(page.object_list))
    places = {p.code: str(p) for p in Province.objects.filter(code__in=[where.get("province", "")])}
    filters = [
        (DIMENSION_LABELS[d], value_label(d, v, bands=project.age_bands, places=places))
        for d, v in where.items()
    ]
    return render(
        request,
        "results/records.html",
        {
            "project": project,
            "period": period,
            "indicator": indicator,
            "title": localised(indicator),
            "page": page,
            "people": people is not None,
            "columns": columns,
            "noun": str(records[0].noun) if records else "",
            "filters": filters,
        },
    )


@login_required
@reads_reports
def report(request, code: str, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404("No such format.")
    project = selectors.project_get(code=code)
    period = selectors.period_get(project=project, label=request.GET.get("period"))
    language = request.GET.get("lang") or translation.get_language() or "en"
    language = language if language in exports.LANGUAGES else "en"
    with translation.override(language):
        # Files leave the system: always published, whoever asks.
        published = selectors.report_for(actor=request.user, project=project, period=period, published=True)
        if fmt == "dhis2":
            try:
                content = json.dumps(dhis2_export(published).bulk(), indent=1).encode()
            except NotReady as not_ready:
                return render(
                    request,
                    "results/dhis2_not_ready.html",
                    {
                        "project": project,
                        "problems": not_ready.problems,
                        "may_manage": may_manage_dhis2(request.user),
                    },
                    status=409,
                )
        elif fmt == "hxl":
            content = exports.report_hxl_csv(published).encode("utf-8")
        else:
            content = exports.report_file(published, fmt, language=language)
    ext = {"dhis2": "json", "hxl": "csv"}.get(fmt, fmt)
    suffix = f"-{language}" if fmt == "pdf" else ""
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    filename = f"{project.code}-{period.label}{'-dhis2' if fmt == 'dhis2' else ''}{suffix}.{ext}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
