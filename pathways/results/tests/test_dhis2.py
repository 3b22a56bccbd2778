"""The DHIS2 export: the shipped PROMISE-II mapping, its payload checked against DHIS2's documented
dataValueSets rules (tests/fake_dhis2.py), and the M&E officer's writes to the mapping."""

import json
import re
from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from pathways.results import selectors, services
from pathways.results.dhis2 import mapping as dhis2_mapping
from pathways.results.dhis2.payload import NotReady, dhis2_export
from pathways.results.models import Dhis2CategoryCombo, Dhis2DataSet, Dhis2Mapping, Dhis2OrgUnit, Indicator
from pathways.results.tests.fake_dhis2 import FakeDhis2
from pathways.testing.factories import make_person

from .conftest import THIS_YEAR

UID = re.compile(r"^[A-Za-z][A-Za-z0-9]{10}$")


def _report(project, *, published: bool):
    period = selectors.period_get(project=project, label=str(THIS_YEAR))
    return selectors.report_for(actor=None, project=project, period=period, published=published)


def test_every_promise_ii_indicator_is_mapped_to_a_data_element(promise):
    shipped = json.loads((services.DATA / "promise_ii.json").read_text())
    codes = {i["code"] for node in shipped["nodes"] for i in node.get("indicators", [])}
    mapped = set(Dhis2Mapping.objects.values_list("indicator__code", flat=True))
    assert len(codes) == 13 and mapped == codes
    # Percentages go as their numerator and denominator: DHIS2 adds values up, and a share does not add up.
    for code in ("1.1.4", "3.1.4"):
        parts = set(Dhis2Mapping.objects.filter(indicator__code=code).values_list("part", flat=True))
        assert parts == {"numerator", "denominator"}


def test_the_payload_keeps_dhis2s_rules_one_value_per_identity_and_valid_identifiers(promise):
    export = dhis2_export(_report(promise, published=False))
    payload = export.bulk()

    assert payload["dataSet"] == "PwPromise02" and payload["attributeOptionCombo"] == "PwAocPrmII1"
    identities = [
        (
            v["dataElement"],
            v["period"],
            v["orgUnit"],
            v["categoryOptionCombo"],
            payload["attributeOptionCombo"],
        )
        for v in payload["dataValues"]
    ]
    assert [i for i, n in Counter(identities).items() if n > 1] == []
    assert all(UID.match(uid) for identity in identities for uid in identity if uid != str(THIS_YEAR))
    assert {i[1] for i in identities} == {str(THIS_YEAR)}
    assert export.gaps == []
    summary = FakeDhis2().validate(payload)
    assert summary["conflicts"] == []
    assert summary["importCount"] == {
        "imported": len(identities),
        "updated": 0,
        "ignored": 0,
        "deleted": 0,
    }


def test_dhis2s_own_totals_equal_the_figures_never_double_them(promise):
    """Once imported, DHIS2 adds a data element's values up over its option combos and organisation units:
    that must give the indicator's figure (the old mapping sent a total beside its sex split: twice it)."""
    report = _report(promise, published=False)
    dhis2 = FakeDhis2()
    for data_value_set, _values in dhis2_export(report).sets():
        assert dhis2.validate(data_value_set)["conflicts"] == []
    totals = {r.indicator.code: r.figures.total.value for r in report.results}
    assert totals["1.1.1"] == 12
    for m in Dhis2Mapping.objects.select_related("indicator"):
        got = dhis2.total(m.data_element, str(THIS_YEAR))
        if m.part == "value":
            assert got == totals[m.indicator.code], (m.indicator.code, m.data_element)
    # 1.1.4, women among the people registered, is divided back by a DHIS2 indicator: 8 of 12.
    women = dhis2.total("PwDeWomNum1", str(THIS_YEAR))
    everyone = dhis2.total("PwDeWomDen1", str(THIS_YEAR))
    assert (women, everyone) == (8, 12) and round(women / everyone * 100, 1) == totals["1.1.4"]
    # By province: Vientiane Capital's organisation unit holds its 9 people, split by sex.
    assert dhis2.total("PwDeRegPrv1", str(THIS_YEAR), org_units={"PwOuLAVT000"}) == 9


def test_each_organisation_units_set_names_the_data_set_period_and_completion_once_the_period_ended(promise):
    period = selectors.period_get(project=promise, label=str(THIS_YEAR - 1))
    last_year = selectors.report_for(actor=None, project=promise, period=period, published=True)
    sets = dhis2_export(last_year).sets()

    assert len(sets) == 19  # 18 provinces and the country (people with no province)
    head = {k: v for k, v in sets[0][0].items() if k != "dataValues"}
    assert set(head) == {"dataSet", "completeDate", "period", "orgUnit", "attributeOptionCombo"}
    dhis2 = FakeDhis2()
    dhis2.meta["dataSets"][0]["periodType"] = "Yearly"
    for data_value_set, _values in sets:
        assert dhis2.validate(data_value_set)["status"] == "SUCCESS"
    assert len(dhis2.completed) == 19
    # This year has not ended: it is not reported complete.
    assert all("completeDate" not in s for s, _v in dhis2_export(_report(promise, published=True)).sets())


