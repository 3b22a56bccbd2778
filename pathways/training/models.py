"""Skills: courses and their competency units, cohorts, attendance, assessment, RPL and certificates."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.languages import translated
from pathways.core.models import BaseModel

isco_code_validator = RegexValidator(r"^\d{4}$", _("An ISCO-08 unit group code has exactly 4 digits."))


class Level(models.TextChoices):
    """Lao TVET qualification levels."""

    CERTIFICATE_1 = "certificate_1", _("Certificate I")
    CERTIFICATE_2 = "certificate_2", _("Certificate II")
    CERTIFICATE_3 = "certificate_3", _("Certificate III")
    DIPLOMA = "diploma", _("Diploma")
    HIGHER_DIPLOMA = "higher_diploma", _("Higher Diploma")


class Sector(models.TextChoices):
    GARMENT = "garment", _("Garment and textiles")
    CONSTRUCTION = "construction", _("Construction")
    HOSPITALITY = "hospitality", _("Hospitality and tourism")
    AGRICULTURE = "agriculture", _("Agriculture")
    AUTOMOTIVE = "automotive", _("Automotive")
    ELECTRICAL = "electrical", _("Electrical")
    METAL = "metal", _("Welding and metal work")
    FOOD = "food", _("Food processing")
    BEAUTY = "beauty", _("Beauty and hairdressing")
    ICT = "ict", _("Information technology")
    SAFE_MIGRATION = "safe_migration", _("Safe migration (training of trainers)")
    OTHER = "other", _("Other")


class Course(BaseModel):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_lo = models.CharField(_("title (Lao)"), max_length=200)
    title_th = models.CharField(_("title (Thai)"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    isco_code = models.CharField(
        _("ISCO-08 occupation"), max_length=4, validators=[isco_code_validator], help_text=_("e.g. 7533")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    duration_days = models.PositiveSmallIntegerField(_("duration (days)"), validators=[MinValueValidator(1)])
    duration_hours = models.PositiveSmallIntegerField(
        _("duration (hours)"), validators=[MinValueValidator(1)]
    )
    offered_by = models.ManyToManyField(
        "partners.Organisation", related_name="courses", blank=True, verbose_name=_("offered by")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(isco_code__regex=r"^[0-9]{4}$"), name="course_isco_4_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.title_en

    @property
    def title(self) -> str:
        """The title in the reader's language."""
        return translated(self, "title")


class CompetencyUnit(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="units")
    code = models.CharField(_("code"), max_length=30)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_lo = models.CharField(_("title (Lao)"), max_length=200)
    title_th = models.CharField(_("title (Thai)"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["course", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["course", "code"], name="unit_code_unique_in_course")]

    def __str__(self) -> str:
        return f"{self.code} {self.title_en}"

    @property
    def title(self) -> str:
        """The title in the reader's language."""
        return translated(self, "title")


cohort_code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9._-]*$", _("Use capital letters, digits, dots, dashes and underscores only.")
)


class CohortKind(models.TextChoices):
    TRAINING = "training", _("Training")
    TRAINING_OF_TRAINERS = "training_of_trainers", _("Training of trainers")


