"""Every training route, in and out of scope, and the bad-input answers of pages and API."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pathways.accounts.services import api_token_issue
from pathways.testing.factories import make_person
from pathways.training import services
from pathways.training.conftest import START, assess_all, attend_all
from pathways.training.models import Attendance, Enrolment


@pytest.fixture
def world(vte_staff, assessor, cohort, enrolment, course, vte_org):
    attend_all(vte_staff, cohort, [enrolment])
    assess_all(assessor, enrolment)
    services.enrolment_complete(actor=vte_staff, enrolment=enrolment)
    certificate = services.certificate_issue(actor=vte_staff, enrolment=enrolment)
    applicant = make_person(actor=vte_staff, given_name_latin="Khamla")
    application = services.rpl_apply(actor=vte_staff, person=applicant, course=course, institution=vte_org)
    services.rpl_eligibility_check(actor=vte_staff, application=application, eligible=True, assessor=assessor)
    evidence = services.rpl_evidence_add(
        actor=vte_staff,
        application=application,
        file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"),
        description="Letter",
    )
    return {
        "cohort": cohort,
        "enrolment": enrolment,
        "certificate": certificate,
        "application": application,
        "evidence": evidence,
    }


def _routes(w):
    c, e, cert, a = w["cohort"].pk, w["enrolment"].pk, w["certificate"].pk, w["application"].pk
    return [
        f"/training/cohorts/{c}/",
        f"/training/cohorts/{c}/attendance/{START.isoformat()}/",
        f"/training/cohorts/{c}/certificates.pdf",
        f"/training/enrolments/{e}/",
        f"/training/certificates/{cert}/",
        f"/training/certificates/{cert}/pdf",
        f"/training/rpl/{a}/",
        f"/training/rpl/evidence/{w['evidence'].pk}/",
    ]


def test_every_route_answers_in_scope_and_404_out_of_scope(client, world, svk_staff, vte_staff):
    client.force_login(vte_staff)
    for route in _routes(world):
        assert client.get(route).status_code == 200, route
    client.force_login(svk_staff)
    for route in _routes(world):
        assert client.get(route).status_code == 404, route
    c, e = world["cohort"].pk, world["enrolment"].pk
    for route in [
        f"/training/cohorts/{c}/enrol/",
        f"/training/enrolments/{e}/complete/",
        f"/training/cohorts/{c}/certificates/",
        f"/training/certificates/{world['certificate'].pk}/revoke/",
    ]:
        assert client.post(route, {}).status_code == 404, route


def test_lists_hide_trainees_of_other_provinces(client, world, svk_staff, vte_staff, officer):
    client.force_login(svk_staff)
    for route in ["/training/", "/training/certificates/", "/training/rpl/?all=1"]:
        page = client.get(route)
        assert page.status_code == 200 and "Manivanh" not in page.text and "Khamla" not in page.text, route
    client.force_login(officer)
    assert "Manivanh" in client.get("/training/certificates/").text
    assert str(world["cohort"]) in client.get("/training/").text


def test_the_attendance_grid_saves_the_whole_day_in_one_post(client, vte_staff, cohort, enrolment):
    other = services.enrolment_create(
        actor=vte_staff, cohort=cohort, person=make_person(actor=vte_staff, given_name_latin="Bounmy")
    )
    client.force_login(vte_staff)
    url = f"/training/cohorts/{cohort.pk}/attendance/{START.isoformat()}/"
    page = client.get(url)
    assert page.text.count('value="present" checked') == 2
    response = client.post(url, {f"mark-{enrolment.pk}": "present", f"mark-{other.pk}": "absent"})
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("enrolment_id", "status")) == {
        enrolment.pk: "present",
        other.pk: "absent",
    }


def test_attendance_outside_the_dates_is_refused_on_the_page(client, vte_staff, cohort, enrolment):
    client.force_login(vte_staff)
    url = f"/training/cohorts/{cohort.pk}/attendance/2021-04-01/"
    response = client.post(url, {f"mark-{enrolment.pk}": "present"})
    assert response.status_code == 400
    assert "outside this cohort&#x27;s dates (2021-03-01 to 2021-03-12)" in response.text
    assert not Attendance.objects.exists()


def test_enrolling_twice_on_the_page_shows_the_reason(client, vte_staff, cohort, enrolment):
    client.force_login(vte_staff)
    response = client.post(f"/training/cohorts/{cohort.pk}/enrol/", {"person_id": enrolment.person_id})
    assert response.status_code == 400 and "already enrolled" in response.text
    assert Enrolment.objects.count() == 1


def test_assessment_by_a_non_assessor_on_the_page_is_refused(client, vte_staff, cohort, enrolment):
    client.force_login(vte_staff)
    unit = cohort.course.units.first()
    response = client.post(
        f"/training/enrolments/{enrolment.pk}/assess/",
        {"unit": unit.pk, "result": "competent", "assessed_on": "2021-03-12"},
    )
    assert response.status_code == 400 and "not a registered assessor" in response.text
    assert not enrolment.assessments.exists()


def test_certificate_for_someone_who_did_not_complete_is_refused_on_the_page(client, vte_staff, enrolment):
    client.force_login(vte_staff)
    response = client.post(f"/training/enrolments/{enrolment.pk}/certificate/")
    assert response.status_code == 400 and "has not completed this course" in response.text


def test_public_verification_page_needs_no_login_and_catches_tampering(client, world):
    certificate = world["certificate"]
    page = client.post("/verify/", {"code": certificate.payload})
    assert page.status_code == 200 and 'data-status="valid"' in page.text and "Manivanh" in page.text
    tampered = certificate.payload.replace("Manivanh", "Manivanb")
    page = client.post("/verify/", {"code": tampered})
    assert page.status_code == 400 and "signature does not match" in page.text
    assert 'data-status="revoked"' not in client.get("/verify/", {"code": certificate.number}).text
    key = client.get("/verify/public-key")
    assert key.status_code == 200 and key.text.startswith("-----BEGIN PUBLIC KEY-----")


def test_public_api_answers_only_public_fields(client, world, vte_staff):
    certificate = world["certificate"]
    body = client.get(f"/api/v1/public/certificates/{certificate.number}").json()
    # By number alone the holder is not named (see test_public_lookups.py).
    assert body["status"] == "valid" and body["holder"] == "" and body["holder_shown"] is False
    assert set(body) == {
        "status",
        "number",
        "holder",
        "holder_shown",
        "course",
        "course_lo",
        "units",
        "date",
        "institution",
        "institution_lo",
    }
    assert client.get("/api/v1/public/certificates/PW-2020-999999").json()["status"] == "unknown"
    ok = client.post(
        "/api/v1/public/certificates/verify-payload",
        {"payload": certificate.payload},
        content_type="application/json",
    )
    assert ok.json()["status"] == "valid"
    # Alter a character in the middle of the signature: the last base64 characters carry padding bits, so
    # changing them can leave its bytes unchanged (it did on a day whose signature ended that way).
    message, _, signature = certificate.payload.rpartition("|")
    middle = len(signature) // 2
    altered = signature[:middle] + ("B" if signature[middle] != "B" else "C") + signature[middle + 1 :]
    bad = client.post(
        "/api/v1/public/certificates/verify-payload",
        {"payload": f"{message}|{altered}"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "signature does not match" in bad.json()["errors"][0]["msg"]
    services.certificate_revoke(actor=vte_staff, certificate=certificate, reason="Issued in error")
    assert client.get(f"/api/v1/public/certificates/{certificate.number}").json()["status"] == "revoked"


def test_api_enrol_attendance_and_refusals(client, vte_staff, svk_staff, cohort):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(actor=None, user=vte_staff, scopes=['write'])}"}
    person = make_person(actor=vte_staff)
    url = f"/api/v1/training/cohorts/{cohort.pk}/enrolments"
    first = client.post(url, {"person_id": str(person.pk)}, content_type="application/json", **auth)
    assert first.status_code == 201
    again = client.post(url, {"person_id": str(person.pk)}, content_type="application/json", **auth)
    assert again.status_code == 422 and again.json()["errors"][0]["loc"] == ["body", "person"]
    day = client.put(
        f"/api/v1/training/cohorts/{cohort.pk}/attendance/2021-03-02",
        {"marks": {first.json()["id"]: "present"}},
        content_type="application/json",
        **auth,
    )
    assert day.json() == {"day": "2021-03-02", "saved": 1}
    outside = client.put(
        f"/api/v1/training/cohorts/{cohort.pk}/attendance/2021-02-27",
        {"marks": {first.json()["id"]: "present"}},
        content_type="application/json",
        **auth,
    )
    assert outside.status_code == 422 and outside.json()["errors"][0]["loc"] == ["body", "day"]
    svk = {"HTTP_AUTHORIZATION": f"Bearer {api_token_issue(actor=None, user=svk_staff, scopes=['write'])}"}
    assert client.get(f"/api/v1/training/cohorts/{cohort.pk}", **svk).status_code == 404
    assert client.get(url, **svk).status_code == 404
    assert client.get("/api/v1/training/cohorts", **svk).json()["results"] == []


def test_coverage_counts_institutions_with_trained_staff_and_the_module(
    client, officer, vte_org, places, course
):
    from pathways.testing.factories import OrganisationFactory

    school = OrganisationFactory(name_en="Khammouan TVET", province_id="LA-KH", kind="tvet_school")
    OrganisationFactory(name_en="Khammouan centre", province_id="LA-KH", kind="skills_centre")
    tot = services.cohort_create(
        actor=officer,
        course=course,
        institution=vte_org,
        kind="training_of_trainers",
        starts_on=datetime.date(2019, 7, 1),
        ends_on=datetime.date(2019, 7, 5),
        capacity=40,
        assessment_required=False,
        min_attendance_share=0,
    )
    trainer = make_person(actor=officer, migrant_status="non_migrant", home_province="LA-KH")
    enrolment = services.enrolment_create(actor=officer, cohort=tot, person=trainer, institution=school)
    services.attendance_day_save(
        actor=officer, cohort=tot, day=tot.starts_on, marks={str(enrolment.pk): "present"}
    )
    services.enrolment_complete(actor=officer, enrolment=enrolment)
    services.safe_migration_module_schedule(
        actor=officer, institution=school, scheduled_on=datetime.date(2019, 9, 1)
    )

    client.force_login(officer)
    page = client.get("/training/coverage/")
    assert "1 of 3 institutions have trained staff and the safe-migration module" in page.text
    rows = {
        r["province"]: r
        for r in client.get(
            "/api/v1/training/coverage",
            HTTP_AUTHORIZATION=f"Bearer {api_token_issue(actor=None, user=officer, scopes=['write'])}",
        ).json()["results"]
    }
    assert rows["LA-KH"] == {
        "province": "LA-KH",
        "institutions": 2,
        "trained": 1,
        "scheduled": 1,
        "covered": 1,
    }


def test_person_timeline_shows_training_steps(client, world, vte_staff):
    client.force_login(vte_staff)
    page = client.get(f"/people/{world['enrolment'].person_id}/")
    assert "Enrolled in course: Industrial sewing" in page.text
    assert world["certificate"].number in page.text
    assert "Completed Industrial sewing" in page.text


def test_training_pages_speak_lao(client, world, vte_staff):
    client.force_login(vte_staff)
    client.cookies["django_language"] = "lo"
    page = client.get(f"/training/cohorts/{world['cohort'].pk}/attendance/{START.isoformat()}/")
    assert "ບັນທຶກມື້ນີ້" in page.text and "ລາພັກ" in page.text
    assert "ຮຸ່ນຝຶກອົບຮົມ" in client.get("/training/").text
