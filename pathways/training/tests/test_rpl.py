import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from pathways.testing.factories import make_person
from pathways.training import services, signing
from pathways.training.models import RplEvidence, RplStatus, RplStepKind

DAY = datetime.date(2021, 5, 3)
PDF = b"%PDF-1.4\n% evidence\n"


@pytest.fixture
def application(vte_staff, assessor, course, vte_org):
    person = make_person(actor=vte_staff, given_name_latin="Khamla", given_name_lo="ຄຳຫຼ້າ")
    app = services.rpl_apply(
        actor=vte_staff,
        person=person,
        course=course,
        institution=vte_org,
        applied_on=DAY,
        experience="Three years as a machinist in a garment factory in Bangkok",
    )
    return services.rpl_eligibility_check(actor=vte_staff, application=app, eligible=True, assessor=assessor)


def test_rpl_goes_from_application_to_a_certificate_for_the_units_recognised(
    vte_staff, assessor, application
):
    services.rpl_evidence_add(
        actor=vte_staff,
        application=application,
        file=SimpleUploadedFile("letter.pdf", PDF),
        description="Employer's letter",
    )
    units = list(application.course.units.all())
    services.assessment_record(
        actor=assessor, unit=units[0], result="competent", assessed_on=DAY, rpl_application=application
    )
    services.assessment_record(
        actor=assessor, unit=units[1], result="competent", assessed_on=DAY, rpl_application=application
    )
    services.assessment_record(
        actor=assessor,
        unit=units[2],
        result="not_yet_competent",
        assessed_on=DAY,
        rpl_application=application,
    )
    services.rpl_gap_refer(actor=vte_staff, application=application, note="Safety unit")
    services.rpl_decide(actor=assessor, application=application)
    assert application.status == RplStatus.PARTLY_RECOGNISED

    certificate = services.certificate_issue(actor=vte_staff, rpl_application=application)
    assert certificate.unit_codes == ["SEW-01", "SEW-02"]
    assert signing.verify(certificate.payload).course == "SEW-2W:SEW-01+SEW-02"
    application.refresh_from_db()
    assert application.status == RplStatus.CERTIFIED
    kinds = list(application.steps.values_list("kind", flat=True))
    assert kinds == [
        RplStepKind.APPLICATION,
        RplStepKind.ELIGIBILITY,
        RplStepKind.EVIDENCE,
        RplStepKind.ASSESSMENT,
        RplStepKind.ASSESSMENT,
        RplStepKind.ASSESSMENT,
        RplStepKind.GAP_REFERRAL,
        RplStepKind.DECISION,
        RplStepKind.CERTIFICATE,
    ]
    assert all(step.by_id and step.at for step in application.steps.all())


def test_no_certificate_before_a_positive_decision(vte_staff, application):
    with pytest.raises(ValidationError, match="needs a decision recognising units"):
        services.certificate_issue(actor=vte_staff, rpl_application=application)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cv.docx", b"PK\x03\x04", "Upload a PDF, JPEG or PNG"),
        ("photo.jpg", b"%PDF-1.4", "content is not a jpg file"),
        ("empty.pdf", b"", "empty"),
        ("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "the limit is 5 MB"),
    ],
)
def test_evidence_of_the_wrong_type_or_size_is_refused(vte_staff, application, name, content, message):
    with pytest.raises(ValidationError, match=message):
        services.rpl_evidence_add(
            actor=vte_staff, application=application, file=SimpleUploadedFile(name, content), description="x"
        )
    assert not RplEvidence.objects.exists()


def test_ineligible_needs_a_reason(vte_staff, course, vte_org):
    person = make_person(actor=vte_staff)
    app = services.rpl_apply(actor=vte_staff, person=person, course=course, institution=vte_org)
    with pytest.raises(ValidationError, match="Say why"):
        services.rpl_eligibility_check(actor=vte_staff, application=app, eligible=False)
    services.rpl_eligibility_check(
        actor=vte_staff, application=app, eligible=False, note="No work experience"
    )
    assert app.status == RplStatus.INELIGIBLE


def test_the_steps_read_in_the_readers_language(vte_staff, assessor, application):
    from django.utils import translation

    unit = application.course.units.first()
    services.assessment_record(
        actor=assessor, unit=unit, result="not_yet_competent", assessed_on=DAY, rpl_application=application
    )
    services.rpl_decide(actor=assessor, application=application)
    steps = {step.kind: step for step in application.steps.all()}

    shown = {}
    for language in ("en", "th"):
        with translation.override(language):
            shown[language] = [
                steps[kind].outcome_display
                for kind in (RplStepKind.ELIGIBILITY, RplStepKind.ASSESSMENT, RplStepKind.DECISION)
            ]

    assert shown["en"] == ["Eligible", f"{unit.code}: Not yet competent", "Not recognised 0/3"]
    assert shown["th"] == ["มีคุณสมบัติ", f"{unit.code}: ยังไม่มีสมรรถนะ", "ไม่ได้รับการรับรอง 0/3"]
