"""Ethical recruitment pages: parse, call a selector or service, render. No rule lives here."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.accounts.scopes import require_personal_data
from pathways.core.decorators import post_or_back
from pathways.core.forms import add_service_errors, service_form_page
from pathways.core.paging import page_of
from pathways.people import selectors as people_selectors
from pathways.people.models import Sex
from pathways.people.views import choose_person
from pathways.places.models import Country, Province
from pathways.protection import access as protection_access
from pathways.protection.forms import CaseOpenForm
from pathways.recruitment import access, indicators, selectors
from pathways.recruitment.forms import (
    AgencyForm,
    AgencyStatusForm,
    ComplaintForm,
    ComplaintProgressForm,
    CostForm,
    EarningsForm,
    ExchangeRateForm,
    JobOrderDecisionForm,
    JobOrderForm,
    RecordEditForm,
    RecordForm,
    ReferForm,
)
from pathways.recruitment.models import (
    AgencyStatus,
    ApprovalStatus,
    Channel,
    ComplaintCategory,
    ComplaintStatus,
    ExchangeRate,
    RecruitmentAgency,
)
from pathways.recruitment.services import agencies as agency_services
from pathways.recruitment.services import complaints, job_orders, money, records


def _require_register_manager(user) -> None:
    if not access.manages_registers(user):
        raise PermissionDenied(
            _("Only national staff license agencies, record the ministry's decisions and approve job orders.")
        )


@login_required
def agency_list(request):
    search = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    province = request.GET.get("province", "")
    destination = request.GET.get("destination", "")
    agencies = selectors.agency_list(
        actor=request.user, search=search, status=status, province=province, destination=destination
    )
    return render(
        request,
        "recruitment/agency_list.html",
        {
            "agencies": (page := page_of(request, agencies)),
            "count": page.paginator.count,
            "q": search,
            "status": status,
            "statuses": AgencyStatus.choices,
            "province": province,
            "provinces": Province.objects.filter(country_id="LA").order_by("name_en"),
            "destination": destination,
            "destinations": Country.objects.exclude(code="LA").order_by("name_en"),
            "can_manage": access.manages_registers(request.user),
        },
    )


def _agency_page(request, agency, *, status_form=None, status=200):
    labels = dict(ComplaintCategory.choices)
    states = dict(ComplaintStatus.choices)
    complaint_counts = [
        {
            **row,
            "category_label": labels.get(row["category"], row["category"]),
            "status_label": states.get(row["status"], row["status"]),
        }
        for row in selectors.agency_complaint_counts(actor=request.user, agency=agency)
    ]
    return render(
        request,
        "recruitment/agency_detail.html",
        {
            "agency": agency,
            "branches": agency.branches.select_related("province"),
            "history": agency.status_changes.select_related("changed_by"),
            "workers": selectors.agency_workers(actor=request.user, agency=agency),
            "complaint_counts": complaint_counts,
            "complaint_total": sum(row["n"] for row in complaint_counts),
            "staff": access.sees_staff_figures(request.user),
            "can_manage": access.manages_registers(request.user),
            "status_form": status_form or AgencyStatusForm(initial={"changed_on": timezone.localdate()}),
        },
        status=status,
    )


@login_required
def agency_detail(request, agency_id):
    return _agency_page(request, selectors.agency_get(actor=request.user, agency_id=agency_id))


@login_required
def agency_create(request):
    _require_register_manager(request.user)
    form = AgencyForm(request.POST or None)
    return service_form_page(
        request,
        form=form,
        save=lambda data: agency_services.agency_create(actor=request.user, **data),
        success=_("Agency recorded."),
        done=lambda agency: redirect("recruitment-agency", agency_id=agency.pk),
        template="recruitment/agency_form.html",
    )


@login_required
def agency_edit(request, agency_id):
    _require_register_manager(request.user)
    agency = selectors.agency_get(actor=request.user, agency_id=agency_id)
    initial = {name: getattr(agency, name) for name in agency_services.AGENCY_FIELDS}
    initial |= {
        "destinations": list(agency.destinations.all()),
        "branch_provinces": [b.province for b in agency.branches.select_related("province")],
    }
    form = AgencyForm(request.POST or None, initial=initial)
    return service_form_page(
        request,
        form=form,
        save=lambda data: agency_services.agency_update(actor=request.user, agency=agency, **data),
        success=_("Agency corrected."),
        done=lambda _saved: redirect("recruitment-agency", agency_id=agency.pk),
        template="recruitment/agency_form.html",
        context={"agency": agency},
    )


@login_required
@post_or_back("recruitment-agency", "agency_id")
def agency_status(request, agency_id):
    agency = selectors.agency_get(actor=request.user, agency_id=agency_id)
    form = AgencyStatusForm(request.POST)
    return service_form_page(
        request,
        form=form,
        save=lambda data: agency_services.agency_status_set(actor=request.user, agency=agency, **data),
        success=_("Decision recorded."),
        done=lambda _saved: redirect("recruitment-agency", agency_id=agency.pk),
        failed=lambda: _agency_page(request, agency, status_form=form, status=400),
    )


@login_required
def record_list(request):
    require_personal_data(request.user)
    channel = request.GET.get("channel", "")
    found = selectors.record_list(actor=request.user, channel=channel if channel in Channel.values else "")
    return render(
        request,
        "recruitment/record_list.html",
        {
            "records": (page := page_of(request, found)),
            "count": page.paginator.count,
            "channel": channel,
            "channels": Channel.choices,
            "can_record": access.recording_organisations(request.user).exists(),
        },
    )


def _recording_organisations(user):
    organisations = access.recording_organisations(user)
    if not organisations.exists():
        raise PermissionDenied(_("Your role may not record recruitments."))
    return organisations


@login_required
def record_create(request):
    require_personal_data(request.user)
    organisations = _recording_organisations(request.user)
    person_id = request.POST.get("person_id") or request.GET.get("person", "")
    if not person_id:
        return choose_person(
            request,
            title=_("Record a recruitment"),
            action=_("Record a recruitment"),
            back_url=reverse("recruitment-records"),
            back_label=_("Recruitments"),
        )
    person = people_selectors.person_get(actor=request.user, person_id=person_id)
    form = RecordForm(
        request.POST or None, organisations=organisations, initial={"recruited_on": timezone.localdate()}
    )
    return service_form_page(
        request,
        form=form,
        save=lambda data: records.recruitment_record(actor=request.user, person_id=person.pk, **data),
        success=_("Recruitment recorded. Add what the worker paid below."),
        done=lambda record: redirect("recruitment-record", record_id=record.pk),
        template="recruitment/record_form.html",
        context={"person": person},
    )


def _require_manageable(user, record):
    if not selectors.record_manageable(actor=user, record=record):
        raise PermissionDenied(
            _(
                "Only staff of the organisation that recorded the recruitment, or national staff, may "
                "change it."
            )
        )


@login_required
def record_edit(request, record_id):
    record = selectors.record_get(actor=request.user, record_id=record_id)
    _require_manageable(request.user, record)
    form = RecordEditForm(
        request.POST or None, initial={name: getattr(record, name) for name in RecordEditForm.base_fields}
    )
    return service_form_page(
        request,
        form=form,
        save=lambda data: records.recruitment_update(actor=request.user, record=record, **data),
        success=_("Recruitment corrected."),
        done=lambda _saved: redirect("recruitment-record", record_id=record.pk),
        template="recruitment/record_form.html",
        context={"record": record, "person": record.person},
    )


def _record_page(request, record, *, cost_form=None, earnings_form=None, status=200):
    today = timezone.localdate()
    return render(
        request,
        "recruitment/record_detail.html",
        {
            "record": record,
            "person": record.person,
            "costs": record.costs.all(),
            "earnings": record.earnings.all(),
            "manageable": selectors.record_manageable(actor=request.user, record=record),
            "cost_form": cost_form or CostForm(initial={"paid_on": today}),
            "earnings_form": earnings_form
            or EarningsForm(initial={"reported_on": today, "currency": record.contract_currency}),
            "currencies": money.known_currencies(),
        },
        status=status,
    )


@login_required
def record_detail(request, record_id):
    require_personal_data(request.user)
    return _record_page(request, selectors.record_get(actor=request.user, record_id=record_id))


@login_required
@post_or_back("recruitment-record", "record_id")
def cost_create(request, record_id):
    record = selectors.record_get(actor=request.user, record_id=record_id)
    form = CostForm(request.POST)
    return service_form_page(
        request,
        form=form,
        save=lambda data: records.cost_add(actor=request.user, record=record, **data),
        success=_("Cost added."),
        done=lambda _saved: redirect(reverse("recruitment-record", args=[record.pk]) + "#costs"),
        failed=lambda: _record_page(request, record, cost_form=form, status=400),
    )


@login_required
@post_or_back("recruitment-record", "record_id")
def cost_delete(request, record_id, cost_id):
    record = selectors.record_get(actor=request.user, record_id=record_id)
    records.cost_remove(actor=request.user, cost=get_object_or_404(record.costs, pk=cost_id))
    messages.success(request, _("Cost removed."))
    return redirect(reverse("recruitment-record", args=[record.pk]) + "#costs")


@login_required
@post_or_back("recruitment-record", "record_id")
def earnings_create(request, record_id):
    record = selectors.record_get(actor=request.user, record_id=record_id)
    form = EarningsForm(request.POST)
    return service_form_page(
        request,
        form=form,
        save=lambda data: records.earnings_report(actor=request.user, record=record, **data),
        success=_("Earnings recorded."),
        done=lambda _saved: redirect(reverse("recruitment-record", args=[record.pk]) + "#earnings"),
        failed=lambda: _record_page(request, record, earnings_form=form, status=400),
    )


@login_required
def exchange_rates(request):
    form = ExchangeRateForm(request.POST or None, initial={"valid_on": timezone.localdate()})
    if request.method == "POST":
        _require_register_manager(request.user)
        if form.is_valid():
            try:
                money.exchange_rate_set(actor=request.user, **form.cleaned_data)
                messages.success(request, _("Exchange rate recorded."))
                return redirect("recruitment-exchange-rates")
            except ValidationError as error:
                add_service_errors(form, error)
    return render(
        request,
        "recruitment/exchange_rates.html",
        {
            "rates": ExchangeRate.objects.all()[:300],
            "form": form,
            "can_manage": access.manages_registers(request.user),
        },
        status=400 if form.errors else 200,
    )


@login_required
def sdg_10_7_1(request):
    """SDG 10.7.1 over the recruitments the user may see, by corridor, sex, channel and agency."""
    require_personal_data(request.user)
    year = request.GET.get("year", "")
    found = selectors.record_list(actor=request.user)
    if re.fullmatch(r"[0-9]{4}", year):
        found = found.filter(recruited_on__year=int(year))
    figures = indicators.breakdown(found)
    labels = {
        "destination": dict(Country.objects.values_list("code", "name_en")),
        "sex": dict(Sex.choices),
        "channel": dict(Channel.choices),
        "agency": dict(RecruitmentAgency.objects.values_list("pk", "name_en")),
    }
    headings = {
        "destination": _("Corridor (Lao PDR → destination)"),
        "sex": _("Sex"),
        "channel": _("Channel"),
        "agency": _("Agency"),
    }
    tables = [
        {
            "heading": headings[name],
            "rows": [
                {"label": labels[name].get(key) or _("No agency"), **cell} for key, cell in groups.items()
            ],
        }
        for name, groups in figures["by"].items()
    ]
    return render(
        request,
        "recruitment/sdg_10_7_1.html",
        {"total": figures["total"], "left_out": figures["left_out"], "tables": tables, "year": year},
    )


@login_required
def complaint_list(request):
    require_personal_data(request.user)
    status = request.GET.get("status", "")
    referred = request.GET.get("referred") == "1"
    found = (
        selectors.complaints_awaiting_case(actor=request.user)
        if referred
        else selectors.complaint_list(actor=request.user, status=status)
    )
    return render(
        request,
        "recruitment/complaint_list.html",
        {
            "complaints": (page := page_of(request, found)),
            "count": page.paginator.count,
            "status": status,
            "statuses": ComplaintStatus.choices,
            "referred": referred,
            "can_record": access.complaint_organisations(request.user).exists(),
        },
    )


@login_required
def complaint_create(request):
    require_personal_data(request.user)
    organisations = access.complaint_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied(_("Your role may not record complaints."))
    person_id = request.POST.get("person_id") or request.GET.get("person", "")
    anonymous = request.GET.get("anonymous") == "1" or request.POST.get("anonymous") == "1"
    if not person_id and not anonymous:
        return choose_person(
            request,
            title=_("Record a complaint"),
            action=_("Record a complaint"),
            back_url=reverse("recruitment-complaints"),
            back_label=_("Complaints"),
        )
    person = people_selectors.person_get(actor=request.user, person_id=person_id) if person_id else None
    form = ComplaintForm(
        request.POST or None,
        organisations=organisations,
        initial={"received_on": timezone.localdate(), "complainant": "anonymous" if anonymous else "worker"},
    )
    return service_form_page(
        request,
        form=form,
        save=lambda data: complaints.complaint_record(
            actor=request.user, person_id=person.pk if person else None, **data
        ),
        success=_("Complaint recorded."),
        done=lambda complaint: redirect("recruitment-complaint", complaint_id=complaint.pk),
        template="recruitment/complaint_form.html",
        context={"person": person, "anonymous": anonymous},
    )


def _complaint_page(request, complaint, *, progress_form=None, refer_form=None, status=200):
    case = selectors.complaint_case(actor=request.user, complaint=complaint)
    return render(
        request,
        "recruitment/complaint_detail.html",
        {
            "complaint": complaint,
            "case": case,
            "manageable": selectors.complaint_manageable(actor=request.user, complaint=complaint),
            "may_open_case": complaint.referred_on is not None
            and complaint.protection_case_id is None
            and protection_access.handles_cases(request.user),
            "progress_form": progress_form
            or ComplaintProgressForm(
                initial={
                    "status": complaint.status,
                    "closed_on": complaint.closed_on or timezone.localdate(),
                    "outcome": complaint.outcome,
                }
            ),
            "refer_form": refer_form or ReferForm(initial={"referred_on": timezone.localdate()}),
        },
        status=status,
    )


@login_required
def complaint_detail(request, complaint_id):
    require_personal_data(request.user)
    return _complaint_page(request, selectors.complaint_get(actor=request.user, complaint_id=complaint_id))


@login_required
@post_or_back("recruitment-complaint", "complaint_id")
def complaint_progress(request, complaint_id):
    complaint = selectors.complaint_get(actor=request.user, complaint_id=complaint_id)
    form = ComplaintProgressForm(request.POST)
    return service_form_page(
        request,
        form=form,
        save=lambda data: complaints.complaint_progress(actor=request.user, complaint=complaint, **data),
        success=_("Complaint updated."),
        done=lambda _saved: redirect("recruitment-complaint", complaint_id=complaint.pk),
        failed=lambda: _complaint_page(request, complaint, progress_form=form, status=400),
    )


@login_required
@post_or_back("recruitment-complaint", "complaint_id")
def complaint_refer(request, complaint_id):
    complaint = selectors.complaint_get(actor=request.user, complaint_id=complaint_id)
    form = ReferForm(request.POST)
    return service_form_page(
        request,
        form=form,
        save=lambda data: complaints.complaint_refer(actor=request.user, complaint=complaint, **data),
        success=_("Referred to the case workers: the worker is at risk."),
        done=lambda _saved: redirect("recruitment-complaint", complaint_id=complaint.pk),
        failed=lambda: _complaint_page(request, complaint, refer_form=form, status=400),
    )


@login_required
def complaint_open_case(request, complaint_id):
    protection_access.require_case_worker(request.user)
    complaint = selectors.complaint_get(actor=request.user, complaint_id=complaint_id)
    organisations = protection_access.opening_organisations(request.user)
    form = CaseOpenForm(
        request.POST or None,
        organisations=organisations,
        eligible=protection_access.case_workers_of(organisations),
        opener=request.user,
        initial={
            "opened_on": timezone.localdate(),
            "kind": "labour_exploitation",
            "summary": complaint.description,
        },
    )
    return service_form_page(
        request,
        form=form,
        save=lambda data: complaints.complaint_open_case(actor=request.user, complaint=complaint, **data),
        success=_("Case opened. Only its case workers and supervisor can see it."),
        done=lambda case: redirect("protection-case", case_id=case.pk),
        template="protection/case_form.html",
        context={"person": complaint.person},
    )


@login_required
def job_order_list(request):
    approval = request.GET.get("approval", "")
    found = selectors.job_order_list(actor=request.user, approval=approval)
    return render(
        request,
        "recruitment/job_order_list.html",
        {
            "orders": page_of(request, found),
            "approval": approval,
            "approvals": ApprovalStatus.choices,
            "can_manage": access.manages_registers(request.user),
        },
    )


@login_required
def job_order_create(request):
    _require_register_manager(request.user)
    form = JobOrderForm(
        request.POST or None, initial={"received_on": timezone.localdate(), "destination": "TH"}
    )
    return service_form_page(
        request,
        form=form,
        save=lambda data: job_orders.job_order_create(actor=request.user, **data),
        success=_("Job order recorded: it awaits the ministry's decision."),
        done=lambda order: redirect("recruitment-job-order", job_order_id=order.pk),
        template="recruitment/job_order_form.html",
    )


def _job_order_page(request, order, *, decision_form=None, status=200):
    return render(
        request,
        "recruitment/job_order_detail.html",
        {
            "order": order,
            "can_manage": access.manages_registers(request.user),
            "decision_form": decision_form
            or JobOrderDecisionForm(initial={"decided_on": timezone.localdate()}),
            "recruited": order.recruitments.count() if access.sees_staff_figures(request.user) else None,
        },
        status=status,
    )


@login_required
def job_order_detail(request, job_order_id):
    return _job_order_page(request, selectors.job_order_get(actor=request.user, job_order_id=job_order_id))


@login_required
@post_or_back("recruitment-job-order", "job_order_id")
def job_order_decide(request, job_order_id):
    order = selectors.job_order_get(actor=request.user, job_order_id=job_order_id)
    form = JobOrderDecisionForm(request.POST)
    return service_form_page(
        request,
        form=form,
        save=lambda data: job_orders.job_order_decide(actor=request.user, job_order=order, **data),
        success=_("Decision recorded."),
        done=lambda _saved: redirect("recruitment-job-order", job_order_id=order.pk),
        failed=lambda: _job_order_page(request, order, decision_form=form, status=400),
    )
