"""Writes to the DHIS2 mapping (M&E officers): organisation units, a project's data set, category
combinations and which data element each indicator's figure goes to. Every write is checked against DHIS2's
rules, atomic and audited.

DHIS2 stores one value per data element, period, organisation unit, category option combo and attribute
option combo, and derives totals itself: over a data element's category option combos and up the
organisation unit tree. So a mapping sends the *cells* of one breakdown (never a total beside its cells), a
data element holds one figure of one project, and a percentage goes as its numerator and denominator (a DHIS2
indicator divides them; percentages do not add up).
"""

import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pathways.core import audit
from pathways.people.models import Sex
from pathways.places.models import Province
from pathways.results.engine import spec
from pathways.results.engine.dimensions import PERSON_DIMENSIONS, UNKNOWN, value_choices
from pathways.results.models import (
    COUNTRY,
    UID_PATTERN,
    Dhis2CategoryCombo,
    Dhis2DataSet,
    Dhis2Mapping,
    Dhis2OptionCombo,
    Dhis2OrgUnit,
    Dhis2Part,
    Indicator,
    Project,
)

# The dimensions a category combination may break a figure down by besides sex (provinces are organisation
# units, not categories).
COMBO_DIMENSIONS = [d for d in PERSON_DIMENSIONS if d not in ("sex", "province")]
# Age bands are a project's own (results.models.Project.age_bands): any band label, as band_labels writes it.
AGE_BAND = re.compile(r"^(<\d+|\d+–\d+|\d+\+)$")
# Measures whose figures DHIS2 may add up over categories and organisation units.
ADDITIVE = ("count_people", "count_records", "sum")


def uid_error(value: str) -> str | None:
    if UID_PATTERN.match(value or ""):
        return None
    return _("“%(value)s” is not a DHIS2 identifier: 11 letters and digits, the first a letter.") % {
        "value": value
    }


def _check_uids(values: dict[str, str], *, optional: tuple[str, ...] = ()) -> dict[str, str]:
    errors = {}
    for field, value in values.items():
        if field in optional and not value:
            continue
        problem = uid_error(value)
        if problem:
            errors[field] = problem
    return errors


@transaction.atomic
def dhis2_data_set_save(
    *, actor: Any, project: Project, uid: str, attribute_option_combo: str
) -> Dhis2DataSet:
    """The DHIS2 data set the project reports in, and the attribute option combo that stands for the project
    (its funding) in every value sent."""
    errors = _check_uids({"uid": uid, "attribute_option_combo": attribute_option_combo})
    if errors:
        raise ValidationError(errors)
    data_set = Dhis2DataSet.objects.filter(project=project).first()
    if data_set is None:
        data_set = Dhis2DataSet.objects.create(
            project=project, uid=uid, attribute_option_combo=attribute_option_combo
        )
        audit.record(actor=actor, action="dhis2.data_set", obj=data_set, changed_fields=["created"])
        return data_set
    audit.save_changes(
        actor=actor,
        action="dhis2.data_set",
        instance=data_set,
        values={"uid": uid, "attribute_option_combo": attribute_option_combo},
    )
    return data_set


def places_for_org_units() -> dict[str, str]:
    """The places an organisation unit may stand for: the country (for figures whose person has no province)
    and each province, by code, with their names."""
    return {COUNTRY: _("Lao PDR (figures with no province)")} | {
        p.code: str(p) for p in Province.objects.filter(country_id=COUNTRY).order_by("name_en")
    }


