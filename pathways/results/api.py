"""Results over the API at /api/v1/results/: projects, a project's indicators for a period with their
disaggregations, and every report file the results page offers.

Figures leave the system here, so they are published as the report files are (small cells withheld, with their
complements), whoever asks: a national officer's exact figures stay on their pages. Every role that may open
the results pages may read them, donors included; numbers are numbers, a withheld one is null and says why.
"""

import datetime
import enum
from typing import Literal
from uuid import UUID

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from pathways.api.paging import RecordPagination
from pathways.results import selectors, views
from pathways.results.reporting import IndicatorResult, Shown

router = Router(tags=["results"])

# Every format the results page offers (results.views.CONTENT_TYPES): a token downloads the same files.
ReportFormat = enum.Enum("ReportFormat", {f: f for f in views.CONTENT_TYPES}, type=str)  # type: ignore[misc]
Withheld = Literal["primary", "secondary"]


class PeriodOut(Schema):
    label: str = Field(description="2021, 2021-H1 or 2021-Q3")
    starts_on: datetime.date
    ends_on: datetime.date


class ProjectOut(Schema):
    id: UUID
    code: str
    name: str
    name_local: str
    starts_on: datetime.date
    ends_on: datetime.date
    donors: list[str]
    periods: list[PeriodOut]

    @staticmethod
    def resolve_donors(project) -> list[str]:
        return [str(d) for d in project.donors.all()]

    @staticmethod
    def resolve_periods(project) -> list:
        return list(project.periods.all())


class FigureOut(Schema):
    value: float | None = Field(description="null when withheld (or when there is nothing to divide)")
    shown: str = Field(description="as the reports print it: 1,234, <5, x")
    withheld: Withheld | None = Field(
        description="primary: a small count of people; secondary: withheld so a small one cannot be derived"
    )


class CellOut(FigureOut):
    sex: str | None = Field(description="the sex column (female, male, other); null for the row's total")


class RowOut(Schema):
    value: str | None = Field(
        description="the dimension's value (a province code, an age band...); null: total"
    )
    label: str
    cells: list[CellOut]


class TableOut(Schema):
    dimension: str = Field(
        description="sex, age_band, disability, province, migrant_status, or a source's own"
    )
    title: str
    rows: list[RowOut]


class IndicatorOut(Schema):
    code: str
    title: str
    outcome: str = Field(description="the code of the outcome (or objective) it reports under")
    unit: str
    baseline: float | None
    target: float | None
    progress: float | None = Field(description="percent of the period's target")
    total: FigureOut
    not_disaggregated_by: list[str] = Field(description="person dimensions that do not apply to its records")
    tables: list[TableOut]


class ReportOut(Schema):
    project: str
    period: str
    small_cell_threshold: int
    indicators: list[IndicatorOut]


def _figure(shown: Shown) -> dict:
    return {
        "value": None if shown.withheld or shown.value is None else float(shown.value),
        "shown": shown.text,
        "withheld": shown.withheld,
    }


def _indicator(outcome_code: str, r: IndicatorResult) -> dict:
    return {
        "code": r.indicator.code,
        "title": r.title,
        "outcome": outcome_code,
        "unit": r.indicator.unit,
        "baseline": None if r.indicator.baseline is None else float(r.indicator.baseline),
        "target": None if r.target is None else float(r.target),
        "progress": r.progress,
        "total": _figure(r.total),
        "not_disaggregated_by": r.not_disaggregated_by,
        "tables": [
            {
                "dimension": table.dimension,
                "title": table.title,
                "rows": [
                    {
                        # A row's value is in the key of its total cell; the last row is the table's total.
                        "value": cells[-1].where.get(table.dimension),
                        "label": label,
                        "cells": [{**_figure(c), "sex": c.where.get("sex")} for c in cells],
                    }
                    for label, cells in table.rows
                ],
            }
            for table in r.tables
        ],
    }


@router.get("/projects", response=list[ProjectOut], summary="Projects and their reporting periods")
@paginate(RecordPagination)
def project_list(request):
    return selectors.project_list().prefetch_related("periods").order_by("code", "pk")


@router.get("/projects/{code}", response=ProjectOut, summary="One project")
def project_detail(request, code: str):
    return selectors.project_get(code=code)


@router.get(
    "/projects/{code}/indicators",
    response=ReportOut,
    summary="The project's indicators for a period, with their disaggregations (published figures)",
)
def indicator_report(
    request,
    code: str,
    period: str | None = Query(None, description="a period label; the latest year that has started if none"),
):
    project = selectors.project_get(code=code)
    chosen = selectors.period_get(project=project, label=period)
    report = selectors.report_for(actor=request.auth, project=project, period=chosen, published=True)
    return {
        "project": project.code,
        "period": chosen.label,
        "small_cell_threshold": report.threshold,
        "indicators": [_indicator(node.code, r) for node, results in report.sections for r in results],
    }


@router.get(
    "/projects/{code}/report.{fmt}",
    response={200: None},
    summary="A report file: xlsx, pdf (lang=en|lo), json, dhis2 (dataValueSets) or hxl (CSV)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "the file, as the results page downloads it",
                # JSON reports are documents a client parses (an object); the others are files.
                "content": {
                    content_type.split(";")[0]: {
                        "schema": {"type": "object"}
                        if content_type == "application/json"
                        else {"type": "string", "format": "binary"}
                    }
                    for content_type in views.CONTENT_TYPES.values()
                },
            }
        }
    },
)
def report_file(
    request,
    code: str,
    fmt: ReportFormat,  # type: ignore[valid-type]
    period: str | None = Query(None, description="a period label; the latest year that has started if none"),
    lang: Literal["en", "lo"] | None = Query(None, description="the PDF's and workbook's language"),
    ou: str | None = Query(None, description="dhis2: the organisation unit the values are for"),
):
    # The results page's own download (it reads period, lang and ou from the query), with the token's user as
    # the reader: every format the page offers, built by the same code, whatever that code becomes.
    return views.report(request, code=code, fmt=fmt.value)
