"""Certificates: random numbers, signed with Ed25519, revocable with a reason."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.accounts.scopes import scope_of
from pathways.core import audit
from pathways.partners.models import Organisation
from pathways.people import selectors as people_selectors
from pathways.people.models import Person
from pathways.training import access, signing
from pathways.training.models import (
    RPL_POSITIVE,
    Certificate,
    Cohort,
    Enrolment,
    EnrolmentStatus,
    Result,
    RplApplication,
    RplStatus,
    RplStepKind,
)
from pathways.training.services.cohorts import check_can_run
from pathways.training.services.rpl import unit_results
from pathways.training.services.steps import rpl_step_add

NUMBER_FORMAT = "PW-{year}-{code}"
# Crockford's base 32 (no I, L, O or U): read aloud or typed from paper without mix-ups.
NUMBER_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
NUMBER_RANDOM_CHARACTERS = 10  # 50 random bits


def _refuse_development_key() -> None:
    allowed = settings.DEBUG or getattr(settings, "CERTIFICATE_DEVELOPMENT_KEY_IN_TESTS", False)
    if signing.using_development_key() and not allowed:
        raise ImproperlyConfigured(
            "Certificates are not issued with the published development key while DEBUG is off; "
            "set CERTIFICATE_SIGNING_KEY."
        )


def new_numbers(year: int, count: int) -> list[str]:
    """`count` new certificate numbers, random (PW-2026-K7Q4M-9XD2R): a number cannot be guessed from
    another, so the public check cannot walk the register. Numbers issued before (PW-2021-000123) stay valid.
    Two equal numbers in 2**50 are left to the unique constraint, which refuses the issue rather than reuse
    one."""
    numbers: set[str] = set()
    while len(numbers) < count:
        code = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(NUMBER_RANDOM_CHARACTERS))
        numbers.add(NUMBER_FORMAT.format(year=year, code=f"{code[:5]}-{code[5:]}"))
    return sorted(numbers)


def holder_names(person: Person) -> tuple[str, str]:
    latin = " ".join(filter(None, [person.given_name_latin, person.family_name_latin]))
    lao = " ".join(filter(None, [person.given_name_lo, person.family_name_lo]))
    return latin or lao, lao


def institution_label(institution: Organisation) -> str:
    return institution.acronym or institution.name_en


def _build(
    *,
    actor,
    number: str,
    person: Person,
    course,
    institution,
    unit_codes: list[str],
    all_units: bool,
    issued_on: datetime.date,
    enrolment=None,
    rpl_application=None,
) -> Certificate:
    holder, holder_lo = holder_names(person)
    course_field = course.code if all_units else f"{course.code}:{'+'.join(unit_codes)}"
    payload = signing.sign(
        signing.PayloadFields(
            number=number,
            holder=holder,
            course=course_field,
            date=issued_on.isoformat(),
            institution=institution_label(institution),
        )
    )
    return Certificate(
        number=number,
        person=person,
        enrolment=enrolment,
        rpl_application=rpl_application,
        course=course,
        institution=institution,
        holder_name=holder,
        holder_name_lo=holder_lo,
        unit_codes=unit_codes,
        issued_on=issued_on,
        issued_by=actor,
        payload=payload,
        key_id=signing.key_id(),
    )


def _enrolment_problem(enrolment: Enrolment) -> str | None:
    if enrolment.status != EnrolmentStatus.COMPLETED:
        return _(
            "%(name)s has not completed this course (status: %(status)s); "
            "a certificate needs a completed enrolment."
        ) % {"name": enrolment.person.display_name, "status": enrolment.get_status_display()}
    if Certificate.objects.filter(enrolment=enrolment).exists():
        return _("%(name)s already has a certificate for this cohort.") % {
            "name": enrolment.person.display_name
        }
    return None


@transaction.atomic
def certificate_issue(
    *,
    actor,
    enrolment: Enrolment | None = None,
    rpl_application: RplApplication | None = None,
    issued_on: datetime.date | None = None,
) -> Certificate:
    """Issue a certificate for a completed enrolment or a positive RPL decision, and nothing else."""
    _refuse_development_key()
    if not scope_of(actor).can_write_people:
        raise PermissionDenied(_("Your role may not issue certificates."))
    if (enrolment is None) == (rpl_application is None):
        raise ValueError("Give exactly one of enrolment or rpl_application.")
    issued_on = issued_on or timezone.localdate()
    if enrolment is not None:
        person = people_selectors.person_get(actor=actor, person_id=enrolment.person_id)
        check_can_run(actor, enrolment.cohort)
        problem = _enrolment_problem(enrolment)
        if problem:
            raise ValidationError({"enrolment": problem})
        cohort = enrolment.cohort
        units = list(cohort.course.units.values_list("code", flat=True))
        certificate = _build(
            actor=actor,
            number=new_numbers(issued_on.year, 1)[0],
            person=person,
            course=cohort.course,
            institution=cohort.institution,
            unit_codes=units,
            all_units=True,
            issued_on=issued_on,
            enrolment=enrolment,
        )
    else:
        assert rpl_application is not None
        person = people_selectors.person_get(actor=actor, person_id=rpl_application.person_id)
        visible = Organisation.objects.filter(
            access.institutions_visible_to(actor), pk=rpl_application.institution_id
        )
        if not visible.exists():
            raise Http404("No such application.")
        if rpl_application.status not in RPL_POSITIVE:
            raise ValidationError(
                {
                    "rpl_application": _(
                        "This application is %(status)s; a certificate needs a decision recognising units."
                    )
                    % {"status": rpl_application.get_status_display()}
                }
            )
        results = unit_results(rpl_application)
        all_units = list(rpl_application.course.units.all())
        competent = [u.code for u in all_units if results.get(u.pk) == Result.COMPETENT]
        certificate = _build(
            actor=actor,
            number=new_numbers(issued_on.year, 1)[0],
            person=person,
            course=rpl_application.course,
            institution=rpl_application.institution,
            unit_codes=competent,
            all_units=len(competent) == len(all_units),
            issued_on=issued_on,
            rpl_application=rpl_application,
        )
    certificate.save()
    if rpl_application is not None:
        rpl_application.status = RplStatus.CERTIFIED
        rpl_application.save(update_fields=["status", "updated_at"])
        rpl_step_add(
            actor=actor, application=rpl_application, kind=RplStepKind.CERTIFICATE, outcome=certificate.number
        )
    audit.record(actor=actor, action="certificate.issue", obj=certificate, person_id=person.pk)
    return certificate


@transaction.atomic
def certificates_issue_for_cohort(
    *, actor, cohort: Cohort, issued_on: datetime.date | None = None
) -> list[Certificate]:
    """Issue certificates to every completed participant who has none yet, in one transaction."""
    _refuse_development_key()
    check_can_run(actor, cohort)
    issued_on = issued_on or timezone.localdate()
    enrolments = list(
        cohort.enrolments.filter(
            access.people_visible_to(actor), status=EnrolmentStatus.COMPLETED, certificate__isnull=True
        )
        .select_related("person")
        .order_by("person__name_sort_key", "person_id")
    )
    if not enrolments:
        return []
    numbers = new_numbers(issued_on.year, len(enrolments))
    units = list(cohort.course.units.values_list("code", flat=True))
    certificates = [
        _build(
            actor=actor,
            number=number,
            person=e.person,
            course=cohort.course,
            institution=cohort.institution,
            unit_codes=units,
            all_units=True,
            issued_on=issued_on,
            enrolment=e,
        )
        for number, e in zip(numbers, enrolments, strict=True)
    ]
    Certificate.objects.bulk_create(certificates)
    for certificate in certificates:
        audit.record(
            actor=actor, action="certificate.issue", obj=certificate, person_id=certificate.person_id
        )
    return certificates


@transaction.atomic
def certificate_revoke(*, actor, certificate: Certificate, reason: str) -> Certificate:
    """Revoke a certificate (issued in error, fraud); the public check then answers 'revoked'."""
    people_selectors.person_get(actor=actor, person_id=certificate.person_id)
    visible = Organisation.objects.filter(
        access.institutions_visible_to(actor), pk=certificate.institution_id
    )
    if not visible.exists():
        raise Http404("No such certificate.")
    if not scope_of(actor).can_write_people:
        raise PermissionDenied(_("Your role may not revoke certificates."))
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at:
        raise ValidationError(
            {
                "reason": _("This certificate was already revoked on %(date)s.")
                % {"date": certificate.revoked_at.date().isoformat()}
            }
        )
    if len(reason.strip()) < 5:
        raise ValidationError({"reason": _("Give the reason for revoking; it is kept with the certificate.")})
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = actor
    certificate.revocation_reason = reason.strip()
    certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="certificate.revoke",
        obj=certificate,
        changed_fields=["revoked_at", "revocation_reason"],
        person_id=certificate.person_id,
    )
    return certificate
