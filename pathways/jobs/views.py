"""Employment pages: parse, call a selector or service, render. No rule lives here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pathways.accounts.scopes import require_personal_data, scope_of
from pathways.core.forms import add_service_errors, service_form_page
from pathways.core.paging import page_of
from pathways.jobs import access, selectors, services
from pathways.jobs.forms import (
    FollowUpCorrectForm,
    FollowUpForm,
    PlacementEndForm,
    PlacementForm,
    VacancyEditForm,
    VacancyForm,
    VacancyStatusForm,
)
from pathways.jobs.models import VacancyStatus
from pathways.partners.selectors import primary_organisation_id
from pathways.people import selectors as people_selectors
from pathways.places.models import Province

_require_recorder = access.require_recorder


@login_required
def vacancy_list(request):
    require_personal_data(request.user)
    status = request.GET.get("status", VacancyStatus.OPEN)
    country = request.GET.get("where", "")
    vacancies = selectors.vacancy_list(
        actor=request.user, status=status if status in VacancyStatus.values else "", country=country
    )
    return render(
        request,
        "jobs/vacancy_list.html",
        {
            "vacancies": page_of(request, vacancies),
            "status": status,
            "where": country,
            "statuses": VacancyStatus.choices,
        },
    )


@login_required
def vacancy_create(request):
    require_personal_data(request.user)
    _require_recorder(request.user)
    form = VacancyForm(
        request.POST or None,
        employers=access.employers(),
        organisations=access.recording_organisations(request.user),
        initial={"opens_on": timezone.localdate()},
    )
    return service_form_page(
        request,
        form=form,
        save=lambda data: services.vacancy_create(actor=request.user, **data),
        success=_("Vacancy posted."),
        done=lambda vacancy: redirect("jobs-vacancy", vacancy_id=vacancy.pk),
        template="jobs/vacancy_form.html",
    )


@login_required
def vacancy_edit(request, vacancy_id):
    vacancy = selectors.vacancy_get(actor=request.user, vacancy_id=vacancy_id)
    access.require_vacancy_manager(request.user, vacancy)
    form = VacancyEditForm(
        request.POST or None, initial={name: getattr(vacancy, name) for name in VacancyEditForm.base_fields}
    )
    return service_form_page(
        request,
        form=form,
        save=lambda data: services.vacancy_update(actor=request.user, vacancy=vacancy, **data),
        success=_("Vacancy updated."),
        done=lambda _saved: redirect("jobs-vacancy", vacancy_id=vacancy.pk),
        template="jobs/vacancy_form.html",
        context={"vacancy": vacancy},
    )


# A vacancy page lists at most this many matching people, best first; the province filter narrows the rest.
MATCHES_SHOWN = 50


@login_required
def vacancy_detail(request, vacancy_id):
    require_personal_data(request.user)
    vacancy = selectors.vacancy_get(actor=request.user, vacancy_id=vacancy_id)
    province = request.GET.get("province", "")
    # One more than shown, to know whether the page must say that others were left out.
    matches = selectors.vacancy_matches(
        actor=request.user, vacancy=vacancy, province=province, limit=MATCHES_SHOWN + 1
    )
    return render(
        request,
        "jobs/vacancy_detail.html",
        {
            "vacancy": vacancy,
            "placements": selectors.placement_list(actor=request.user, vacancy=vacancy),
            "matches": matches[:MATCHES_SHOWN],
            "more_matches": len(matches) > MATCHES_SHOWN,
            "matches_shown": MATCHES_SHOWN,
            "province": province,
            "provinces": Province.objects.filter(country_id="LA").order_by("name_en"),
            "manageable": selectors.vacancy_manageable(actor=request.user, vacancy=vacancy),
            "status_form": VacancyStatusForm(initial={"status": vacancy.status}),
            "can_place": vacancy.status == VacancyStatus.OPEN
            and scope_of(request.user).can_record_placements,
        },
    )


@login_required
@require_POST
def vacancy_status(request, vacancy_id):
    vacancy = selectors.vacancy_get(actor=request.user, vacancy_id=vacancy_id)
    form = VacancyStatusForm(request.POST)
    if form.is_valid():
        try:
            services.vacancy_set_status(
                actor=request.user, vacancy=vacancy, status=form.cleaned_data["status"]
            )
            messages.success(
                request, _("Vacancy is now %(status)s.") % {"status": vacancy.get_status_display()}
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("jobs-vacancy", vacancy_id=vacancy.pk)


def _placement_form(request, *, person, vacancy=None):
    initial = {"person_id": person.pk, "starts_on": timezone.localdate()}
    # As the placements import does: the officer's own organisation, unless they choose another.
    if own := primary_organisation_id(request.user):
        initial["recorded_by_organisation"] = own
    return PlacementForm(
        request.POST or None,
        employers=access.employers(),
        organisations=access.recording_organisations(request.user),
        vacancy=vacancy,
        initial=initial,
    )


def _place(request, *, person, vacancy=None):
    """The placement form for one person (from a vacancy or not): show it, or record and go to the record."""
    _require_recorder(request.user)
    form = _placement_form(request, person=person, vacancy=vacancy)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "person_id"}
        data["note"] = data.get("note") or ""
        data["currency"] = data.get("currency") or ""
        try:
            placement = services.placement_create(actor=request.user, person=person, vacancy=vacancy, **data)
            messages.success(
                request,
                _("%(name)s placed as %(job)s at %(employer)s.")
                % {"name": person.display_name, "job": placement.job_title, "employer": placement.employer},
            )
            return redirect("jobs-placement", placement_id=placement.pk)
        except ValidationError as error:
            add_service_errors(form, error, aliases={"person": None, "vacancy": None})
    return render(
        request,
        "jobs/placement_form.html",
        {"form": form, "person": person, "vacancy": vacancy},
        status=400 if form.errors else 200,
    )


@login_required
def vacancy_place(request, vacancy_id, person_id):
    require_personal_data(request.user)
    vacancy = selectors.vacancy_get(actor=request.user, vacancy_id=vacancy_id)
    person = people_selectors.person_get(actor=request.user, person_id=person_id)
    return _place(request, person=person, vacancy=vacancy)


@login_required
def placement_create(request):
    """Record a placement without a vacancy: find the person first, then the form."""
    require_personal_data(request.user)
    _require_recorder(request.user)
    person_id = request.GET.get("person") or request.POST.get("person_id")
    if person_id:
        person = people_selectors.person_get(actor=request.user, person_id=person_id)
        return _place(request, person=person)
    q = request.GET.get("q", "").strip()
    candidates = people_selectors.person_list(actor=request.user, search=q)[:15] if q else []
    return render(request, "jobs/placement_find.html", {"q": q, "candidates": candidates})


@login_required
def placement_list(request):
    require_personal_data(request.user)
    where = request.GET.get("where", "")
    placements = page_of(request, selectors.placement_list(actor=request.user, country=where))
    return render(request, "jobs/placement_list.html", {"placements": placements, "where": where})


def _placement_context(request, placement, *, correcting: FollowUpCorrectForm | None = None, **extra) -> dict:
    """The placement page: its checkpoints, each recorded one with a correction form (`correcting`, bound and
    with its errors, on the one just refused), and the forms to record a follow-up and the end of the job."""
    today = timezone.localdate()
    checkpoints = selectors.placement_checkpoints(placement, today=today)

    def correct_form(c):
        if c.follow_up is None:
            return None
        again = correcting is not None and correcting.prefix == FollowUpCorrectForm.prefix_for(c.checkpoint)
        return correcting if again else FollowUpCorrectForm.of(c.follow_up)

    still_open = [c.checkpoint for c in checkpoints if c.follow_up is None]
    return {
        "placement": placement,
        "checkpoints": [(c, correct_form(c)) for c in checkpoints],
        "can_record": selectors.placement_recordable(actor=request.user, placement=placement)
        and scope_of(request.user).can_record_placements,
        "follow_ups_open": bool(still_open),
        "follow_up_form": FollowUpForm(open_checkpoints=still_open, initial={"checked_on": today}),
        "end_form": PlacementEndForm(initial={"ends_on": today}),
        **extra,
    }


@login_required
def placement_detail(request, placement_id):
    require_personal_data(request.user)
    placement = selectors.placement_get(actor=request.user, placement_id=placement_id)
    return render(request, "jobs/placement_detail.html", _placement_context(request, placement))


@login_required
@require_POST
def follow_up_record(request, placement_id):
    placement = selectors.placement_get(actor=request.user, placement_id=placement_id)
    form = FollowUpForm(request.POST, open_checkpoints=[3, 6])
    return service_form_page(
        request,
        form=form,
        save=lambda data: services.follow_up_record(
            actor=request.user, placement=placement, **{**data, "note": data.get("note") or ""}
        ),
        success=_("Follow-up recorded."),
        done=lambda _saved: redirect("jobs-placement", placement_id=placement.pk),
        failed=lambda: _placement_page(request, placement, follow_up_form=form),
    )


@login_required
@require_POST
def follow_up_correct(request, placement_id, checkpoint: int):
    placement = selectors.placement_get(actor=request.user, placement_id=placement_id)
    follow_up = get_object_or_404(placement.follow_ups.all(), checkpoint=checkpoint)
    form = FollowUpCorrectForm(request.POST, prefix=FollowUpCorrectForm.prefix_for(checkpoint))
    return service_form_page(
        request,
        form=form,
        save=lambda data: services.follow_up_update(
            actor=request.user, follow_up=follow_up, **{**data, "note": data.get("note") or ""}
        ),
        success=_("Follow-up corrected."),
        done=lambda _saved: redirect("jobs-placement", placement_id=placement.pk),
        failed=lambda: _placement_page(request, placement, correcting=form),
    )


@login_required
@require_POST
def placement_end(request, placement_id):
    placement = selectors.placement_get(actor=request.user, placement_id=placement_id)
    form = PlacementEndForm(request.POST)
    return service_form_page(
        request,
        form=form,
        save=lambda data: services.placement_update(
            actor=request.user, placement=placement, ends_on=data["ends_on"]
        ),
        success=_("End of the job recorded."),
        done=lambda _saved: redirect("jobs-placement", placement_id=placement.pk),
        failed=lambda: _placement_page(request, placement, end_form=form),
    )


def _placement_page(request, placement, **forms):
    """The placement's page again with a form's errors (status 400)."""
    return render(
        request, "jobs/placement_detail.html", _placement_context(request, placement, **forms), status=400
    )


@login_required
def follow_ups_due(request):
    require_personal_data(request.user)
    rows = selectors.follow_ups_due(actor=request.user)
    return render(
        request,
        "jobs/follow_ups_due.html",
        {
            "rows": page_of(request, rows),
            "counts": {s: sum(1 for r in rows if r.state == s) for s in ("overdue", "due", "due_soon")},
        },
    )
