"""A project's report for a period as DHIS2 data values (the dataValueSets format), through its mapping.

Each mapping sends the cells of one breakdown of one figure: by province (each province's organisation unit;
people with no province to the country's) and by the category combination's option combos. DHIS2 adds the
cells up to the totals itself, so no total is ever sent beside its cells. A withheld figure goes as a
comment without a value: DHIS2 then keeps no older value for it either.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.places.models import Province
from pathways.results.engine.compute import Key, key_of
from pathways.results.engine.dimensions import UNKNOWN, value_label
from pathways.results.engine.suppression import PRIMARY
from pathways.results.models import (
    COUNTRY,
    Dhis2DataSet,
    Dhis2Mapping,
    Dhis2OrgUnit,
    Dhis2Part,
    ReportingPeriod,
)
from pathways.results.reporting import IndicatorResult, Report, part_result


class NotReady(Exception):
    """The mapping lacks what any payload needs (a data set, the country's organisation unit, mappings)."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class DataValue:
    data_element: str
    org_unit: str
    category_option_combo: str
    value: str | None  # None: withheld, `comment` says why
    comment: str
    # What the value is, for a person reading a conflict DHIS2 reports about it.
    indicator: str
    cell: str

    def as_json(self, *, with_org_unit: bool) -> dict:
        item = {"dataElement": self.data_element}
        if with_org_unit:
            item["orgUnit"] = self.org_unit
        item["categoryOptionCombo"] = self.category_option_combo
        if self.value is None:
            item["comment"] = self.comment
        else:
            item["value"] = self.value
        return item


@dataclass
class Dhis2Export:
    data_set: str
    attribute_option_combo: str
    period: str  # DHIS2's ISO period: 2021, 2021S1, 2021Q3
    # The day the data set is reported complete: today, once the period has ended.
    complete_date: str | None
    values: list[DataValue] = field(default_factory=list)
    # Figures that have nowhere to go in DHIS2 (a category value or a province not mapped): DHIS2's totals
    # would be short by them.
    gaps: list[str] = field(default_factory=list)

    @property
    def withheld(self) -> int:
        return sum(1 for v in self.values if v.value is None)

    def bulk(self) -> dict:
        """One data value set of every value (the downloadable file): each value names its organisation unit.
        DHIS2 registers a data set as complete only for a set of one organisation unit, as `sets` sends."""
        return {
            "dataSet": self.data_set,
            "period": self.period,
            "attributeOptionCombo": self.attribute_option_combo,
            "dataValues": [{**v.as_json(with_org_unit=True), "period": self.period} for v in self.values],
        }

    def sets(self) -> list[tuple[dict, list[DataValue]]]:
        """One data value set per organisation unit, as DHIS2 documents a data entry form's values: data set,
        period, organisation unit, attribute option combo and completion date once, then the values; each
        with its values in the order they are listed (a conflict's `indexes` point into them)."""
        by_unit: dict[str, list[DataValue]] = {}
        for v in self.values:
            by_unit.setdefault(v.org_unit, []).append(v)
        out = []
        for unit, values in by_unit.items():
            head = {"dataSet": self.data_set}
            if self.complete_date:
                head["completeDate"] = self.complete_date
            head |= {
                "period": self.period,
                "orgUnit": unit,
                "attributeOptionCombo": self.attribute_option_combo,
            }
            out.append(({**head, "dataValues": [v.as_json(with_org_unit=False) for v in values]}, values))
        return out

    def digest(self) -> str:
        """The figures sent, as a digest: the same for a dry run and the import that follows it, whatever the
        day (the completion date is left out)."""
        sets = [{k: v for k, v in s.items() if k != "completeDate"} for s, _values in self.sets()]
        return hashlib.sha256(json.dumps(sets, sort_keys=True).encode()).hexdigest()


def dhis2_period(period: ReportingPeriod) -> str:
    """DHIS2's period identifier: 2021 (a year), 2021S1 (a half-year), 2021Q3 (a quarter)."""
    return period.label.replace("-H", "S").replace("-", "")


def _number(value) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.10g}"
    return str(int(value))


