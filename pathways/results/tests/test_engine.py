import dataclasses
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pathways.people import services as people_services
from pathways.people.models import Consent
from pathways.results import selectors, services
from pathways.results.engine import get_source, register_source, spec, unregister_source
from pathways.results.engine.compute import Cell, compute
from pathways.results.reporting import indicator_result, report_build, trends
from pathways.testing.factories import make_person

from .conftest import THIS_YEAR


def data_queries(queries: CaptureQueriesContext) -> list[dict]:
    """The queries that read data, without what the engine asks of PostgreSQL's planner around them (its
    settings, a part's EXPLAIN)."""
    planner = ("SET ", "RESET ", "SHOW ", "EXPLAIN ")
    return [q for q in queries.captured_queries if not q["sql"].startswith(planner)]


PEOPLE = {"measure": "count_people", "of": [{"source": "people"}]}


def signed_consent(person, day):
    return Consent.objects.create(
        person=person, given_on=day, purposes=[], notice_version="1", notice_language="lo", method="signed"
    )


def indicators_save(node, definitions):
    for code, computation, dims in definitions:
        services.indicator_save(
            actor=None,
            node=node,
            code=code,
            values={"title": code, "computation": computation, "disaggregations": dims},
        )


def figures(comp, period, dims=()):
    return compute(spec.parse(comp), dims=list(dims), project=period.project, period=period)


def test_count_people_counts_registrations_in_the_period_by_each_disaggregation(officer, period):
    make_person(actor=officer, sex="female", migrant_status="returnee", home_province="LA-VT")
    make_person(actor=officer, sex="female", migrant_status="prospective", home_province="LA-SV")
    make_person(actor=officer, sex="male", migrant_status="returnee", home_province="LA-SV")

    f = figures(PEOPLE, period, ["sex", "province", "migrant_status"])

    assert f.total.value == 3
    assert f.cell(sex="female").value == 2
    assert f.cell(province="LA-SV").value == 2
    assert f.cell(province="LA-SV", sex="male").value == 1
    assert f.cell(migrant_status="returnee", sex="female").value == 1


def test_records_outside_the_period_are_not_counted(officer, project, period):
    person = make_person(actor=officer)
    person.created_at = datetime.datetime(
        THIS_YEAR - 1, 12, 31, 23, 0, tzinfo=datetime.UTC
    )  # 06:00 in Vientiane
    person.save(update_fields=["created_at"])
    make_person(actor=officer)

    assert figures(PEOPLE, period).total.value == 2  # 31 Dec 23:00 UTC is 1 January in Vientiane
    person.created_at = datetime.datetime(THIS_YEAR - 1, 12, 31, 12, 0, tzinfo=datetime.UTC)
    person.save(update_fields=["created_at"])
    assert figures(PEOPLE, period).total.value == 1
    cumulative = {**PEOPLE, "window": "cumulative"}
    assert figures(cumulative, period).total.value == 2


def test_age_band_is_taken_at_the_end_of_the_period_from_date_or_year_of_birth(officer, period):
    end = period.ends_on
    make_person(actor=officer, birth_date=end.replace(year=end.year - 25))  # 25 on the last day
    make_person(actor=officer, birth_date=end.replace(year=end.year - 25) + datetime.timedelta(days=1))  # 24
    make_person(actor=officer, birth_year=end.year - 50)
    make_person(actor=officer, birth_year=end.year - 14)
    make_person(actor=officer)

    f = figures(PEOPLE, period, ["age_band"])

    assert f.cell(age_band="25–34").value == 1
    assert f.cell(age_band="15–24").value == 1
    assert f.cell(age_band="45+").value == 1
    assert f.cell(age_band="<15").value == 1
    assert f.cell(age_band="unknown").value == 1


def test_disability_follows_the_washington_group_rule(officer, period):
    make_person(actor=officer, wg_seeing=3)
    make_person(actor=officer, wg_communicating=4, wg_walking=1)
    make_person(actor=officer, wg_hearing=2, wg_selfcare=2)
    make_person(actor=officer)

    f = figures(PEOPLE, period, ["disability"])

    assert f.cell(disability="yes").value == 2
    assert f.cell(disability="no").value == 1
    assert f.cell(disability="unknown").value == 1


