"""Return and referral pages: parse, call a selector or service, render. No rule lives here."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.accounts.scopes import require_personal_data, scope_of
from pathways.core.decorators import post_or_back
from pathways.core.forms import add_service_errors, service_form_page
from pathways.core.paging import page_of
from pathways.people import selectors as people_selectors
from pathways.people.views import choose_person
from pathways.returns import access, selectors, services
from pathways.returns.forms import OutcomeForm, ReferralForm, ReturnEditForm, ReturnForm
from pathways.returns.models import ReferralStatus, ReturnReason, Screening


@login_required
def return_list(request):
    require_personal_data(request.user)
    year = request.GET.get("year", "")
    reason = request.GET.get("reason", "")
    returns = selectors.return_list(
        actor=request.user,
        year=int(year) if re.fullmatch(r"[0-9]{4}", year) else None,
        reason=reason if reason in ReturnReason.values else "",
    )
    return render(
        request,
        "returns/return_list.html",
        {
            "returns": (page := page_of(request, returns)),
            "count": page.paginator.count,
            "year": year,
            "reason": reason,
            "reasons": ReturnReason.choices,
            "waiting": selectors.referral_list(actor=request.user, status=ReferralStatus.REFERRED).count(),
            "can_record": access.recording_organisations(request.user).exists(),
        },
    )


@login_required
def referral_list(request):
    require_personal_data(request.user)
    status = request.GET.get("status", ReferralStatus.REFERRED)
    referrals = page_of(request, selectors.referral_list(actor=request.user, status=status))
    return render(
        request,
        "returns/referral_list.html",
        {"referrals": referrals, "status": status, "statuses": ReferralStatus.choices},
    )


def _organisations(user):
    access.require_recorder(user)
    return access.recording_organisations(user)


@login_required
def return_create(request):
    require_personal_data(request.user)
    organisations = _organisations(request.user)
    person_id = request.POST.get("person_id") or request.GET.get("person", "")
    if not person_id:
        return choose_person(
            request,
            title=_("Record a return"),
            action=_("Record a return"),
            back_url=reverse("returns-home"),
            back_label=_("Returns"),
        )
    person = people_selectors.person_get(actor=request.user, person_id=person_id)
    form = ReturnForm(
        request.POST or None, organisations=organisations, initial={"returned_on": timezone.localdate()}
    )
    return service_form_page(
        request,
        form=form,
        save=lambda data: services.return_record(actor=request.user, person_id=person.pk, **data),
        success=_("Return recorded. Refer the person to the services they need below."),
        done=lambda record: redirect("returns-return", return_id=record.pk),
        template="returns/return_form.html",
        context={"person": person},
    )


@login_required
def return_edit(request, return_id):
    record = selectors.return_get(actor=request.user, return_id=return_id)
    access.require_return_manager(request.user, record)
    form = ReturnEditForm(
        request.POST or None, initial={name: getattr(record, name) for name in ReturnEditForm.base_fields}
    )
    return service_form_page(
        request,
        form=form,
        save=lambda data: services.return_update(actor=request.user, record=record, **data),
        success=_("Return corrected."),
        done=lambda saved: redirect("returns-return", return_id=saved.pk),
        template="returns/return_form.html",
        context={"record": record, "person": record.person},
    )


def _detail(request, record, *, status=200, referring=None, outcome=None):
    referrals = list(
        selectors.referral_list(actor=request.user, person=record.person).filter(after_return=record)
    )
    organisations = access.recording_organisations(request.user)
    return render(
        request,
        "returns/return_detail.html",
        {
            "record": record,
            "person": record.person,
            "manageable": selectors.return_manageable(actor=request.user, record=record),
            "referrals": referrals,
            "outcome_for": selectors.referrals_manageable(actor=request.user, referrals=referrals),
            "outcome": outcome,
            "can_refer": organisations.exists(),
            "referral_form": referring
            or ReferralForm(
                organisations=organisations,
                targets=selectors.referral_targets(province_id=record.person.home_province_id),
                initial={"referred_on": timezone.localdate(), "service": (record.needs or [None])[0]},
            ),
            "statuses": ReferralStatus.choices,
            "today": timezone.localdate(),
            "suggest_case": record.screening == Screening.INDICATORS
            and scope_of(request.user).handles_protection_cases,
        },
        status=status,
    )


@login_required
def return_detail(request, return_id):
    require_personal_data(request.user)
    return _detail(request, selectors.return_get(actor=request.user, return_id=return_id))


@login_required
@post_or_back("returns-return", "return_id")
def referral_create(request, return_id):
    record = selectors.return_get(actor=request.user, return_id=return_id)
    form = ReferralForm(
        request.POST,
        organisations=_organisations(request.user),
        targets=selectors.referral_targets(province_id=record.person.home_province_id),
    )
    if form.is_valid():
        try:
            services.referral_make(
                actor=request.user, person_id=record.person_id, after_return=record, **form.cleaned_data
            )
            messages.success(request, _("Referral recorded."))
            return redirect("returns-return", return_id=record.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    return _detail(request, record, status=400, referring=form)


@login_required
@post_or_back("returns-return", "return_id")
def referral_outcome(request, return_id, referral_id):
    record = selectors.return_get(actor=request.user, return_id=return_id)
    # One of this person's referrals, as listed on the return's page.
    referral = get_object_or_404(
        selectors.referral_list(actor=request.user, person=record.person).filter(after_return=record),
        pk=referral_id,
    )
    form = OutcomeForm(request.POST, prefix=str(referral.pk))
    if form.is_valid():
        try:
            services.referral_outcome(actor=request.user, referral=referral, **form.cleaned_data)
            messages.success(request, _("Referral outcome saved."))
            return redirect("returns-return", return_id=record.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    return _detail(request, record, status=400, outcome=(referral.pk, form))