def dhis2_export(report: Report) -> Dhis2Export:
    """Every mapped figure of the report as DHIS2 data values; raise NotReady naming what is missing."""
    project = report.project
    data_set = Dhis2DataSet.objects.filter(project=project).first()
    org_units = dict(Dhis2OrgUnit.objects.values_list("place", "uid"))
    mappings = list(
        Dhis2Mapping.objects.filter(indicator__node__project=project)
        .select_related("indicator__node", "category_combo")
        .prefetch_related("category_combo__options")
    )
    problems = []
    if data_set is None:
        problems.append(_("The project has no DHIS2 data set and attribute option combo."))
    if COUNTRY not in org_units:
        problems.append(_("Lao PDR has no organisation unit (figures with no province go to it)."))
    if not mappings:
        problems.append(_("No indicator of the project is mapped to a data element."))
    if problems:
        raise NotReady(problems)
    assert data_set is not None
    ended = report.period.ends_on < timezone.localdate()
    export = Dhis2Export(
        data_set=data_set.uid,
        attribute_option_combo=data_set.attribute_option_combo,
        period=dhis2_period(report.period),
        complete_date=timezone.localdate().isoformat() if ended else None,
    )
    results = {r.indicator.pk: r for r in report.results}
    places = {p.code: str(p) for p in Province.objects.all()}
    for mapping in mappings:
        result = (
            results[mapping.indicator_id]
            if mapping.part == Dhis2Part.VALUE
            else part_result(report, mapping.indicator, mapping.part)
        )
        _add_values(export, result, mapping, org_units=org_units, places=places, report=report)
    return export


def _add_values(
    export: Dhis2Export,
    result: IndicatorResult,
    mapping: Dhis2Mapping,
    *,
    org_units: dict[str, str],
    places: dict[str, str],
    report: Report,
) -> None:
    combo = mapping.category_combo
    options = {(o.value, o.sex): o.uid for o in combo.options.all()}
    bands = report.project.age_bands
    code = mapping.indicator.code
    if mapping.part != Dhis2Part.VALUE:
        code = f"{code} ({Dhis2Part(mapping.part).label.lower()})"

    def key(extra: dict[str, str], value: str, sex: str) -> Key:
        where = dict(extra)
        if combo.dimension:
            where[combo.dimension] = value
        if combo.by_sex:
            where["sex"] = sex
        return key_of(where)

    def label(extra: dict[str, str], value: str, sex: str) -> str:
        parts = [value_label(d, v, bands=bands, places=places) for d, v in key(extra, value, sex)]
        return " · ".join(parts) or str(_("Total"))

    units: list[tuple[str, dict[str, str]]]
    if mapping.by_province:
        seen = {v for k in result.figures.cells for d, v in k if d == "province"}
        provinces = sorted(p for p in org_units if p != COUNTRY)
        units = [(org_units[p], {"province": p}) for p in provinces]
        units.append((org_units[COUNTRY], {"province": UNKNOWN}))
        for place in sorted(seen - set(org_units) - {UNKNOWN}):
            if result.figures.cell(province=place).n:
                export.gaps.append(
                    _("%(code)s: figures of %(place)s, which has no organisation unit.")
                    % {"code": code, "place": places.get(place, place)}
                )
    else:
        units = [(org_units[COUNTRY], {})]
    grouping = {d for d, _v in key(units[0][1], "", "")}
    if not grouping <= set(result.figures.dims) or len(grouping - {"sex"}) > 1:
        # The indicator's breakdowns changed after it was mapped (results.services.indicator_save).
        export.gaps.append(
            _("%(code)s: its breakdowns no longer fit data element %(uid)s: correct the mapping.")
            % {"code": code, "uid": mapping.data_element}
        )
        return
    for cell_key, cell in result.figures.cells.items():
        names = dict(cell_key)
        if set(names) != grouping or not cell.n:
            continue
        if (names.get(combo.dimension, ""), names.get("sex", "")) not in options:
            export.gaps.append(
                _("%(code)s: figures of %(cell)s have no category option combo in “%(combo)s”.")
                % {
                    "code": code,
                    "cell": " · ".join(value_label(d, v, bands=bands, places=places) for d, v in cell_key),
                    "combo": combo.name,
                }
            )
    for unit, extra in units:
        for (value, sex), option in options.items():
            shown = result.shown_by_key.get(key(extra, value, sex))
            if shown is not None and shown.withheld:
                number, comment = None, _withheld_comment(shown.withheld, report.threshold)
            else:
                number, comment = _number(shown.value if shown and shown.value is not None else 0), ""
            export.values.append(
                DataValue(mapping.data_element, unit, option, number, comment, code, label(extra, value, sex))
            )


def _withheld_comment(reason: str, threshold: int) -> str:
    if reason == PRIMARY:
        return _("Withheld: fewer than %(n)d.") % {"n": threshold}
    return _("Withheld so that a small count cannot be worked out from a total.")