def test_filters_ratio_and_union_of_sources(officer, period, consents_source):
    a = make_person(actor=officer, sex="female")
    make_person(actor=officer, sex="male")
    make_person(actor=officer, sex="male")
    signed_consent(a, period.starts_on)

    women = {
        "measure": "count_people",
        "of": [{"source": "people", "where": [{"field": "sex", "value": "female"}]}],
    }
    share = {"measure": "ratio", "scale": 100, "numerator": women, "denominator": PEOPLE}
    assert figures(women, period).total.value == 1
    assert figures(share, period).total.value == pytest.approx(33.3)
    # Unique people across sources: the woman registered *and* consented counts once.
    union = {"measure": "count_people", "of": [{"source": "people"}, {"source": "test_consents"}]}
    assert figures(union, period, ["sex"]).total.value == 3


def test_count_records_sum_median_and_distinct(officer, period, consents_source):
    people = [
        make_person(actor=officer, birth_year=y, home_province=p)
        for y, p in [(1990, "LA-VT"), (2000, "LA-VT"), (1980, "LA-SV")]
    ]
    for person in people:
        for _ in range(2):
            Consent.objects.create(
                person=person,
                given_on=period.starts_on,
                purposes=[],
                notice_version="1",
                notice_language="lo",
                method="signed",
            )

    records = figures({"measure": "count_records", "of": [{"source": "test_consents"}]}, period, ["province"])
    assert records.total.value == 6
    assert records.cell(province="LA-VT").value == 4
    distinct = figures(
        {"measure": "count_distinct", "field": "province", "of": [{"source": "people"}]}, period, ["sex"]
    )
    assert distinct.total.value == 2


def test_median_and_sum_of_a_number(officer, period):
    for year in (1990, 1994, 2000, 2001):
        make_person(actor=officer, birth_year=year, sex="female" if year < 2000 else "male")
    people = get_source("people")
    register_source(dataclasses.replace(people, name="people_years", fields={"birth_year": "birth_year"}))
    try:
        f = figures(
            {"measure": "median", "field": "birth_year", "of": [{"source": "people_years"}]}, period, ["sex"]
        )
    finally:
        unregister_source("people_years")
    register_source(dataclasses.replace(people, name="people_years", fields={"birth_year": "birth_year"}))
    try:
        total = figures(
            {"measure": "sum", "field": "birth_year", "of": [{"source": "people_years"}]}, period, ["sex"]
        )
    finally:
        unregister_source("people_years")
    assert total.total.value == 1990 + 1994 + 2000 + 2001
    assert total.cell(sex="male").value == 4001
    assert f.total.value == 1997
    assert f.cell(sex="female").value == 1992
    assert f.cell(sex="male").value == 2000.5


@pytest.mark.parametrize(
    ("computation", "message"),
    [
        ({"measure": "count_people", "of": [{"source": "nope"}]}, "no record source named 'nope'"),
        (
            {"measure": "count_people", "of": [{"source": "people", "where": [{"field": "x"}]}]},
            "has no field 'x'",
        ),
        ({"measure": "sum", "of": [{"source": "people"}]}, "sum needs 'field'"),
        ({"measure": "ratio", "numerator": PEOPLE}, "numerator and a denominator"),
        ({"measure": "count_people", "of": [{"source": "people"}], "extra": 1}, "extra"),
    ],
)
def test_a_bad_definition_is_refused_naming_the_problem_and_nothing_is_saved(outcome, computation, message):
    with pytest.raises(ValidationError, match=message):
        services.indicator_save(
            actor=None, node=outcome, code="9.9", values={"title": "Bad", "computation": computation}
        )
    assert not outcome.indicators.exists()


