"""The training API at /api/v1/training/ and the public certificate check at /api/v1/public/certificates/."""

import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate

from pathways.api import problems
from pathways.api.paging import PagePagination, RecordPagination
from pathways.core.throttle import client_address
from pathways.partners.models import Organisation
from pathways.people import selectors as people_selectors
from pathways.people.models import MigrantStatus
from pathways.training import access, selectors, services, verification
from pathways.training.models import (
    AttendanceStatus,
    CohortKind,
    CompetencyUnit,
    DropoutReason,
    EnrolmentStatus,
    Level,
    Result,
    RplStatus,
    Sector,
)

router = Router(tags=["training"])
public_router = Router(tags=["public"], auth=None)


class UnitOut(Schema):
    code: str
    title_en: str
    title_lo: str


class CourseOut(Schema):
    id: UUID
    code: str
    title_en: str
    title_lo: str
    sector: Sector
    isco_code: str
    level: Level
    duration_days: int
    duration_hours: int
    units: list[UnitOut]

    @staticmethod
    def resolve_units(obj):
        return list(obj.units.all())


class CohortOut(Schema):
    id: UUID
    name: str
    code: str
    course: str = Field(alias="course.code")
    institution: UUID = Field(alias="institution_id")
    kind: CohortKind
    starts_on: datetime.date
    ends_on: datetime.date
    capacity: int
    funding_project: str | None = Field(None, alias="funding_project.code")
    eligible_statuses: list[MigrantStatus]
    min_attendance_share: float
    assessment_required: bool

    @staticmethod
    def resolve_name(obj) -> str:
        # A resolver, not an alias of __str__: pydantic reads an alias as an attribute and got the method.
        return str(obj)


class EnrolmentIn(Schema):
    person_id: UUID
    institution_id: UUID | None = Field(
        None, description="training of trainers: the participant's institution"
    )


class EnrolmentOut(Schema):
    id: UUID
    person_id: UUID
    person: str = Field(alias="person.display_name")
    status: EnrolmentStatus
    enrolled_on: datetime.date
    completed_on: datetime.date | None
    dropped_out_on: datetime.date | None
    dropout_reason: DropoutReason | None = Field(description="null unless the participant dropped out")

    @staticmethod
    def resolve_dropout_reason(obj) -> str | None:
        return obj.dropout_reason or None


class AttendanceIn(Schema):
    marks: dict[UUID, AttendanceStatus] = Field(description="enrolment id -> present, absent or excused")


class AttendanceOut(Schema):
    day: datetime.date
    saved: int


class AssessmentIn(Schema):
    unit: str = Field(description="competency unit code")
    result: Result
    assessed_on: datetime.date
    evidence_note: str = ""


class AssessmentOut(Schema):
    id: UUID
    unit: str = Field(alias="unit.code")
    result: Result
    assessed_on: datetime.date
    assessor: str = Field(alias="assessor.username")


class DropoutIn(Schema):
    reason: DropoutReason
    on: datetime.date
    note: str = ""


class CertificateOut(Schema):
    id: UUID
    number: str
    holder_name: str
    course: str = Field(alias="course.code")
    unit_codes: list[str]
    issued_on: datetime.date
    payload: str
    revoked: bool = Field(alias="is_revoked")


class RevokeIn(Schema):
    reason: str


class CoverageRowOut(Schema):
    province: str | None
    institutions: int
    trained: int
    scheduled: int
    covered: int


class RplIn(Schema):
    person_id: UUID
    course_id: UUID
    institution_id: UUID
    experience: str = ""


class RplOut(Schema):
    id: UUID
    person_id: UUID
    course: str = Field(alias="course.code")
    status: RplStatus
    applied_on: datetime.date
    assessor: str | None = Field(None, alias="assessor.username")


@router.get("/courses", response=list[CourseOut], summary="Courses and their competency units")
@paginate(RecordPagination)
def course_list(request, sector: Sector | None = None):
    courses = selectors.course_list().order_by("code", "pk")
    return courses.filter(sector=sector) if sector else courses


@router.get("/cohorts", response=list[CohortOut], summary="Cohorts in your scope (newest first)")
@paginate(RecordPagination)
def cohort_list(
    request,
    kind: CohortKind | None = None,
    year: int | None = Query(None, ge=1900, le=2100, description="cohorts running during this year"),
    institution_id: UUID | None = None,
    course: str = Query("", description="course code"),
    funding_project: str = Query("", description="project code"),
):
    cohorts = selectors.cohort_list(actor=request.auth, kind=kind or "", year=year)
    if institution_id:
        cohorts = cohorts.filter(institution_id=institution_id)
    if course:
        cohorts = cohorts.filter(course__code=course)
    if funding_project:
        cohorts = cohorts.filter(funding_project__code=funding_project)
    return cohorts.order_by("-starts_on", "pk")


