"""Writes to results frameworks: every one validated, atomic and audited."""

import datetime
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from pathways.core import audit
from pathways.results.dhis2.mapping import dhis2_load
from pathways.results.engine import spec
from pathways.results.engine.dimensions import PERSON_DIMENSIONS
from pathways.results.models import (
    LEVEL_PARENT,
    Indicator,
    Project,
    ReportingPeriod,
    ResultNode,
    Target,
)

DATA = Path(__file__).parent / "data"


def _check_computation(computation: dict, disaggregations: list[str]) -> None:
    try:
        comp = spec.parse(computation)
    except ValueError as exc:
        raise ValidationError({"computation": str(exc)}) from None
    unknown = [d for d in disaggregations if d not in PERSON_DIMENSIONS]
    if unknown:
        raise ValidationError({"disaggregations": f"Unknown disaggregation: {', '.join(unknown)}."})
    unsupported = [d for d in disaggregations if d not in spec.dimensions_available(comp)]
    if unsupported:
        raise ValidationError(
            {"disaggregations": f"These records cannot be disaggregated by {', '.join(unsupported)}."}
        )


@transaction.atomic
def indicator_save(
    *, actor, node: ResultNode, code: str, values: dict[str, Any], indicator: Indicator | None = None
) -> Indicator:
    """Create or change an indicator; its computation is checked against the registered record sources."""
    computation = values.get("computation", indicator.computation if indicator else None)
    disaggregations = values.get("disaggregations", indicator.disaggregations if indicator else [])
    if computation is None:
        raise ValidationError({"computation": "An indicator needs a computation definition."})
    _check_computation(computation, disaggregations)
    clash = Indicator.objects.filter(node__project=node.project, code=code)
    if indicator:
        clash = clash.exclude(pk=indicator.pk)
    if clash.exists():
        raise ValidationError({"code": f"Indicator {code} already exists in {node.project.code}."})
    if indicator is None:
        indicator = Indicator.objects.create(node=node, code=code, **values)
        changed = ["created", *values]
    else:
        changed = audit.apply_changes(indicator, {"node": node, "code": code, **values})
        indicator.save()
    audit.record(actor=actor, action="indicator.save", obj=indicator, changed_fields=changed)
    return indicator


@transaction.atomic
def target_set(*, actor, indicator: Indicator, period: ReportingPeriod, value: Decimal) -> Target:
    if period.project_id != indicator.node.project_id:
        raise ValidationError({"period": "That period belongs to another project."})
    target, _created = Target.objects.update_or_create(
        indicator=indicator, period=period, defaults={"value": value}
    )
    audit.record(actor=actor, action="target.set", obj=target, changed_fields=["value"])
    return target


def _period_bounds(label: str) -> tuple[datetime.date, datetime.date]:
    """2021 → the year; 2021-H1 / 2021-H2 → half-years; 2021-Q3 → a quarter."""
    year, _sep, part = label.partition("-")
    y = int(year)
    if not part:
        return datetime.date(y, 1, 1), datetime.date(y, 12, 31)
    if part in ("H1", "H2"):
        first = 1 if part == "H1" else 7
        return datetime.date(y, first, 1), datetime.date(y, first + 5, 30 if first == 1 else 31)
    if part in ("Q1", "Q2", "Q3", "Q4"):
        q = int(part[1])
        start = datetime.date(y, 3 * q - 2, 1)
        end_month = 3 * q
        end = datetime.date(y + (end_month == 12), end_month % 12 + 1, 1) - datetime.timedelta(days=1)
        return start, end
    raise ValidationError({"label": f"Period {label!r} is not a year, a half-year (2021-H1) or a quarter."})


@transaction.atomic
def period_create(*, actor, project: Project, label: str) -> ReportingPeriod:
    starts_on, ends_on = _period_bounds(label)
    period, _created = ReportingPeriod.objects.update_or_create(
        project=project, label=label, defaults={"starts_on": starts_on, "ends_on": ends_on}
    )
    audit.record(actor=actor, action="period.create", obj=period)
    return period


@transaction.atomic
def framework_load(*, actor, project: Project, data: dict) -> dict[str, int]:
    """Load (or refresh) a project's results framework from data: periods, the tree, indicators, targets,
    and where its figures go in DHIS2 ("dhis2": results/dhis2/mapping.py).

    Safe to run again: nodes and indicators are matched by code; their definitions are replaced.
    """
    periods = {label: period_create(actor=actor, project=project, label=label) for label in data["periods"]}
    nodes: dict[str, ResultNode] = {}
    indicators = 0
    dhis2_mappings: dict[str, list[dict]] = {}
    for position, item in enumerate(data["nodes"]):
        parent = nodes.get(item.get("parent", ""))
        if LEVEL_PARENT[item["level"]] != (parent.level if parent else None):
            raise ValidationError({"nodes": f"{item['code']}: a {item['level']} cannot sit under {parent}."})
        node, _created = ResultNode.objects.update_or_create(
            project=project,
            code=item["code"],
            defaults={
                "parent": parent,
                "level": item["level"],
                "title": item["title"],
                "title_lo": item.get("title_lo", ""),
                "title_th": item.get("title_th", ""),
                "position": position,
            },
        )
        nodes[node.code] = node
        for ipos, ind in enumerate(item.get("indicators", [])):
            existing = Indicator.objects.filter(node__project=project, code=ind["code"]).first()
            values = {
                "title": ind["title"],
                "title_lo": ind.get("title_lo", ""),
                "title_th": ind.get("title_th", ""),
                "definition": ind.get("definition", ""),
                "definition_lo": ind.get("definition_lo", ""),
                "definition_th": ind.get("definition_th", ""),
                "unit": ind.get("unit", "people"),
                "baseline": ind.get("baseline"),
                "data_source": ind.get("data_source", ""),
                "disaggregations": ind.get("disaggregations", []),
                "computation": ind["computation"],
                "position": ipos,
            }
            indicator = indicator_save(
                actor=actor, node=node, code=ind["code"], values=values, indicator=existing
            )
            indicators += 1
            for label, value in ind.get("targets", {}).items():
                target_set(actor=actor, indicator=indicator, period=periods[label], value=Decimal(str(value)))
            if "dhis2" in ind:
                dhis2_mappings[ind["code"]] = ind["dhis2"]
    if "dhis2" in data:
        dhis2_load(actor=actor, project=project, data=data["dhis2"], indicators=dhis2_mappings)
    return {"periods": len(periods), "nodes": len(nodes), "indicators": indicators}


def framework_load_file(*, actor, project: Project, name: str) -> dict[str, int]:
    """Load one of the frameworks shipped in results/data (e.g. promise_ii.json)."""
    data = json.loads((DATA / name).read_text(encoding="utf-8"))
    return framework_load(actor=actor, project=project, data=data)