def test_a_published_report_withholds_small_cells_with_complements(officer, outcome, period):
    indicator = services.indicator_save(
        actor=None,
        node=outcome,
        code="1",
        values={"title": "People", "computation": PEOPLE, "disaggregations": ["sex", "province"]},
    )
    for _ in range(2):
        make_person(actor=officer, sex="female", home_province="LA-SV")
    for _ in range(10):
        make_person(actor=officer, sex="male", home_province="LA-VT")
    for _ in range(8):
        make_person(actor=officer, sex="female", home_province="LA-VT")

    published = indicator_result(indicator, period, published=True)
    exact = indicator_result(indicator, period, published=False)

    sv_female = published.shown_by_key[(("province", "LA-SV"), ("sex", "female"))]
    assert sv_female.text == "<5" and sv_female.value is None
    assert published.shown_by_key[(("province", "LA-SV"),)].text in ("<5", "x")
    assert published.total.text == "20"
    assert exact.shown_by_key[(("province", "LA-SV"), ("sex", "female"))].text == "2"


def test_changing_one_record_changes_the_figure_and_its_drill_down(officer, outcome, period):
    indicator = services.indicator_save(
        actor=None,
        node=outcome,
        code="1",
        values={"title": "People", "computation": PEOPLE, "disaggregations": ["sex"]},
    )
    person = make_person(actor=officer, sex="female")
    make_person(actor=officer, sex="male")
    before = indicator_result(indicator, period, published=False)
    women = selectors.figure_people(
        actor=officer, indicator=indicator, period=period, where={"sex": "female"}
    )
    assert before.shown_by_key[(("sex", "female"),)].value == 1 and list(women) == [person]

    data = people_services.person_input_from(person)
    data.sex = "male"
    people_services.person_update(actor=officer, person=person, data=data)

    after = indicator_result(indicator, period, published=False)
    assert after.shown_by_key[(("sex", "female"),)].value == 0
    assert after.shown_by_key[(("sex", "male"),)].value == 2
    assert not selectors.figure_people(
        actor=officer, indicator=indicator, period=period, where={"sex": "female"}
    )
    men = selectors.figure_people(actor=officer, indicator=indicator, period=period, where={"sex": "male"})
    assert person in men


def test_drill_down_shows_only_the_people_the_viewer_may_see(officer, vte_staff, outcome, period):
    indicator = services.indicator_save(
        actor=None,
        node=outcome,
        code="1",
        values={"title": "People", "computation": PEOPLE, "disaggregations": ["sex"]},
    )
    in_vte = make_person(actor=officer, home_province="LA-VT")
    make_person(actor=officer, home_province="LA-SV")

    mine = selectors.figure_people(actor=vte_staff, indicator=indicator, period=period, where={})
    everyone = selectors.figure_people(actor=officer, indicator=indicator, period=period, where={})

    assert list(mine) == [in_vte]
    assert everyone.count() == 2


def test_a_report_counts_a_definition_once_and_sums_its_cube_down_for_fewer_dimensions(
    officer, outcome, period
):
    all_dims = ["sex", "age_band", "disability", "province", "migrant_status"]
    women_share = {
        "measure": "ratio",
        "scale": 100,
        "numerator": {
            "measure": "count_people",
            "of": [{"source": "people", "where": [{"field": "sex", "op": "eq", "value": "female"}]}],
        },
        "denominator": PEOPLE,
    }
    definitions = [
        ("1", PEOPLE, all_dims),
        ("2", PEOPLE, all_dims),  # the same definition again: no second query
        ("3", women_share, ["age_band", "province"]),  # its denominator comes from indicator 1's cube
    ]
    indicators_save(outcome, definitions)
    for i in range(9):
        make_person(
            actor=officer,
            sex="female" if i % 3 else "male",
            home_province="LA-VT" if i < 6 else "LA-SV",
            birth_year=1980 + 3 * i,
            wg_seeing=3 if i == 4 else 1,
        )

    # nodes, indicators + targets, places; then 1, 2 and both parts of 3 in one scan of the people table
    with CaptureQueriesContext(connection) as queries:
        report = report_build(project=period.project, period=period, published=False)
    assert len(data_queries(queries)) == 5

    fresh = {code: figures(computation, period, dims).cells for code, computation, dims in definitions}
    assert {r.indicator.code: r.figures.cells for r in report.results} == fresh
    assert report.results[2].shown_by_key[(("province", "LA-VT"),)].value == 66.7