@router.get("/cohorts/{cohort_id}", response=CohortOut, summary="One cohort")
def cohort_detail(request, cohort_id: UUID):
    return selectors.cohort_get(actor=request.auth, cohort_id=cohort_id)


@router.get(
    "/cohorts/{cohort_id}/enrolments", response=list[EnrolmentOut], summary="Participants you may see"
)
@paginate(RecordPagination)
def enrolment_list(request, cohort_id: UUID, status: EnrolmentStatus | None = None):
    cohort = selectors.cohort_get(actor=request.auth, cohort_id=cohort_id)
    enrolments = selectors.enrolment_list(actor=request.auth, cohort=cohort)
    return enrolments.filter(status=status) if status else enrolments


def _institution(actor, institution_id):
    if institution_id is None:
        return None
    try:
        return Organisation.objects.get(pk=institution_id)
    except Organisation.DoesNotExist:
        raise ValidationError({"institution_id": "No such institution."}) from None


@router.post("/cohorts/{cohort_id}/enrolments", response={201: EnrolmentOut}, summary="Enrol a person")
def enrol(request, cohort_id: UUID, body: EnrolmentIn):
    cohort = selectors.cohort_get(actor=request.auth, cohort_id=cohort_id)
    person = people_selectors.person_get(actor=request.auth, person_id=body.person_id)
    institution = _institution(request.auth, body.institution_id)
    return 201, services.enrolment_create(
        actor=request.auth, cohort=cohort, person=person, institution=institution
    )


@router.put(
    "/cohorts/{cohort_id}/attendance/{day}",
    response=AttendanceOut,
    summary="Save a whole day's attendance at once",
)
def attendance_day(request, cohort_id: UUID, day: datetime.date, body: AttendanceIn):
    cohort = selectors.cohort_get(actor=request.auth, cohort_id=cohort_id)
    marks = {str(enrolment_id): mark for enrolment_id, mark in body.marks.items()}
    rows = services.attendance_day_save(actor=request.auth, cohort=cohort, day=day, marks=marks)
    return {"day": day, "saved": len(rows)}


@router.post(
    "/enrolments/{enrolment_id}/assessments",
    response={201: AssessmentOut},
    summary="Assess one unit (assessors)",
)
def assess(request, enrolment_id: UUID, body: AssessmentIn):
    enrolment = selectors.enrolment_get(actor=request.auth, enrolment_id=enrolment_id)
    unit = CompetencyUnit.objects.filter(course_id=enrolment.cohort.course_id, code=body.unit).first()
    if unit is None:
        raise ValidationError({"unit": f"{body.unit} is not a unit of {enrolment.cohort.course}."})
    return 201, services.assessment_record(
        actor=request.auth,
        unit=unit,
        result=body.result,
        assessed_on=body.assessed_on,
        enrolment=enrolment,
        evidence_note=body.evidence_note,
    )


@router.post("/enrolments/{enrolment_id}/dropout", response=EnrolmentOut, summary="Record a dropout")
def drop_out(request, enrolment_id: UUID, body: DropoutIn):
    enrolment = selectors.enrolment_get(actor=request.auth, enrolment_id=enrolment_id)
    return services.enrolment_drop_out(actor=request.auth, enrolment=enrolment, **body.dict())


@router.post(
    "/enrolments/{enrolment_id}/complete", response=EnrolmentOut, summary="Complete (if the rule is met)"
)
def complete(request, enrolment_id: UUID):
    enrolment = selectors.enrolment_get(actor=request.auth, enrolment_id=enrolment_id)
    return services.enrolment_complete(actor=request.auth, enrolment=enrolment)


@router.post(
    "/enrolments/{enrolment_id}/certificate", response={201: CertificateOut}, summary="Issue a certificate"
)
def issue(request, enrolment_id: UUID):
    enrolment = selectors.enrolment_get(actor=request.auth, enrolment_id=enrolment_id)
    return 201, services.certificate_issue(actor=request.auth, enrolment=enrolment)


@router.post(
    "/cohorts/{cohort_id}/certificates",
    response={201: list[CertificateOut]},
    summary="Certificates for all completed",
)
def issue_for_cohort(request, cohort_id: UUID):
    cohort = selectors.cohort_get(actor=request.auth, cohort_id=cohort_id)
    return 201, services.certificates_issue_for_cohort(actor=request.auth, cohort=cohort)


