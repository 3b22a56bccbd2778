"""Protection case pages: parse, call a selector or service, render. No rule lives here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pathways.core.forms import add_service_errors, service_form_page
from pathways.core.paging import page_of
from pathways.people import selectors as people_selectors
from pathways.people.views import choose_person
from pathways.protection import access, selectors, services
from pathways.protection.forms import CaseEditForm, CaseOpenForm, CloseForm, NoteForm, TeamForm
from pathways.protection.models import CaseStatus


@login_required
def case_list(request):
    access.require_case_worker(request.user)
    status = request.GET.get("status", CaseStatus.OPEN)
    cases = selectors.case_list(actor=request.user, status=status)
    return render(
        request,
        "protection/case_list.html",
        {"cases": page_of(request, cases), "status": status, "statuses": CaseStatus.choices},
    )


@login_required
def case_open(request):
    access.require_case_worker(request.user)
    person_id = request.POST.get("person_id") or request.GET.get("person", "")
    if not person_id:
        return choose_person(
            request,
            title=_("Open a protection case"),
            action=_("Open a case"),
            back_url=reverse("protection-home"),
            back_label=_("Protection cases"),
        )
    person = people_selectors.person_get(actor=request.user, person_id=person_id)
    organisations = access.opening_organisations(request.user)
    form = CaseOpenForm(
        request.POST or None,
        organisations=organisations,
        eligible=access.case_workers_of(organisations),
        opener=request.user,
        initial={"opened_on": timezone.localdate()},
    )
    return service_form_page(
        request,
        form=form,
        save=lambda data: services.case_open(actor=request.user, person_id=person.pk, **data),
        success=_("Case opened. Only its case workers and supervisor can see it."),
        done=lambda case: redirect("protection-case", case_id=case.pk),
        template="protection/case_form.html",
        context={"person": person},
    )


def _detail(request, case_id, *, status=200, forms=None):
    """The case page; every time it is shown, with or without a form's errors, is a logged view."""
    case = selectors.case_view(actor=request.user, case_id=case_id)
    forms = forms or {}
    eligible = access.case_workers_of([case.organisation])
    team = TeamForm(
        eligible=eligible,
        initial={"supervisor": case.supervisor, "case_workers": list(case.case_workers.all())},
    )
    today = timezone.localdate()
    return render(
        request,
        "protection/case_detail.html",
        {
            "case": case,
            "person": case.person,
            "person_visible": people_selectors.person_list(actor=request.user)
            .filter(pk=case.person_id)
            .exists(),
            "case_workers": case.case_workers.all(),
            "notes": case.notes.select_related("author"),
            "log": selectors.case_log(case=case),
            "views": selectors.case_views(case=case),
            "may_reassign": access.may_reassign(request.user, case),
            "note_form": forms.get("note") or NoteForm(initial={"written_on": today}),
            "close_form": forms.get("close") or CloseForm(initial={"closed_on": today}),
            "team_form": forms.get("team") or team,
        },
        status=status,
    )


@login_required
def case_detail(request, case_id):
    access.require_case_worker(request.user)
    return _detail(request, case_id)


@login_required
def case_edit(request, case_id):
    access.require_case_worker(request.user)
    # The form shows the case: showing it is a logged view; saving is logged as the change it makes.
    read = selectors.case_get if request.method == "POST" else selectors.case_view
    case = read(actor=request.user, case_id=case_id)
    form = CaseEditForm(
        request.POST or None, initial={name: getattr(case, name) for name in CaseEditForm.base_fields}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(actor=request.user, case=case, **form.cleaned_data)
            messages.success(request, _("Case corrected."))
            return redirect("protection-case", case_id=case.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    if request.method == "POST":  # the form is shown again, with the case: a view
        selectors.case_view(actor=request.user, case_id=case.pk)
    return render(
        request,
        "protection/case_form.html",
        {"form": form, "case": case, "person": case.person},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def note_add(request, case_id):
    case = selectors.case_get(actor=request.user, case_id=case_id)
    form = NoteForm(request.POST)
    return service_form_page(
        request,
        form=form,
        save=lambda data: services.note_add(actor=request.user, case=case, **data),
        success=_("Note saved."),
        done=lambda _saved: redirect("protection-case", case_id=case.pk),
        failed=lambda: _detail(request, case.pk, status=400, forms={"note": form}),
    )


@login_required
@require_POST
def case_close(request, case_id):
    case = selectors.case_get(actor=request.user, case_id=case_id)
    form = CloseForm(request.POST)
    return service_form_page(
        request,
        form=form,
        save=lambda data: services.case_close(actor=request.user, case=case, **data),
        aliases={"status": None},
        success=_("Case closed."),
        done=lambda _saved: redirect("protection-case", case_id=case.pk),
        failed=lambda: _detail(request, case.pk, status=400, forms={"close": form}),
    )


@login_required
@require_POST
def case_reopen(request, case_id):
    case = selectors.case_get(actor=request.user, case_id=case_id)
    try:
        services.case_reopen(actor=request.user, case=case)
        messages.success(request, _("Case reopened."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("protection-case", case_id=case.pk)


@login_required
@require_POST
def case_assign(request, case_id):
    case = selectors.case_get(actor=request.user, case_id=case_id)
    form = TeamForm(request.POST, eligible=access.case_workers_of([case.organisation]))
    if form.is_valid():
        try:
            services.case_assign(actor=request.user, case=case, **form.cleaned_data)
            messages.success(request, _("Who works on the case was changed."))
            if selectors.case_list(actor=request.user).filter(pk=case.pk).exists():
                return redirect("protection-case", case_id=case.pk)
            # The supervisor handed the case over entirely: say so, or the vanished case looks like a fault.
            messages.warning(request, _("You are no longer on this case's team, so you no longer see it."))
            return redirect("protection-home")
        except ValidationError as error:
            add_service_errors(form, error)
    return _detail(request, case.pk, status=400, forms={"team": form})