def test_a_record_merged_into_another_is_not_counted_nor_listed_from_any_source(
    officer, outcome, period, consents_source
):
    survivor = make_person(actor=officer, sex="female")
    merged = make_person(actor=officer, sex="male")
    for person in (survivor, merged):
        signed_consent(person, period.starts_on)
    consented = {"measure": "count_people", "of": [{"source": "test_consents"}]}
    indicator = services.indicator_save(
        actor=None,
        node=outcome,
        code="C",
        values={"title": "Consented", "computation": consented, "disaggregations": ["sex"]},
    )
    assert figures(consented, period, ["sex"]).total.value == 2

    type(merged).objects.filter(pk=merged.pk).update(merged_into=survivor)

    assert figures(consented, period, ["sex"]).cells == {(): Cell(1, 1), (("sex", "female"),): Cell(1, 1)}
    assert figures(PEOPLE, period).total.value == 1
    listed = selectors.figure_people(actor=officer, indicator=indicator, period=period, where={})
    assert list(listed) == [survivor]


def test_counts_of_people_batched_in_one_scan_equal_each_definition_counted_alone(
    officer, outcome, period, consents_source
):
    """The report counts every count_people definition in one scan of the people table; the figures must be
    those of each definition computed alone, for every dimension, window, union and merged record."""
    end = period.ends_on
    last_year = datetime.datetime(THIS_YEAR - 1, 6, 1, 12, tzinfo=datetime.UTC)
    sexes = ["female", "male", "other"]
    provinces = ["LA-VT", "LA-SV", ""]
    statuses = ["returnee", "prospective", "current", "family_member", "non_migrant"]
    people = []
    for i in range(24):
        birth = {}
        if i % 4 == 0:
            birth = {"birth_date": end.replace(year=end.year - 15 - 2 * i)}
        elif i % 4 == 1:
            birth = {"birth_year": end.year - 12 - 3 * i}
        wg = {"wg_walking": 3} if i % 5 == 0 else ({"wg_seeing": 1} if i % 5 == 1 else {})
        people.append(
            make_person(
                actor=officer,
                sex=sexes[i % 3],
                home_province=provinces[i % 3 if i % 7 else 2],
                migrant_status=statuses[i % 5],
                **birth,
                **wg,
            )
        )
    for i, person in enumerate(people):
        if i % 6 == 5:  # registered last year: only in cumulative figures, but reached this year
            type(person).objects.filter(pk=person.pk).update(created_at=last_year)
        if i % 2:
            signed_consent(person, period.starts_on)
        if i % 3 == 0:
            Consent.objects.create(
                person=person,
                given_on=period.starts_on.replace(year=THIS_YEAR - 1),
                purposes=[],
                notice_version="1",
                notice_language="lo",
                method="verbal",
            )
    for loser, survivor in ((people[3], people[4]), (people[9], people[10]), (people[17], people[0])):
        type(loser).objects.filter(pk=loser.pk).update(merged_into=survivor)

    consents = {"source": "test_consents"}
    signed = {"source": "test_consents", "where": [{"field": "method", "op": "eq", "value": "signed"}]}
    returnee_women = {
        "source": "people",
        "where": [
            {"field": "sex", "op": "eq", "value": "female"},
            {"field": "migrant_status", "op": "eq", "value": "returnee"},
        ],
    }
    all_dims = ["sex", "age_band", "disability", "province", "migrant_status"]
    definitions = [
        ("P", PEOPLE, all_dims),
        ("RW", {"measure": "count_people", "of": [returnee_women]}, ["age_band", "province"]),
        ("S", {"measure": "count_people", "of": [signed]}, all_dims),
        ("U", {"measure": "count_people", "of": [{"source": "people"}, consents]}, all_dims),
        ("C", {"measure": "count_people", "of": [consents], "window": "cumulative"}, ["sex", "disability"]),
        ("R", {"measure": "ratio", "scale": 100, "numerator": {"measure": "count_people", "of": [signed]},
               "denominator": PEOPLE}, ["sex", "migrant_status"]),
        ("N", {"measure": "count_records", "of": [consents]}, ["sex", "age_band"]),
    ]  # fmt: skip
    indicators_save(outcome, definitions)

    # nodes, indicators + targets, places; all counts of people of the period in one scan, the cumulative
    # one in another; the count of records alone
    with CaptureQueriesContext(connection) as queries:
        report = report_build(project=period.project, period=period, published=False)
    assert len(data_queries(queries)) == 7

    alone = {code: figures(computation, period, dims).cells for code, computation, dims in definitions}
    assert {r.indicator.code: r.figures.cells for r in report.results} == alone
    assert alone["U"][()].value == 21  # 24 people, 3 merged; the union reaches those registered last year
    assert alone["P"][()].value < alone["U"][()].value
    assert alone["C"][()].value > alone["S"][()].value

    later = services.period_create(actor=None, project=period.project, label=str(THIS_YEAR - 1))
    indicators = [r.indicator for r in report.results]
    each = [[figures(i.computation, p).total.value for p in (later, period)] for i in indicators]
    assert trends(indicators, [later, period], published=False) == each
    # The report's own totals are taken as they are (the dashboard's trend), the other year counted.
    known = {period.pk: [r.figures.total for r in report.results]}
    with CaptureQueriesContext(connection) as reused:
        assert trends(indicators, [later, period], published=False, known=known) == each
    with CaptureQueriesContext(connection) as counted:
        trends(indicators, [later, period], published=False)
    assert 0 < len(data_queries(reused)) < len(data_queries(counted))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL splits the people into parts")