@router.get("/certificates/{certificate_id}", response=CertificateOut, summary="One certificate")
def certificate_detail(request, certificate_id: UUID):
    return selectors.certificate_get(actor=request.auth, certificate_id=certificate_id)


@router.post("/certificates/{certificate_id}/revoke", response=CertificateOut, summary="Revoke with a reason")
def revoke(request, certificate_id: UUID, body: RevokeIn):
    certificate = selectors.certificate_get(actor=request.auth, certificate_id=certificate_id)
    return services.certificate_revoke(actor=request.auth, certificate=certificate, reason=body.reason)


@router.get("/rpl", response=list[RplOut], summary="RPL queue (yours, or all=true for all in scope)")
@paginate(RecordPagination)
def rpl_queue(request, all: bool = False, status: RplStatus | None = None):
    queue = selectors.rpl_queue(
        actor=request.auth, assessor=None if all else request.auth, include_closed=status is not None
    )
    return queue.filter(status=status) if status else queue


@router.post("/rpl", response={201: RplOut}, summary="Open an RPL application")
def rpl_apply(request, body: RplIn):
    person = people_selectors.person_get(actor=request.auth, person_id=body.person_id)
    course = selectors.course_get(course_id=body.course_id)
    institution = Organisation.objects.filter(
        access.institutions_visible_to(request.auth), pk=body.institution_id
    ).first()
    if institution is None:
        raise ValidationError({"institution_id": "Not an institution you work for."})
    return 201, services.rpl_apply(
        actor=request.auth, person=person, course=course, institution=institution, experience=body.experience
    )


@router.post(
    "/rpl/{application_id}/evidence", response={201: RplOut}, summary="Add a file to the evidence portfolio"
)
def rpl_evidence(request, application_id: UUID, file: File[UploadedFile], description: Form[str] = ""):
    application = selectors.rpl_get(actor=request.auth, application_id=application_id)
    services.rpl_evidence_add(actor=request.auth, application=application, file=file, description=description)
    return 201, application


@router.get(
    "/coverage",
    response=list[CoverageRowOut],
    summary="Safe-migration coverage by province (aggregates; the last row, province null, is the total)",
)
@paginate(PagePagination)
def coverage(request):
    rows, total, _detail = selectors.tot_coverage()
    return [
        {
            "province": r.province.code if r.province else None,
            "institutions": r.institutions,
            "trained": r.trained,
            "scheduled": r.scheduled,
            "covered": r.covered,
        }
        for r in [*rows, total]
    ]


class PublicCertificateOut(Schema):
    status: str = Field(description="valid, revoked or unknown")
    number: str
    holder: str = Field(description="empty unless the signed code was checked or the birth date matched")
    holder_shown: bool
    course: str
    course_lo: str
    units: list[str]
    date: str
    institution: str
    institution_lo: str


class PayloadIn(Schema):
    payload: str = Field(description="the text read from the certificate's QR code")


@public_router.post(
    "/verify-payload", response=PublicCertificateOut, summary="Check a QR payload's signature"
)
def public_verify_payload(request, body: PayloadIn):
    return verification.by_payload(body.payload).as_dict()


class LookupIn(Schema):
    number: str = Field(max_length=100)
    birth_date: datetime.date | None = Field(None, description="the holder's; with it the holder is named")


def _by_number(request, number: str, birth_date: datetime.date | None = None):
    try:
        return verification.by_number(number, client=client_address(request), birth_date=birth_date).as_dict()
    except verification.TooManyLookups as exc:
        return problems.problem(
            request, problems.RATE_LIMITED, detail=str(exc), headers={"Retry-After": str(exc.retry_after)}
        )


@public_router.post(
    "/lookup",
    response={200: PublicCertificateOut, 429: problems.Problem},
    summary="Check a certificate by number, naming the holder to someone who knows their birth date",
    description="Look-ups by number are limited per client address (429 with Retry-After); the QR code's "
    "signed payload (verify-payload) is not. The birth date travels in the body, never in a URL.",
)
def public_lookup(request, body: LookupIn):
    return _by_number(request, body.number, body.birth_date)


@public_router.get(
    "/{number}",
    response={200: PublicCertificateOut, 429: problems.Problem},
    summary="Check a certificate by number (no login; the holder is not named)",
)
def public_certificate(request, number: str):
    return _by_number(request, number)