@transaction.atomic
def dhis2_org_units_save(*, actor: Any, units: dict[str, str]) -> None:
    """Set the organisation unit of each place given (by code; an empty identifier removes it)."""
    known = set(places_for_org_units()) | set(Province.objects.values_list("code", flat=True))
    held_elsewhere = dict(
        Dhis2OrgUnit.objects.exclude(place__in=units)
        .filter(uid__in=[uid for uid in units.values() if uid])
        .values_list("uid", "place")
    )
    errors: dict[str, str] = {}
    taken: dict[str, str] = {}
    for place, uid in units.items():
        other = held_elsewhere.get(uid) or taken.get(uid)
        if place not in known:
            errors[place] = _("No province with code %(code)s.") % {"code": place}
        elif uid and uid_error(uid):
            errors[place] = uid_error(uid) or ""
        elif uid and other:
            errors[place] = _("%(uid)s is already the organisation unit of %(other)s.") % {
                "uid": uid,
                "other": other,
            }
        if uid:
            taken.setdefault(uid, place)
    if errors:
        raise ValidationError(errors)
    current = dict(Dhis2OrgUnit.objects.filter(place__in=units).values_list("place", "uid"))
    changed = [place for place, uid in units.items() if current.get(place, "") != uid]
    # Removed first, then created: a unit may move from one place to another in the same save.
    for unit in Dhis2OrgUnit.objects.filter(place__in=changed):
        if not units[unit.place]:
            audit.record(actor=actor, action="dhis2.org_unit", obj=unit, changed_fields=["removed"])
        unit.delete()
    for place in changed:
        if units[place]:
            unit = Dhis2OrgUnit.objects.create(place=place, uid=units[place])
            audit.record(actor=actor, action="dhis2.org_unit", obj=unit, changed_fields=["uid"])


@dataclass(frozen=True)
class OptionRow:
    value: str
    sex: str
    uid: str


def _dimension_values(dimension: str) -> set[str]:
    return {v for v, _label in value_choices(dimension, bands=[])} | {UNKNOWN}


def _option_errors(*, dimension: str, by_sex: bool, options: list[OptionRow]) -> dict[str, str]:
    errors: dict[str, str] = {}
    sexes = set(Sex.values)
    seen_cells: dict[tuple[str, str], int] = {}
    seen_uids: dict[str, int] = {}
    for i, option in enumerate(options):
        where = f"options.{i}"
        if uid_error(option.uid):
            errors[f"{where}.uid"] = uid_error(option.uid) or ""
        if dimension:
            valid = (
                AGE_BAND.match(option.value) or option.value == UNKNOWN
                if dimension == "age_band"
                else option.value in _dimension_values(dimension)
            )
            if not option.value:
                errors[f"{where}.value"] = _(
                    "Each option combo is one cell of the breakdown: name its value. A total beside its "
                    "cells would be counted twice, since DHIS2 adds the cells up itself."
                )
            elif not valid:
                errors[f"{where}.value"] = _("“%(value)s” is not a value of this breakdown.") % {
                    "value": option.value
                }
        elif option.value:
            errors[f"{where}.value"] = _(
                "This combination has no breakdown besides sex: leave the value empty."
            )
        if by_sex and option.sex not in sexes:
            errors[f"{where}.sex"] = _(
                "Each option combo is one cell of the breakdown: choose its sex. A total beside its cells "
                "would be counted twice, since DHIS2 adds the cells up itself."
            )
        elif not by_sex and option.sex:
            errors[f"{where}.sex"] = _("This combination is not by sex: leave the sex empty.")
        cell = (option.value, option.sex)
        if cell in seen_cells:
            errors.setdefault(f"{where}.value", _("This cell is listed twice."))
        seen_cells.setdefault(cell, i)
        if option.uid in seen_uids:
            errors.setdefault(f"{where}.uid", _("This option combo is listed twice."))
        seen_uids.setdefault(option.uid, i)
    if not dimension and not by_sex and len(options) != 1:
        errors["options"] = _(
            "A combination without breakdown has exactly one option combo (DHIS2's default is HllvX50cXC0)."
        )
    if not options:
        errors["options"] = _("List the combination's option combos.")
    return errors


