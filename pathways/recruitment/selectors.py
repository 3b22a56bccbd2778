"""Every read of ethical recruitment records goes through here, scoped to the actor."""

import datetime
from uuid import UUID

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.core.attention import Item
from pathways.people.models import Person, Sex
from pathways.protection import access as protection_access
from pathways.protection.models import ProtectionCase
from pathways.recruitment import access
from pathways.recruitment.models import (
    AgencyStatus,
    ApprovalStatus,
    Complaint,
    ComplaintStatus,
    JobOrder,
    RecruitmentAgency,
    RecruitmentRecord,
)


def status_q(status: str, *, on: datetime.date | None = None) -> Q:
    """Filter on RecruitmentAgency: agencies whose status (decided, or expired by the dates) is `status`."""
    day = on or timezone.localdate()
    valid = Q(licence_valid_from__lte=day, licence_valid_to__gte=day)
    if status == AgencyStatus.LICENSED:
        return Q(decided_status=AgencyStatus.LICENSED) & valid
    if status == AgencyStatus.EXPIRED:
        return Q(decided_status=AgencyStatus.LICENSED) & ~valid
    return Q(decided_status=status)


def agency_list(
    *, actor, search: str = "", status: str = "", province: str = "", destination: str = ""
) -> QuerySet[RecruitmentAgency]:
    """Agencies, by name; searched by name in either script or licence number."""
    qs = RecruitmentAgency.objects.select_related("head_office_province")
    if search:
        words = search.split()
        for word in words:
            qs = qs.filter(
                Q(name_en__icontains=word) | Q(name_local__icontains=word) | Q(licence_number__icontains=word)
            )
    if status in AgencyStatus.values:
        qs = qs.filter(status_q(status))
    if province:
        qs = qs.filter(Q(head_office_province_id=province) | Q(branches__province_id=province)).distinct()
    if destination:
        qs = qs.filter(destinations__code=destination).distinct()
    return qs


def agency_get(*, actor, agency_id: UUID | str) -> RecruitmentAgency:
    try:
        return RecruitmentAgency.objects.select_related("head_office_province").get(pk=agency_id)
    except (RecruitmentAgency.DoesNotExist, ValueError, TypeError):
        raise Http404("No such agency.") from None


def agency_workers(*, actor, agency: RecruitmentAgency) -> list[dict]:
    """Workers recruited through the agency by year, destination and sex: counts, for staff."""
    if not access.sees_staff_figures(actor):
        return []
    rows = (
        RecruitmentRecord.objects.filter(agency=agency)
        .values("recruited_on__year", "destination__name_en", "person__sex")
        .annotate(n=Count("person", distinct=True))
        .order_by("-recruited_on__year", "destination__name_en", "person__sex")
    )
    sexes = dict(Sex.choices)
    return [
        {
            "year": r["recruited_on__year"],
            "destination": r["destination__name_en"],
            "sex": r["person__sex"],
            "sex_label": str(sexes.get(r["person__sex"], r["person__sex"])),
            "n": r["n"],
        }
        for r in rows
    ]


def agency_complaint_counts(*, actor, agency: RecruitmentAgency) -> list[dict]:
    """Complaints against the agency by category and status: counts for staff, never who complained."""
    if not access.sees_staff_figures(actor):
        return []
    return [
        dict(row)
        for row in Complaint.objects.filter(agency=agency)
        .values("category", "status")
        .annotate(n=Count("pk"))
        .order_by("category", "status")
    ]


def job_order_list(
    *, actor, approval: str = "", agency: RecruitmentAgency | None = None
) -> QuerySet[JobOrder]:
    qs = JobOrder.objects.select_related("employer", "destination", "agency")
    if approval in ApprovalStatus.values:
        qs = qs.filter(approval=approval)
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs


def job_order_get(*, actor, job_order_id: UUID | str) -> JobOrder:
    try:
        return job_order_list(actor=actor).get(pk=job_order_id)
    except (JobOrder.DoesNotExist, ValueError, TypeError):
        raise Http404("No such job order.") from None


def record_list(*, actor, person: Person | None = None, channel: str = "") -> QuerySet[RecruitmentRecord]:
    qs = RecruitmentRecord.objects.filter(access.records_visible_to(actor)).select_related(
        "person", "agency", "destination", "job_order", "organisation"
    )
    if person is not None:
        qs = qs.filter(person=person)
    if channel:
        qs = qs.filter(channel=channel)
    return qs


def record_get(*, actor, record_id: UUID | str) -> RecruitmentRecord:
    try:
        return record_list(actor=actor).get(pk=record_id)
    except (RecruitmentRecord.DoesNotExist, ValueError, TypeError):
        raise Http404("No such recruitment record.") from None


def record_manageable(*, actor, record: RecruitmentRecord) -> bool:
    return RecruitmentRecord.objects.filter(access.records_managed_by(actor), pk=record.pk).exists()


def complaint_list(
    *, actor, status: str = "", agency: RecruitmentAgency | None = None
) -> QuerySet[Complaint]:
    qs = Complaint.objects.filter(access.complaints_visible_to(actor)).select_related(
        "person", "agency", "organisation"
    )
    if status in ComplaintStatus.values:
        qs = qs.filter(status=status)
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs


def complaint_get(*, actor, complaint_id: UUID | str) -> Complaint:
    try:
        return complaint_list(actor=actor).get(pk=complaint_id)
    except (Complaint.DoesNotExist, ValueError, TypeError):
        raise Http404("No such complaint.") from None


def complaint_manageable(*, actor, complaint: Complaint) -> bool:
    return Complaint.objects.filter(access.complaints_managed_by(actor), pk=complaint.pk).exists()


def complaint_case(*, actor, complaint: Complaint) -> ProtectionCase | None:
    """The protection case opened on the complaint, for those who see that case only."""
    if complaint.protection_case_id is None:
        return None
    return ProtectionCase.objects.filter(
        protection_access.cases_visible_to(actor), pk=complaint.protection_case_id
    ).first()


def complaints_awaiting_case(*, actor) -> QuerySet[Complaint]:
    """Complaints referred for protection with no case opened yet: the case workers' queue."""
    if not protection_access.handles_cases(actor):
        return Complaint.objects.none()
    return complaint_list(actor=actor).filter(referred_on__isnull=False, protection_case__isnull=True)


def attention(*, actor) -> list[Item]:
    waiting = complaints_awaiting_case(actor=actor).count()
    return [
        Item(
            _("Complaints referred for protection, no case yet"),
            waiting,
            reverse("recruitment-complaints") + "?referred=1",
        )
    ]