@pytest.mark.parametrize("parts", [2, 3])
def test_people_split_into_parts_are_each_counted_once(
    officer, outcome, period, consents_source, monkeypatch, parts
):
    """On PostgreSQL the counts of people run as parts (each a share of the people by hash, side by side in
    parallel workers); the figures, the trend's totals included, must be those of one part, and a cell's
    people found in several parts must add up."""
    from pathways.results.engine import compute as engine

    for i in range(30):
        person = make_person(actor=officer, sex="female" if i % 3 else "male", home_province="LA-VT")
        if i % 2:
            signed_consent(person, period.starts_on)
    consents = {"source": "test_consents"}
    all_dims = ["sex", "age_band", "disability", "province", "migrant_status"]
    definitions = [
        ("P", PEOPLE, all_dims),
        ("S", {"measure": "count_people", "of": [consents]}, all_dims),
        ("U", {"measure": "count_people", "of": [{"source": "people"}, consents]}, ["sex"]),
    ]
    indicators_save(outcome, definitions)

    def counted(n_parts):
        monkeypatch.setattr(engine, "parts_of_people", lambda: n_parts)
        report = report_build(project=period.project, period=period, published=False)
        indicators = [r.indicator for r in report.results]
        return {r.indicator.code: r.figures.cells for r in report.results}, trends(
            indicators, [period], published=False
        )

    whole, whole_trend = counted(1)
    assert whole["P"][()].value == 30 and whole["S"][()].value == 15
    assert whole["P"][(("sex", "female"),)].value == 20
    assert counted(parts) == (whole, whole_trend)


def test_counts_of_people_do_not_depend_on_the_order_the_dimensions_are_asked_in(
    officer, period, consents_source
):
    """The batched counts name each column by its dimension: asking for the dimensions in another order
    must give the same cells."""
    from pathways.results.engine.compute import people_cubes, window_for

    for i in range(8):
        person = make_person(
            actor=officer,
            sex="female" if i % 2 else "male",
            home_province="LA-VT" if i < 5 else "LA-SV",
            migrant_status="returnee" if i % 3 == 0 else "prospective",
        )
        if i % 2:
            signed_consent(person, period.starts_on)
    comps = [spec.parse(PEOPLE), spec.parse({"measure": "count_people", "of": [{"source": "test_consents"}]})]
    project = period.project
    window = window_for(comps[0], project=project, period=period)
    dims = ["sex", "age_band", "disability", "province", "migrant_status"]

    def cubes(order):
        return people_cubes(comps, order, project=project, window=window, bands=project.age_bands)

    people, consented = cubes(dims)
    assert people[(("province", "LA-SV"), ("sex", "female"))] == [2, 2]
    assert people[(("migrant_status", "returnee"),)] == [3, 3]
    assert consented[(("sex", "female"),)] == [4, 4] and (("sex", "male"),) not in consented
    assert cubes(list(reversed(dims))) == [people, consented]
