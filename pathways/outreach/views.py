"""Outreach pages: parse, call a selector or service, render. No rule lives here."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pathways.accounts.scopes import require_personal_data
from pathways.core.forms import add_service_errors, service_form_page
from pathways.core.paging import page_of
from pathways.outreach import access, selectors, services
from pathways.outreach.forms import AttendeeForm, ScoresForm, SessionEditForm, SessionForm
from pathways.outreach.models import Topic
from pathways.people import selectors as people_selectors


@login_required
def session_list(request):
    require_personal_data(request.user)
    year = request.GET.get("year", "")
    topic = request.GET.get("topic", "")
    sessions = selectors.session_list(
        actor=request.user,
        year=int(year) if re.fullmatch(r"[0-9]{4}", year) else None,
        topic=topic if topic in Topic.values else "",
    )
    return render(
        request,
        "outreach/session_list.html",
        {
            "sessions": page_of(request, sessions),
            "year": year,
            "topic": topic,
            "topics": Topic.choices,
            "can_record": access.recording_organisations(request.user).exists(),
        },
    )


@login_required
def session_create(request):
    require_personal_data(request.user)
    access.require_recorder(request.user)
    organisations = access.recording_organisations(request.user)
    # One organisation (an MRC's staff): its province is where its sessions are usually held.
    only = organisations.first() if organisations.count() == 1 else None
    form = SessionForm(
        request.POST or None,
        organisations=organisations,
        initial={"held_on": timezone.localdate(), "province": only.province_id if only else None},
    )
    return service_form_page(
        request,
        form=form,
        save=lambda data: services.session_create(actor=request.user, **data),
        success=_("Session recorded. Add the attendees registered by name below."),
        done=lambda session: redirect("outreach-session", session_id=session.pk),
        template="outreach/session_form.html",
    )


@login_required
def session_edit(request, session_id):
    session = selectors.session_get(actor=request.user, session_id=session_id)
    access.require_session_manager(request.user, session)
    form = SessionEditForm(
        request.POST or None, initial={name: getattr(session, name) for name in SessionEditForm.base_fields}
    )
    return service_form_page(
        request,
        form=form,
        save=lambda data: services.session_update(actor=request.user, session=session, **data),
        success=_("Session corrected."),
        done=lambda saved: redirect("outreach-session", session_id=saved.pk),
        template="outreach/session_form.html",
        context={"session": session},
    )


def _detail(request, session, *, status=200, adding=None, scoring=None):
    q = request.GET.get("q", "").strip()
    manageable = selectors.session_manageable(actor=request.user, session=session)
    attendees = list(selectors.session_attendees(actor=request.user, session=session))
    already = {a.person_id for a in attendees}
    candidates = []
    if q and manageable:
        candidates = [
            p for p in people_selectors.person_list(actor=request.user, search=q)[:15] if p.pk not in already
        ]
    return render(
        request,
        "outreach/session_detail.html",
        {
            "session": session,
            "summary": selectors.session_summary(session, actor=request.user),
            "attendees": attendees,
            "hidden": session.named - len(attendees),
            "manageable": manageable,
            "q": q,
            "candidates": candidates,
            "adding": adding,
            "scoring": scoring,
        },
        status=status,
    )


@login_required
def session_detail(request, session_id):
    require_personal_data(request.user)
    return _detail(request, selectors.session_get(actor=request.user, session_id=session_id))


@login_required
@require_POST
def attendee_add(request, session_id):
    session = selectors.session_get(actor=request.user, session_id=session_id)
    form = AttendeeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            attendance = services.attendance_add(
                actor=request.user,
                session=session,
                person_id=data["person_id"],
                pre_test=data["pre_test"],
                post_test=data["post_test"],
            )
            messages.success(
                request, _("%(name)s added to the attendance.") % {"name": attendance.person.display_name}
            )
            return redirect("outreach-session", session_id=session.pk)
        except ValidationError as error:
            add_service_errors(form, error, aliases={"person": None})
    return _detail(request, session, status=400, adding=form)


@login_required
@require_POST
def attendee_scores(request, session_id, attendance_id):
    session = selectors.session_get(actor=request.user, session_id=session_id)
    attendance = get_object_or_404(
        selectors.session_attendees(actor=request.user, session=session), pk=attendance_id
    )
    form = ScoresForm(request.POST, prefix=str(attendance.pk))
    if form.is_valid():
        try:
            services.attendance_scores(actor=request.user, attendance=attendance, **form.cleaned_data)
            messages.success(request, _("Test scores saved."))
            return redirect("outreach-session", session_id=session.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    return _detail(request, session, status=400, scoring=(attendance.pk, form))


@login_required
@require_POST
def attendee_remove(request, session_id, attendance_id):
    session = selectors.session_get(actor=request.user, session_id=session_id)
    attendance = get_object_or_404(
        selectors.session_attendees(actor=request.user, session=session), pk=attendance_id
    )
    services.attendance_remove(actor=request.user, attendance=attendance)
    messages.success(request, _("Taken off the attendance."))
    return redirect("outreach-session", session_id=session.pk)