class Cohort(BaseModel):
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("course")
    )
    institution = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("institution"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    # What partners write in their attendance and enrolment sheets to say which cohort a row is about.
    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        validators=[cohort_code_validator],
        help_text=_("Short code partners use in their sheets, e.g. SEW-2W-LKSDI-2021-03."),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=CohortKind.choices, default=CohortKind.TRAINING)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    capacity = models.PositiveSmallIntegerField(_("places"), validators=[MinValueValidator(1)])
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="cohorts_trained", blank=True, verbose_name=_("trainers")
    )
    funding_project = models.ForeignKey(
        "results.Project",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cohorts",
        verbose_name=_("funding project"),
    )
    # Eligibility as data: the migrant statuses a participant may have; empty means anyone.
    eligible_statuses = models.JSONField(_("eligible migrant statuses"), default=list, blank=True)
    min_attendance_share = models.DecimalField(
        _("minimum attendance share"),
        max_digits=3,
        decimal_places=2,
        default=0.8,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    assessment_required = models.BooleanField(_("every unit assessed competent to complete"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="cohort_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"{self.course.code} · {self.institution} · {self.starts_on:%Y-%m-%d}"

    @property
    def eligible_status_labels(self) -> list[str]:
        from pathways.people.models import MigrantStatus

        return [str(MigrantStatus(s).label) for s in self.eligible_statuses if s in MigrantStatus.values]

    def days(self) -> list[datetime.date]:
        span = (self.ends_on - self.starts_on).days
        return [self.starts_on + datetime.timedelta(days=i) for i in range(span + 1)]


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    COMPLETED = "completed", _("Completed")
    DROPPED_OUT = "dropped_out", _("Dropped out")


class DropoutReason(models.TextChoices):
    FOUND_WORK = "found_work", _("Found work")
    MIGRATED = "migrated", _("Migrated again")
    FAMILY = "family", _("Family duties")
    HEALTH = "health", _("Health")
    DISTANCE = "distance", _("Distance or transport")
    OTHER = "other", _("Other")


class Enrolment(BaseModel):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="enrolments")
    # For training of trainers: the partner institution the participant works for.
    institution = models.ForeignKey(
        "partners.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff_enrolments",
        verbose_name=_("participant's institution"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    enrolled_on = models.DateField(_("enrolled on"))
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    dropped_out_on = models.DateField(_("dropped out on"), null=True, blank=True)
    dropout_reason = models.CharField(
        _("dropout reason"), max_length=12, choices=DropoutReason.choices, blank=True
    )
    dropout_note = models.CharField(_("dropout note"), max_length=300, blank=True)

    class Meta:
        ordering = ["cohort", "person__name_sort_key"]
        constraints = [models.UniqueConstraint(fields=["cohort", "person"], name="enrolment_once_per_cohort")]
        # Results count the people of a period's cohorts by status (completed, trainers trained): with the
        # status in the index the people are read from it alone, not from millions of enrolment rows.
        indexes = [models.Index(fields=["cohort", "status", "person"], name="enrolment_cohort_status_idx")]

    def __str__(self) -> str:
        return f"{self.person} · {self.cohort}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class Attendance(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField(_("day"))
    status = models.CharField(_("attendance"), max_length=8, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["enrolment", "day"], name="attendance_once_per_day")]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.day} {self.status}"


class Assessor(BaseModel):
    """The assessor registry: a user is an accredited assessor for one institution."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessor_roles"
    )
    institution = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.CASCADE,
        related_name="assessors",
        verbose_name=_("institution"),
    )
    accredited_on = models.DateField(_("accredited on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "institution"], name="assessor_once_per_institution")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.institution}"


class Result(models.TextChoices):
    COMPETENT = "competent", _("Competent")
    NOT_YET_COMPETENT = "not_yet_competent", _("Not yet competent")


def evidence_path(instance, filename: str) -> str:
    # The stored name is ours, never the uploader's: it may carry a person's name or a path.
    suffix = filename.rsplit(".", 1)[-1].lower()
    return f"training/evidence/{instance.pk}.{suffix}"


class Assessment(BaseModel):
    """One judgement of one competency unit; the latest one per person and unit counts."""

    unit = models.ForeignKey(CompetencyUnit, on_delete=models.PROTECT, related_name="assessments")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="assessments")
    enrolment = models.ForeignKey(
        Enrolment, null=True, blank=True, on_delete=models.CASCADE, related_name="assessments"
    )
    rpl_application = models.ForeignKey(
        "training.RplApplication", null=True, blank=True, on_delete=models.CASCADE, related_name="assessments"
    )
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_on = models.DateField(_("assessed on"))
    evidence_note = models.TextField(_("evidence"), blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to=evidence_path, blank=True)

    class Meta:
        ordering = ["-assessed_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(enrolment__isnull=False) | models.Q(rpl_application__isnull=False),
                name="assessment_for_enrolment_or_rpl",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.result}"


class InstitutionSafeMigration(BaseModel):
    """Whether an institution has the safe-migration module in its schedule (trained staff is derived)."""

    institution = models.OneToOneField(
        "partners.Organisation", on_delete=models.CASCADE, related_name="safe_migration"
    )
    module_scheduled_on = models.DateField(_("safe-migration module scheduled on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.institution} {self.module_scheduled_on or '-'}"


class RplStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    ELIGIBLE = "eligible", _("Eligible")
    INELIGIBLE = "ineligible", _("Not eligible")
    ASSESSING = "assessing", _("Being assessed")
    GAP_TRAINING = "gap_training", _("Referred to gap training")
    RECOGNISED = "recognised", _("Recognised")
    PARTLY_RECOGNISED = "partly_recognised", _("Partly recognised")
    NOT_RECOGNISED = "not_recognised", _("Not recognised")
    CERTIFIED = "certified", _("Certified")


RPL_CLOSED = {RplStatus.INELIGIBLE, RplStatus.NOT_RECOGNISED, RplStatus.CERTIFIED}
RPL_POSITIVE = {RplStatus.RECOGNISED, RplStatus.PARTLY_RECOGNISED}


class RplApplication(BaseModel):
    """Recognition of prior learning: skills learnt at work (often abroad) assessed against a course."""

    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="rpl_applications")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="rpl_applications")
    institution = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="rpl_applications"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rpl_queue",
        verbose_name=_("assessor"),
    )
    applied_on = models.DateField(_("applied on"))
    experience = models.TextField(_("work experience"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RplStatus.choices, default=RplStatus.APPLIED
    )
    gap_cohort = models.ForeignKey(
        Cohort,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("gap training"),
    )

    class Meta:
        ordering = ["applied_on", "created_at"]

    def __str__(self) -> str:
        return f"RPL {self.course.code} · {self.person}"


class RplStepKind(models.TextChoices):
    APPLICATION = "application", _("Application")
    ELIGIBILITY = "eligibility", _("Eligibility check")
    EVIDENCE = "evidence", _("Evidence added")
    ASSESSMENT = "assessment", _("Unit assessed")
    GAP_REFERRAL = "gap_referral", _("Referred to gap training")
    DECISION = "decision", _("Decision")
    CERTIFICATE = "certificate", _("Certificate issued")


class RplStep(models.Model):
    """Who did which step of an application and when: the application's own history."""

    application = models.ForeignKey(RplApplication, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("step"), max_length=16, choices=RplStepKind.choices)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"

    @property
    def outcome_display(self) -> str:
        """The outcome in the reader's language. The services store codes ("not eligible", "recognised 4/4",
        "BRK-01: competent"); unit codes, gap lists and certificate numbers read as they are."""
        text = self.outcome
        if self.kind == RplStepKind.ELIGIBILITY and text in ("eligible", "not eligible"):
            return str((RplStatus.ELIGIBLE if text == "eligible" else RplStatus.INELIGIBLE).label)
        if self.kind == RplStepKind.DECISION:
            status, _space, share = text.partition(" ")
            if status in RplStatus.values:
                return f"{RplStatus(status).label} {share}".strip()
        if self.kind == RplStepKind.ASSESSMENT:
            unit, colon, result = text.rpartition(": ")
            if colon and result in Result.values:
                return f"{unit}: {Result(result).label}"
        return text


class RplEvidence(BaseModel):
    application = models.ForeignKey(RplApplication, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path)
    description = models.CharField(_("description"), max_length=300)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.description


class Certificate(BaseModel):
    number = models.CharField(_("number"), max_length=20, unique=True)
    # Erasing a person's record (data protection) takes their certificates with it; the public check then
    # answers "unknown" for them.
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="certificates")
    enrolment = models.OneToOneField(
        Enrolment, null=True, blank=True, on_delete=models.CASCADE, related_name="certificate"
    )
    rpl_application = models.OneToOneField(
        RplApplication, null=True, blank=True, on_delete=models.CASCADE, related_name="certificate"
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="certificates")
    institution = models.ForeignKey(
        "partners.Organisation", on_delete=models.PROTECT, related_name="certificates"
    )
    # What is printed and signed, fixed at issue: a later correction of the record does not change it.
    holder_name = models.CharField(_("holder"), max_length=210)
    holder_name_lo = models.CharField(_("holder (Lao)"), max_length=210, blank=True)
    unit_codes = models.JSONField(_("competency units"), default=list)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    payload = models.TextField(_("signed payload"))
    key_id = models.CharField(max_length=16)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revocation_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)

    class Meta:
        ordering = ["-issued_on", "-number"]
        # Results count the people certified in a period (not revoked) from this index alone, without reading
        # the wide certificate rows (signed payloads).
        indexes = [models.Index(fields=["issued_on", "person", "revoked_at"], name="certificate_issued_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(enrolment__isnull=False) | models.Q(rpl_application__isnull=False),
                name="certificate_for_enrolment_or_rpl",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
