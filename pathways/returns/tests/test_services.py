"""Returns and referrals: the rules every entry point (page, API) goes through."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from pathways.core.models import AuditEvent
from pathways.identity.services import person_merge
from pathways.people.timeline import person_timeline
from pathways.places.models import Country
from pathways.returns import selectors, services
from pathways.returns.conftest import RETURNED
from pathways.returns.models import Referral, Return
from pathways.testing.factories import make_person


def test_a_return_is_recorded_with_its_needs_and_makes_the_person_a_returnee(a_return, returnee, svk_staff):
    returnee.refresh_from_db()
    assert returnee.migrant_status == "returnee"
    assert a_return.needs == ["job", "health"] and a_return.debt_lak == 3_000_000
    assert AuditEvent.objects.filter(action="return.create", person_id=returnee.pk).exists()
    assert AuditEvent.objects.filter(
        action="person.update", person_id=returnee.pk, changed_fields=["migrant_status"]
    ).exists()
    entries = [e.title for e in person_timeline(actor=svk_staff, person=returnee)]
    assert any(t.startswith("Returned from") and "COVID-19" in t for t in entries)


def test_a_return_is_refused_with_errors_that_name_the_field(svk_staff, svk_org, returnee, hospital):
    with pytest.raises(ValidationError) as refused:
        services.return_record(
            actor=svk_staff,
            person_id=returnee.pk,
            organisation=svk_org,
            returned_on=datetime.date.today() + datetime.timedelta(days=3),
            from_country=Country.objects.get(code="LA"),
            reason="boredom",
            border_point="a river",
            quarantine_centre=hospital,
            screening="maybe",
            savings_lak=-5,
            needs=["job", "a pony"],
        )
    assert set(refused.value.message_dict) == {
        "returned_on",
        "from_country",
        "reason",
        "border_point",
        "quarantine_centre",
        "screening",
        "savings_lak",
        "needs",
    }
    assert not Return.objects.exists()
    returnee.refresh_from_db()
    assert returnee.migrant_status == "current"  # nothing half-saved


def test_the_same_return_twice_is_refused(a_return, svk_staff, svk_org, returnee):
    with pytest.raises(ValidationError) as refused:
        services.return_record(
            actor=svk_staff,
            person_id=returnee.pk,
            organisation=svk_org,
            returned_on=RETURNED,
            from_country=Country.objects.get(code="TH"),
            reason="covid19",
        )
    assert "already recorded" in refused.value.message_dict["returned_on"][0]


def test_who_may_record_and_see_returns(a_return, returnee, vte_staff, vte_org, svk_org, donor, svk_staff):
    with pytest.raises(PermissionDenied):
        services.return_record(
            actor=svk_staff,
            person_id=returnee.pk,
            organisation=vte_org,
            returned_on=RETURNED,
            from_country=Country.objects.get(code="TH"),
            reason="covid19",
        )
    with pytest.raises(PermissionDenied):
        services.return_record(
            actor=donor,
            person_id=returnee.pk,
            organisation=svk_org,
            returned_on=RETURNED,
            from_country=Country.objects.get(code="TH"),
            reason="covid19",
        )
    # Vientiane staff do not see a Savannakhet returnee, nor their return.
    assert not selectors.return_list(actor=vte_staff).exists()
    with pytest.raises(Http404):
        selectors.return_get(actor=vte_staff, return_id=a_return.pk)
    with pytest.raises(Http404):
        services.return_record(
            actor=vte_staff,
            person_id=returnee.pk,
            organisation=vte_org,
            returned_on=RETURNED,
            from_country=Country.objects.get(code="TH"),
            reason="covid19",
        )


def test_a_referral_is_made_and_its_outcome_recorded_by_either_side(
    a_return, returnee, svk_staff, svk_org, hospital, vte_staff
):
    referral = services.referral_make(
        actor=svk_staff,
        person_id=returnee.pk,
        organisation=svk_org,
        service="health",
        referred_to=hospital,
        referred_on=datetime.date(2023, 4, 20),
        after_return=a_return,
    )
    with pytest.raises(ValidationError) as early:
        services.referral_outcome(
            actor=svk_staff, referral=referral, status="completed", outcome_on=datetime.date(2023, 4, 1)
        )
    assert "before the referral (2023-04-20)" in early.value.message_dict["outcome_on"][0]
    with pytest.raises(PermissionDenied):
        services.referral_outcome(
            actor=vte_staff, referral=referral, status="completed", outcome_on=datetime.date(2023, 5, 2)
        )
    services.referral_outcome(
        actor=svk_staff,
        referral=referral,
        status="completed",
        outcome_on=datetime.date(2023, 5, 2),
        outcome_note="Treated.",
    )
    referral.refresh_from_db()
    assert (referral.status, referral.outcome_on, referral.outcome_note) == (
        "completed",
        datetime.date(2023, 5, 2),
        "Treated.",
    )
    services.referral_outcome(
        actor=svk_staff, referral=referral, status="referred", outcome_on=datetime.date(2023, 5, 2)
    )
    referral.refresh_from_db()
    assert (referral.status, referral.outcome_on) == ("referred", None)


def test_a_referral_is_refused_with_errors_that_name_the_field(a_return, svk_staff, svk_org, hospital):
    hospital.is_active = False
    hospital.save()
    other = make_person(actor=svk_staff, home_province="LA-SV")
    with pytest.raises(ValidationError) as refused:
        services.referral_make(
            actor=svk_staff,
            person_id=other.pk,
            organisation=svk_org,
            service="magic",
            referred_to=hospital,
            referred_on=None,
            after_return=a_return,
        )
    assert set(refused.value.message_dict) == {"service", "referred_to", "referred_on", "after_return"}
    assert not Referral.objects.exists()


def test_a_merge_moves_returns_and_referrals(a_return, returnee, svk_staff, svk_org, hospital, officer):
    services.referral_make(
        actor=svk_staff,
        person_id=returnee.pk,
        organisation=svk_org,
        service="job",
        referred_to=hospital,
        referred_on=datetime.date(2023, 4, 20),
    )
    twin = make_person(
        actor=svk_staff, given_name_latin="Bounmi", family_name_latin="Phommasak", home_province="LA-SV"
    )
    person_merge(actor=officer, survivor=twin, merged=returnee)
    assert Return.objects.get().person_id == twin.pk and Referral.objects.get().person_id == twin.pk
    with pytest.raises(ValidationError) as refused:
        services.referral_make(
            actor=svk_staff,
            person_id=returnee.pk,
            organisation=svk_org,
            service="job",
            referred_to=hospital,
            referred_on=datetime.date(2023, 4, 20),
        )
    assert str(twin.pk) in refused.value.message_dict["person"][0]


def test_a_correction_cannot_move_a_return_onto_another_one_and_referrals_follow_their_return(
    a_return, returnee, svk_staff, svk_org, hospital
):
    from pathways.results.models import Project

    project = Project.objects.create(
        code="CREST", name="CREST", starts_on=datetime.date(2021, 1, 1), ends_on=datetime.date(2025, 12, 31)
    )
    services.return_update(actor=svk_staff, record=a_return, funding_project=project)
    a_return.refresh_from_db()
    later = services.return_record(
        actor=svk_staff,
        person_id=returnee.pk,
        organisation=svk_org,
        returned_on=datetime.date(2023, 9, 1),
        from_country=Country.objects.get(code="TH"),
        reason="contract_ended",
    )
    with pytest.raises(ValidationError) as refused:
        services.return_update(actor=svk_staff, record=later, returned_on=RETURNED)
    assert "already recorded" in refused.value.message_dict["returned_on"][0]
    with pytest.raises(ValidationError) as early:
        services.referral_make(
            actor=svk_staff,
            person_id=returnee.pk,
            organisation=svk_org,
            service="job",
            referred_to=hospital,
            referred_on=RETURNED - datetime.timedelta(days=1),
            after_return=a_return,
        )
    assert "before" in early.value.message_dict["referred_on"][0]
    referral = services.referral_make(
        actor=svk_staff,
        person_id=returnee.pk,
        organisation=svk_org,
        service="job",
        referred_to=hospital,
        referred_on=RETURNED,
        after_return=a_return,
    )
    assert referral.funding_project == project


def test_a_return_cannot_be_corrected_to_after_a_referral_that_follows_it(
    a_return, svk_staff, svk_org, hospital
):
    services.referral_make(
        actor=svk_staff,
        person_id=a_return.person_id,
        organisation=svk_org,
        service="job",
        referred_to=hospital,
        referred_on=RETURNED + datetime.timedelta(days=3),
        after_return=a_return,
        note="Walk-in job referral",
    )
    with pytest.raises(ValidationError) as refused:
        services.return_update(
            actor=svk_staff, record=a_return, returned_on=RETURNED + datetime.timedelta(days=5)
        )
    assert "cannot be later" in refused.value.message_dict["returned_on"][0]
    referral = Referral.objects.get()
    services.referral_outcome(
        actor=svk_staff,
        referral=referral,
        status="completed",
        outcome_on=RETURNED + datetime.timedelta(days=9),
        outcome_note="Started work.",
    )
    referral.refresh_from_db()
    assert (referral.note, referral.outcome_note) == ("Walk-in job referral", "Started work.")


def test_returns_from_china_viet_nam_and_singapore_are_recorded_and_their_names_read(
    svk_staff, svk_org, returnee
):
    from pathways.places.selectors import country_match

    assert [country_match(name).code for name in ("ຈີນ", "Vietnam", "สิงคโปร์")] == ["CN", "VN", "SG"]
    record = services.return_record(
        actor=svk_staff,
        person_id=returnee.pk,
        organisation=svk_org,
        returned_on=RETURNED,
        from_country=Country.objects.get(code="CN"),
        reason="deported",
    )
    assert record.from_country.name_en == "China"
