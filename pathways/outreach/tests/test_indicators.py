"""An indicator over information sessions is data: a count of people reached by name, disaggregated like any
person, and the head counts of those not named summed by province."""

import datetime

from pathways.outreach import services
from pathways.places.models import Province
from pathways.results import services as results_services
from pathways.results.engine import spec
from pathways.results.engine.compute import compute
from pathways.testing.factories import make_person

REACHED = {
    "measure": "count_people",
    "of": [
        {
            "source": "information_session_attendees",
            "where": [{"field": "topic", "op": "eq", "value": "safe_migration"}],
        }
    ],
}
WOMEN_NOT_NAMED = {
    "measure": "sum",
    "field": "women_not_named",
    "of": [{"source": "information_sessions"}],
}


def test_people_reached_by_sessions_are_counted_once_by_sex_and_head_counts_are_summed(
    svk_staff, svk_org, project, session
):
    period = results_services.period_create(actor=None, project=project, label="2023")
    noy = make_person(actor=svk_staff, given_name_latin="Noy", sex="female", home_province="LA-SV")
    keo = make_person(actor=svk_staff, given_name_latin="Keo", sex="male", home_province="LA-SV")
    again = services.session_create(
        actor=svk_staff,
        organisation=svk_org,
        held_on=datetime.date(2023, 6, 1),
        topic="safe_migration",
        province=Province.objects.get(code="LA-SV"),
        women_not_named=5,
        funding_project=project,
    )
    for attended, person in ((session, noy), (session, keo), (again, noy)):
        services.attendance_add(actor=svk_staff, session=attended, person_id=person.pk)
    services.session_create(  # another project's session: not counted
        actor=svk_staff,
        organisation=svk_org,
        held_on=datetime.date(2023, 6, 2),
        topic="safe_migration",
        province=Province.objects.get(code="LA-SV"),
        women_not_named=50,
    )
    assert spec.dimensions_available(spec.parse(WOMEN_NOT_NAMED)) == {"province"}

    reached = compute(spec.parse(REACHED), dims=["sex"], project=project, period=period)
    women = compute(spec.parse(WOMEN_NOT_NAMED), dims=["province"], project=project, period=period)

    assert (reached.total.value, reached.cell(sex="female").value, reached.cell(sex="male").value) == (
        2,
        1,
        1,
    )
    assert (women.total.value, women.cell(province="LA-SV").value) == (17, 17)