@transaction.atomic
def dhis2_category_combo_save(
    *,
    actor: Any,
    code: str,
    name: str,
    uid: str,
    dimension: str,
    by_sex: bool,
    options: list[OptionRow],
    combo: Dhis2CategoryCombo | None = None,
) -> Dhis2CategoryCombo:
    """Create or correct a category combination and replace its option combos."""
    errors: dict[str, str] = {}
    if uid and uid_error(uid):
        errors["uid"] = uid_error(uid) or ""
    if dimension and dimension not in COMBO_DIMENSIONS:
        errors["dimension"] = _("Choose a breakdown from the list.")
    if not name.strip():
        errors["name"] = _("Give the combination a name.")
    clash = Dhis2CategoryCombo.objects.filter(code=code)
    if combo is not None:
        clash = clash.exclude(pk=combo.pk)
    if clash.exists():
        errors["code"] = _("Another combination has the code %(code)s.") % {"code": code}
    if (
        combo is not None
        and combo.mappings.exists()
        and (dimension, by_sex) != (combo.dimension, combo.by_sex)
    ):
        errors["dimension"] = _(
            "Data elements are mapped with this combination: its breakdown cannot change. Make a new one."
        )
    errors |= _option_errors(dimension=dimension, by_sex=by_sex, options=options)
    if errors:
        raise ValidationError(errors)
    values = {"code": code, "name": name.strip(), "uid": uid, "dimension": dimension, "by_sex": by_sex}
    if combo is None:
        combo = Dhis2CategoryCombo.objects.create(**values)
        changed = ["created", *values]
    else:
        changed = audit.apply_changes(combo, values)
        combo.save()
    before = set(combo.options.values_list("value", "sex", "uid"))
    after = {(o.value, o.sex, o.uid) for o in options}
    if before != after:
        combo.options.all().delete()
        Dhis2OptionCombo.objects.bulk_create(
            Dhis2OptionCombo(category_combo=combo, value=o.value, sex=o.sex, uid=o.uid) for o in options
        )
        changed.append("options")
    if changed:
        audit.record(actor=actor, action="dhis2.category_combo", obj=combo, changed_fields=changed)
    return combo


@dataclass(frozen=True)
class MappingRow:
    indicator: Indicator
    data_element: str
    category_combo: Dhis2CategoryCombo
    part: str = Dhis2Part.VALUE
    by_province: bool = False


def _mapping_errors(row: MappingRow) -> dict[str, str]:
    indicator, combo = row.indicator, row.category_combo
    comp = spec.parse(indicator.computation)
    dims = set(indicator.disaggregations)
    errors: dict[str, str] = {}
    if uid_error(row.data_element):
        errors["data_element"] = uid_error(row.data_element) or ""
    if row.part not in Dhis2Part.values:
        errors["part"] = _("Choose the figure, its numerator or its denominator.")
    elif comp.measure == "ratio" and row.part == Dhis2Part.VALUE:
        errors["part"] = _(
            "%(code)s is a ratio, and DHIS2 adds values up: send its numerator and its denominator to two "
            "data elements, and divide them with a DHIS2 indicator."
        ) % {"code": indicator.code}
    elif comp.measure != "ratio" and row.part != Dhis2Part.VALUE:
        errors["part"] = _("Only a ratio has a numerator and a denominator.")
    elif comp.measure not in ("ratio", *ADDITIVE):
        errors["part"] = _(
            "%(code)s is a median or a count of distinct values: it does not add up, and DHIS2 adds values "
            "up over categories and organisation units."
        ) % {"code": indicator.code}
    missing = [d for d in (combo.dimension, "sex" if combo.by_sex else "") if d and d not in dims]
    if missing:
        errors["category_combo"] = _("%(code)s is not broken down by %(dimension)s.") % {
            "code": indicator.code,
            "dimension": ", ".join(str(_label_of(d)).lower() for d in missing),
        }
    if row.by_province and "province" not in dims:
        errors["by_province"] = _("%(code)s is not broken down by province.") % {"code": indicator.code}
    elif row.by_province and combo.dimension:
        errors["by_province"] = _(
            "By province, a figure is broken down by sex at most: Pathways does not cross provinces with "
            "age, disability or migrant status. Send that breakdown for the whole country."
        )
    return errors


