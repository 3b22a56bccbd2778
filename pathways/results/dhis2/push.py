"""Pushing a project's figures for a period to a DHIS2 instance: a dry run first, then the import of the very
same figures, DHIS2's answer kept (Dhis2Push) and shown with each conflict named by the figures it concerns.

One data value set goes per organisation unit (DHIS2 registers a data set as complete for one unit at a
time). DHIS2 creates or updates each value, so an import broken off half-way is finished by running it again.
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from pathways.core import audit
from pathways.results.access import may_manage_dhis2
from pathways.results.dhis2 import mapping
from pathways.results.dhis2.client import Dhis2Unreachable, post_data_value_set
from pathways.results.dhis2.payload import Dhis2Export, dhis2_export
from pathways.results.models import Dhis2OrgUnit, Dhis2Push, Dhis2Server, Project, ReportingPeriod
from pathways.results.reporting import report_build

FAILED = "FAILED"  # DHIS2 was not reached, or gave no import summary
WORST_FIRST = [FAILED, "ERROR", "WARNING", "SUCCESS"]
# A conflict names at most this many of the figures it concerns; the count says how many there are.
FIGURES_NAMED = 12


def push_export(*, project: Project, period: ReportingPeriod, server: Dhis2Server) -> Dhis2Export:
    """The figures a push to `server` sends: published (small counts withheld) unless a data-sharing
    agreement covers the instance."""
    report = report_build(project=project, period=period, published=not server.exact_figures)
    return dhis2_export(report)


def import_allowed(*, export: Dhis2Export, last: Dhis2Push | None) -> bool:
    """An import follows a dry run DHIS2 answered, taking some values, of these very figures, with nothing
    left unmapped."""
    return bool(
        last is not None
        and last.dry_run
        and last.status != FAILED
        and last.imported + last.updated > 0  # DHIS2 would take something
        and last.digest == export.digest()
        and not export.gaps
    )


def org_unit_names() -> dict[str, str]:
    """Each mapped organisation unit's place, by its UID, as the reader's language names it."""
    places = mapping.places_for_org_units()
    return {uid: places.get(place, place) for place, uid in Dhis2OrgUnit.objects.values_list("place", "uid")}


def push_last(*, project: Project, period: ReportingPeriod, server: Dhis2Server) -> Dhis2Push | None:
    return Dhis2Push.objects.filter(project=project, period=period, server=server).first()


def dhis2_push(
    *, actor: Any, project: Project, period: ReportingPeriod, server: Dhis2Server, dry_run: bool
) -> Dhis2Push:
    """Send the project's figures for the period to DHIS2 (dry: DHIS2 only checks them); keep its answer."""
    if not may_manage_dhis2(actor):
        raise PermissionDenied(_("Only M&E officers and administrators send figures to DHIS2."))
    export = push_export(project=project, period=period, server=server)
    if not dry_run and not import_allowed(
        export=export, last=push_last(project=project, period=period, server=server)
    ):
        if export.gaps:
            raise ValidationError(
                _(
                    "Some figures have nowhere to go in DHIS2, whose totals would be short: complete the "
                    "mapping."
                )
            )
        raise ValidationError(_("Run a dry run of these figures first: they changed since the last one."))
    names = org_unit_names()
    push = Dhis2Push(
        project=project,
        period=period,
        server=server,
        by=actor,
        dry_run=dry_run,
        exact=server.exact_figures,
        digest=export.digest(),
        values=len(export.values),
        status="SUCCESS",
    )
    # DHIS2 answers per data value set; one conflict (a period not of the data set's type...) is usually
    # the same in every organisation unit's set: shown once, with the units it came from.
    conflicts: dict[tuple[str, str], dict] = {}
    sets = export.sets()
    for done, (data_value_set, values) in enumerate(sets):
        try:
            summary = post_data_value_set(server, data_value_set, dry_run=dry_run)
        except Dhis2Unreachable as unreachable:
            push.status = FAILED
            push.message = str(unreachable)
            if done and not dry_run:
                push.message += " " + _(
                    "%(done)d of %(all)d organisation units were sent: run the import again to finish it "
                    "(DHIS2 updates the values it already has)."
                ) % {"done": done, "all": len(sets)}
            break
        push.imported += summary.imported
        push.updated += summary.updated
        push.ignored += summary.ignored
        push.deleted += summary.deleted
        push.status = min(push.status, summary.status, key=_severity)
        unit = data_value_set["orgUnit"]
        for conflict in summary.conflicts:
            concerned = [values[i] for i in conflict.indexes if 0 <= i < len(values)]
            shown = conflicts.setdefault(
                (conflict.error_code, conflict.message),
                {
                    "org_units": [],
                    "error_code": conflict.error_code,
                    "property": conflict.property,
                    "object": conflict.object,
                    "message": conflict.message,
                    "count": 0,
                    "figures": [],
                },
            )
            shown["org_units"].append(names.get(unit, unit))
            shown["count"] += len(concerned)
            room = FIGURES_NAMED - len(shown["figures"])
            shown["figures"] += [f"{v.indicator} · {v.cell}" for v in concerned[: max(room, 0)]]
    push.conflicts = list(conflicts.values())
    push.save()
    audit.record(actor=actor, action="dhis2.dry_run" if dry_run else "dhis2.import", obj=push)
    return push


def _severity(status: str) -> int:
    # An answer DHIS2 does not document counts as a warning: shown, never taken for success.
    return WORST_FIRST.index(status) if status in WORST_FIRST else WORST_FIRST.index("WARNING")