def test_withheld_figures_go_as_a_comment_without_a_value_which_dhis2_accepts(promise):
    export = dhis2_export(_report(promise, published=True))
    withheld = [v for v in export.values if v.value is None]

    assert withheld and all(v.comment.startswith("Withheld") for v in withheld)
    # Savannakhet's 3 people (2 women, 1 man) are not sent.
    savannakhet = [
        v for v in export.values if v.org_unit == "PwOuLASV000" and v.data_element == "PwDeRegPrv1"
    ]
    assert {v.value for v in savannakhet} == {None, "0"}
    assert FakeDhis2().validate(export.bulk())["conflicts"] == []


def test_figures_with_nowhere_to_go_in_dhis2_are_named(promise, officer):
    make_person(actor=officer, sex="female", home_province="TH-10")
    Dhis2OrgUnit.objects.filter(place="LA-VT").delete()

    gaps = dhis2_export(_report(promise, published=False)).gaps

    assert any("1.1.1" in g and "Bangkok" in g for g in gaps)
    assert any("1.1.1" in g and "Vientiane Capital" in g for g in gaps)


def test_a_project_without_a_data_set_is_not_ready_and_says_why(promise):
    Dhis2DataSet.objects.all().delete()
    with pytest.raises(NotReady) as not_ready:
        dhis2_export(_report(promise, published=True))
    assert not_ready.value.problems == ["The project has no DHIS2 data set and attribute option combo."]


def _row(code: str, **kwargs) -> dhis2_mapping.MappingRow:
    values: dict = {
        "data_element": "AbcDefGhi01",
        "category_combo": Dhis2CategoryCombo.objects.get(code="sex"),
    }
    values |= {"by_province": True} | kwargs
    return dhis2_mapping.MappingRow(indicator=Indicator.objects.get(code=code), **values)


@pytest.mark.parametrize(
    ("rows", "key", "says"),
    [
        (lambda: [_row("1.1.1", data_element="1bad")], "rows.0.data_element", "not a DHIS2 identifier"),
        (lambda: [_row("1.1.4")], "rows.0.part", "send its numerator and its denominator"),
        (lambda: [_row("1.1.1", part="numerator")], "rows.0.part", "Only a ratio"),
        (
            lambda: [_row("1.1.1", category_combo=Dhis2CategoryCombo.objects.get(code="age_sex"))],
            "rows.0.by_province",
            "broken down by sex at most",
        ),
        (lambda: [_row("1.1.1"), _row("1.1.2")], "rows.1.data_element", "already holds 1.1.1"),
        (lambda: [_row("2.2.1", by_province=True)], "rows.0.category_combo", "not broken down by sex"),
    ],
)
def test_a_mapping_dhis2_would_misread_is_refused_and_nothing_changes(promise, me_officer, rows, key, says):
    before = list(Dhis2Mapping.objects.values_list("pk", flat=True))
    with pytest.raises(ValidationError) as refused:
        dhis2_mapping.dhis2_mappings_save(actor=me_officer, project=promise, rows=rows())
    assert says in " ".join(refused.value.message_dict[key])
    assert list(Dhis2Mapping.objects.values_list("pk", flat=True)) == before


def test_a_combination_with_a_total_beside_its_cells_is_refused(promise, me_officer):
    with pytest.raises(ValidationError) as refused:
        dhis2_mapping.dhis2_category_combo_save(
            actor=me_officer,
            code="sex2",
            name="Sex with total",
            uid="",
            dimension="",
            by_sex=True,
            options=[
                dhis2_mapping.OptionRow("", "female", "AbcDefGhi01"),
                dhis2_mapping.OptionRow("", "male", "AbcDefGhi02"),
                dhis2_mapping.OptionRow("", "", "AbcDefGhi03"),
            ],
        )
    assert "A total beside its cells would be counted twice" in refused.value.message_dict["options.2.sex"][0]
    assert not Dhis2CategoryCombo.objects.filter(code="sex2").exists()


def test_organisation_units_are_checked_and_may_move_between_provinces(promise, me_officer):
    with pytest.raises(ValidationError) as refused:
        dhis2_mapping.dhis2_org_units_save(actor=me_officer, units={"LA-VT": "PwOuLASV000"})
    assert "already the organisation unit of LA-SV" in refused.value.message_dict["LA-VT"][0]

    dhis2_mapping.dhis2_org_units_save(
        actor=me_officer, units={"LA-VT": "PwOuLASV000", "LA-SV": "PwOuLAVT000", "LA-XS": ""}
    )
    units = dict(Dhis2OrgUnit.objects.values_list("place", "uid"))
    assert units["LA-VT"] == "PwOuLASV000" and units["LA-SV"] == "PwOuLAVT000" and "LA-XS" not in units