def _label_of(dimension: str):
    from pathways.results.engine.dimensions import DIMENSION_LABELS

    return DIMENSION_LABELS[dimension]


@transaction.atomic
def dhis2_mappings_save(*, actor: Any, project: Project, rows: list[MappingRow]) -> list[Dhis2Mapping]:
    """Replace the project's mapping of indicators to data elements with `rows`; nothing is saved unless
    every row is right. Errors are keyed by row: "rows.2.data_element"."""
    errors: dict[str, str] = {}
    first_use: dict[str, int] = {}
    for i, row in enumerate(rows):
        if row.indicator.node.project_id != project.pk:
            errors[f"rows.{i}.indicator"] = _("That indicator belongs to another project.")
            continue
        errors |= {f"rows.{i}.{field}": message for field, message in _mapping_errors(row).items()}
        other = first_use.setdefault(row.data_element, i)
        if other != i and f"rows.{i}.data_element" not in errors:
            errors[f"rows.{i}.data_element"] = _(
                "%(uid)s already holds %(code)s: a data element holds one figure, or DHIS2 would add the two "
                "up (or keep only one)."
            ) % {"uid": row.data_element, "code": rows[other].indicator.code}
    if errors:
        raise ValidationError(errors)
    existing = list(Dhis2Mapping.objects.filter(indicator__node__project=project))
    before = {(m.indicator_id, m.part, m.data_element, m.category_combo_id, m.by_province) for m in existing}
    after = {(r.indicator.pk, r.part, r.data_element, r.category_combo.pk, r.by_province) for r in rows}
    if before == after:
        return existing
    Dhis2Mapping.objects.filter(pk__in=[m.pk for m in existing]).delete()
    saved = Dhis2Mapping.objects.bulk_create(
        Dhis2Mapping(
            indicator=r.indicator,
            part=r.part,
            data_element=r.data_element,
            category_combo=r.category_combo,
            by_province=r.by_province,
        )
        for r in rows
    )
    audit.record(actor=actor, action="dhis2.mappings", obj=project, changed_fields=["dhis2_mappings"])
    return saved


def dhis2_load(*, actor: Any, project: Project, data: dict, indicators: dict[str, list[dict]]) -> None:
    """Load a framework file's DHIS2 section (results/data/*.json "dhis2") and its indicators' mappings
    ({code: [{"data_element", "category_combo", "part", "by_province"}]}), through the services above."""
    dhis2_data_set_save(
        actor=actor,
        project=project,
        uid=data["data_set"],
        attribute_option_combo=data["attribute_option_combo"],
    )
    dhis2_org_units_save(actor=actor, units=dict(data.get("org_units", {})))
    combos = {}
    for item in data.get("category_combos", []):
        combos[item["code"]] = dhis2_category_combo_save(
            actor=actor,
            code=item["code"],
            name=item["name"],
            uid=item.get("uid", ""),
            dimension=item.get("dimension", ""),
            by_sex=item.get("by_sex", False),
            options=[OptionRow(o.get("value", ""), o.get("sex", ""), o["uid"]) for o in item["options"]],
            combo=Dhis2CategoryCombo.objects.filter(code=item["code"]).first(),
        )
    by_code = {i.code: i for i in Indicator.objects.filter(node__project=project).select_related("node")}
    rows = [
        MappingRow(
            indicator=by_code[code],
            data_element=m["data_element"],
            category_combo=combos.get(m["category_combo"])
            or Dhis2CategoryCombo.objects.get(code=m["category_combo"]),
            part=m.get("part", Dhis2Part.VALUE),
            by_province=m.get("by_province", False),
        )
        for code, mappings in indicators.items()
        for m in mappings
    ]
    dhis2_mappings_save(actor=actor, project=project, rows=rows)
