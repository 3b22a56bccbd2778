"""Ethical recruitment pages: parse, call a selector or service, render. No rule lives here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.core.decorators import post_or_back
from pathways.places.models import Country, Province
from pathways.recruitment import access, selectors
from pathways.recruitment.forms import AgencyForm, AgencyStatusForm
from pathways.recruitment.models import AgencyStatus, ComplaintCategory, ComplaintStatus
from pathways.recruitment.services import agencies as agency_services
from pathways.training.forms import add_service_errors


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
            "agencies": agencies[:200],
            "count": agencies.count(),
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


def _agency_form_page(request, form, agency=None):
    return render(
        request,
        "recruitment/agency_form.html",
        {"form": form, "agency": agency},
        status=400 if form.errors else 200,
    )


@login_required
def agency_create(request):
    _require_register_manager(request.user)
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = agency_services.agency_create(actor=request.user, **form.cleaned_data)
            messages.success(request, _("Agency recorded."))
            return redirect("recruitment-agency", agency_id=agency.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    return _agency_form_page(request, form)


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
    if request.method == "POST" and form.is_valid():
        try:
            agency_services.agency_update(actor=request.user, agency=agency, **form.cleaned_data)
            messages.success(request, _("Agency corrected."))
            return redirect("recruitment-agency", agency_id=agency.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    return _agency_form_page(request, form, agency)


@login_required
@post_or_back("recruitment-agency", "agency_id")
def agency_status(request, agency_id):
    agency = selectors.agency_get(actor=request.user, agency_id=agency_id)
    form = AgencyStatusForm(request.POST)
    if form.is_valid():
        try:
            agency_services.agency_status_set(actor=request.user, agency=agency, **form.cleaned_data)
            messages.success(request, _("Decision recorded."))
            return redirect("recruitment-agency", agency_id=agency.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    return _agency_page(request, agency, status_form=form, status=400)
