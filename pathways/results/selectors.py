"""Reads for results: projects, periods, reports (aggregates) and the scoped records behind a figure."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from pathways.accounts.scopes import scope_of
from pathways.people import selectors as people_selectors
from pathways.people.models import Person
from pathways.results.engine import spec
from pathways.results.engine.compute import drilldown_people, drilldown_records
from pathways.results.engine.dimensions import PERSON_DIMENSIONS
from pathways.results.engine.sources import Source, get_source
from pathways.results.models import Indicator, Project, ReportingPeriod
from pathways.results.reporting import Report, period_totals, report_build


def project_list() -> QuerySet[Project]:
    """Projects are not personal data: everyone signed in may list them."""
    return Project.objects.prefetch_related("donors")


def funding_project(code: str | None, *, field: str = "funding_project") -> Project | None:
    """The project a record written through the API names by its code (none when empty); an unknown code is
    refused with the field named."""
    if not code:
        return None
    project = Project.objects.filter(code=code).first()
    if project is None:
        raise ValidationError({field: f"No project with code {code!r}."})
    return project


def project_get(*, code: str) -> Project:
    return get_object_or_404(Project, code=code)


def period_get(*, project: Project, label: str | None) -> ReportingPeriod:
    """The period asked for, or the latest year that has started (the latest half-year or quarter when no
    year has, the first period when none has)."""
    periods = project.periods.all()
    if label:
        return get_object_or_404(periods, label=label)
    started = periods.filter(starts_on__lte=timezone.localdate()).order_by("-starts_on", "-ends_on")
    period = started.exclude(label__contains="-").first() or started.first() or periods.first()
    if period is None:
        raise Http404("This project has no reporting periods yet.")
    return period


def counted_in_period(indicator: Indicator) -> bool:
    """Counted from the records dated in the period, not since the project began (those carry over)."""
    return spec.parse(indicator.computation).window == "period"


def _over_the_period_alone(indicator: Indicator) -> spec.Computation:
    """The indicator's computation over the records dated in the period, even if it counts since the start."""
    return spec.parse(indicator.computation).model_copy(update={"window": "period"})


def nothing_recorded(report: Report) -> bool:
    """No record is dated in the report's period. Figures counted within the period say so themselves; those
    counted since the project began are counted again over the period alone."""
    if any(r.figures.total.n for r in report.results if counted_in_period(r.indicator)):
        return False
    since_start = [
        _over_the_period_alone(r.indicator) for r in report.results if not counted_in_period(r.indicator)
    ]
    return not any(total.n for total in period_totals(since_start, report.period))


def latest_period_recorded(report: Report) -> ReportingPeriod | None:
    """The latest other period that has started and has records dated in it: the one ending last, a year
    before its halves and quarters; None when no period has any."""
    comps = [_over_the_period_alone(r.indicator) for r in report.results]
    periods = (
        report.project.periods.filter(starts_on__lte=timezone.localdate())
        .exclude(pk=report.period.pk)
        .order_by("-ends_on", "starts_on")
    )
    for period in periods:
        if any(total.n for total in period_totals(comps, period)):
            return period
    return None


def sees_exact_figures(actor) -> bool:
    """National officers see exact figures; everyone else (partners, donors) sees published ones."""
    scope = scope_of(actor)
    return scope.sees_personal_data and scope.all_provinces


def donor_reports(*, actor) -> list[Report]:
    """The latest period's published figures of each project the actor's organisations fund (donor's home)."""
    projects = Project.objects.filter(donors__in=scope_of(actor).organisation_ids).distinct().order_by("code")
    reports = []
    for project in projects:
        if project.periods.exists():
            period = period_get(project=project, label=None)
            reports.append(report_build(project=project, period=period, published=True))
    return reports


def report_for(*, actor, project: Project, period: ReportingPeriod, published: bool | None = None) -> Report:
    if published is None:
        published = not sees_exact_figures(actor)
    return report_build(project=project, period=period, published=published)


def indicator_get(*, project: Project, code: str) -> Indicator:
    return get_object_or_404(Indicator.objects.select_related("node"), node__project=project, code=code)


def figure_people(
    *, actor, indicator: Indicator, period: ReportingPeriod, where: dict[str, str]
) -> QuerySet[Person] | None:
    """The people behind one figure that this actor may see (None when the figure is not about people)."""
    comp = spec.parse(indicator.computation)
    part = comp.numerator if comp.measure == "ratio" else comp
    if part is None or not spec.about_people(part):
        return None
    where = {d: v for d, v in where.items() if d in PERSON_DIMENSIONS}
    people = people_selectors.person_list(actor=actor)
    return drilldown_people(people, comp, project=period.project, period=period, where=where, viewer=actor)


def figure_records(
    *, actor, indicator: Indicator, period: ReportingPeriod, where: dict[str, str]
) -> tuple[Source, QuerySet] | None:
    """The records behind a figure over records that are not people (institutions...), as far as this actor
    may see them: (their source, rows). None when the figure counts people, or its source has no list."""
    comp = spec.parse(indicator.computation)
    part = comp.numerator if comp.measure == "ratio" else comp
    if part is None or spec.about_people(part):
        return None
    source = get_source(part.of[0].source)
    if source.visible is None:
        return None
    where = {d: v for d, v in where.items() if d in source.dimensions}
    rows = drilldown_records(comp, project=period.project, period=period, where=where)
    return source, rows.filter(source.visible(actor)).order_by(*[path for _label, path in source.columns])


def _field_at(model, path: str):
    parts = path.split("__")
    for part in parts[:-1]:
        model = model._meta.get_field(part).related_model
    return model._meta.get_field(parts[-1])


def shown_rows(source: Source, rows: list[tuple]) -> list[tuple]:
    """One page of a record list with related objects (a province...) shown by their own name, which is in the
    reader's language, instead of their key."""
    names: dict[int, dict] = {}
    for i, (_label, path) in enumerate(source.columns):
        field = _field_at(source.model, path)
        if field.is_relation:
            keys = {row[i] for row in rows if row[i] is not None}
            names[i] = {o.pk: str(o) for o in field.related_model._default_manager.filter(pk__in=keys)}
    return [tuple(names[i].get(v, v) if i in names else v for i, v in enumerate(row)) for row in rows]
