"""Training pages: parse, call a selector or service, render. No rule lives here."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from pathways.accounts.models import User
from pathways.accounts.scopes import require_personal_data, scope_of
from pathways.core.forms import add_service_errors, service_form_page
from pathways.core.paging import page_of
from pathways.partners.models import Organisation
from pathways.people import selectors as people_selectors
from pathways.training import access, pdf, selectors, services, verification
from pathways.training.forms import (
    ATTENDANCE_CHOICES,
    AssessmentForm,
    AssessmentGridForm,
    CohortForm,
    DropoutForm,
    EligibilityForm,
    EnrolForm,
    EvidenceForm,
    GapForm,
    NoteForm,
    RevokeForm,
    RplApplyForm,
    ScheduleForm,
)
from pathways.training.models import CohortKind, EnrolmentStatus, Result, RplEvidence, RplStatus


def _institutions(user):
    return Organisation.objects.filter(access.institutions_visible_to(user)).order_by("name_en")


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise Http404("Not a date.") from None


@login_required
def cohort_list(request):
    require_personal_data(request.user)
    kind = request.GET.get("kind", "")
    cohorts = selectors.cohort_list(actor=request.user, kind=kind if kind in CohortKind.values else "")
    return render(
        request,
        "training/cohort_list.html",
        {"cohorts": page_of(request, cohorts), "kind": kind, "kinds": CohortKind.choices},
    )


@login_required
def course_list(request):
    return render(
        request, "training/course_list.html", {"courses": page_of(request, selectors.course_list())}
    )


@login_required
def cohort_create(request):
    require_personal_data(request.user)
    form = CohortForm(request.POST or None, institutions=_institutions(request.user))
    return service_form_page(
        request,
        form=form,
        save=lambda data: services.cohort_create(actor=request.user, **data),
        success=_("Cohort opened."),
        done=lambda cohort: redirect("training-cohort", cohort_id=cohort.pk),
        template="training/cohort_form.html",
    )


def _cohort_context(request, cohort, **extra) -> dict:
    enrolments = list(
        selectors.enrolment_list(actor=request.user, cohort=cohort).select_related("certificate")
    )
    progress = selectors.cohort_progress(cohort, enrolments)
    q = request.GET.get("q", "").strip()
    candidates = []
    if q:
        enrolled = {e.person_id for e in enrolments}
        candidates = [
            p for p in people_selectors.person_list(actor=request.user, search=q)[:15] if p.pk not in enrolled
        ]
    return {
        "cohort": cohort,
        "rows": [(e, progress[e.pk]) for e in enrolments],
        "q": q,
        "candidates": candidates,
        "enrol_form": EnrolForm(),
        "days": selectors.attendance_days(cohort=cohort),
        "counts": {s: sum(1 for e in enrolments if e.status == s) for s in EnrolmentStatus.values},
        "issued": sum(1 for e in enrolments if hasattr(e, "certificate")),
        **extra,
    }


@login_required
def cohort_detail(request, cohort_id):
    require_personal_data(request.user)
    cohort = selectors.cohort_get(actor=request.user, cohort_id=cohort_id)
    return render(request, "training/cohort_detail.html", _cohort_context(request, cohort))


@login_required
@require_POST
def cohort_enrol(request, cohort_id):
    cohort = selectors.cohort_get(actor=request.user, cohort_id=cohort_id)
    form = EnrolForm(request.POST)
    if form.is_valid():
        person = people_selectors.person_get(actor=request.user, person_id=form.cleaned_data["person_id"])
        try:
            services.enrolment_create(
                actor=request.user, cohort=cohort, person=person, institution=form.cleaned_data["institution"]
            )
            messages.success(request, _("Enrolled %(name)s.") % {"name": person.display_name})
            return redirect("training-cohort", cohort_id=cohort.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    context = _cohort_context(request, cohort, enrol_errors=[m for ms in form.errors.values() for m in ms])
    return render(request, "training/cohort_detail.html", context, status=400)


@login_required
def attendance_today(request, cohort_id):
    cohort = selectors.cohort_get(actor=request.user, cohort_id=cohort_id)
    today = timezone.localdate()
    day = min(max(today, cohort.starts_on), cohort.ends_on)
    return redirect("training-attendance", cohort_id=cohort.pk, day=day.isoformat())


@login_required
def attendance_day(request, cohort_id, day):
    """The whole cohort on one phone screen: one POST saves the day, or nothing."""
    require_personal_data(request.user)
    cohort = selectors.cohort_get(actor=request.user, cohort_id=cohort_id)
    day = _day(day)
    errors: list[str] = []
    status = 200
    grid = selectors.attendance_grid(actor=request.user, cohort=cohort, day=day)
    posted: dict[str, str] = {}
    if request.method == "POST":
        posted = {key[5:]: value for key, value in request.POST.items() if key.startswith("mark-")}
        try:
            services.attendance_day_save(actor=request.user, cohort=cohort, day=day, marks=posted)
            messages.success(
                request, _("Attendance for %(day)s saved (%(n)d people).") % {"day": day, "n": len(posted)}
            )
            return redirect("training-attendance", cohort_id=cohort.pk, day=day.isoformat())
        except ValidationError as error:
            errors = error.messages
            status = 400
    elif not cohort.starts_on <= day <= cohort.ends_on:
        errors = [
            _("%(day)s is outside this cohort's dates (%(start)s to %(end)s).")
            % {"day": day, "start": cohort.starts_on, "end": cohort.ends_on}
        ]
        status = 400
    rows = [(e, posted.get(str(e.pk)) or mark or "present", bool(mark)) for e, mark in grid]
    one = datetime.timedelta(days=1)
    return render(
        request,
        "training/attendance.html",
        {
            "cohort": cohort,
            "day": day,
            "rows": rows,
            "choices": ATTENDANCE_CHOICES,
            "errors": errors,
            "in_range": cohort.starts_on <= day <= cohort.ends_on,
            "previous": day - one if day - one >= cohort.starts_on else None,
            "next": day + one if day + one <= cohort.ends_on else None,
            "recorded": any(marked for _e, _m, marked in rows),
        },
        status=status,
    )


@login_required
def cohort_assessment(request, cohort_id):
    """The cohort's results on one page, participants by units: one POST records every changed cell, or none.

    `?unit=<id>` narrows the grid to one unit (a phone screen per unit); `?fill=<id>` shows that unit's
    unassessed cells as competent, so the assessor changes only the exceptions, as on the attendance sheet.
    """
    require_personal_data(request.user)
    cohort = selectors.cohort_get(actor=request.user, cohort_id=cohort_id)
    all_units = list(cohort.course.units.all())
    unit_id = request.GET.get("unit", "")
    units = [u for u in all_units if str(u.pk) == unit_id] or all_units
    form = AssessmentGridForm(
        request.POST or None, initial={"assessed_on": min(timezone.localdate(), cohort.ends_on)}
    )
    shown: dict[tuple[str, str], str] = {}
    cell_errors: dict[tuple[str, str], str] = {}
    status = 200
    if request.method == "POST":
        shown = form.cells()
        if form.is_valid():
            try:
                saved = services.cohort_assessment_save(
                    actor=request.user,
                    cohort=cohort,
                    assessed_on=form.cleaned_data["assessed_on"],
                    results=shown,
                    evidence_note=form.cleaned_data["evidence_note"],
                )
                messages.success(request, _("%(n)d results recorded.") % {"n": len(saved)})
                return redirect(request.get_full_path())
            except ValidationError as error:
                problems = error.message_dict if hasattr(error, "error_dict") else {}
                for key, texts in problems.items():
                    if key.startswith("results."):
                        _results, enrolment_id, cell_unit_id = key.split(".")
                        cell_errors[(enrolment_id, cell_unit_id)] = " ".join(texts)
                if cell_errors:
                    form.add_error(
                        None,
                        ngettext(
                            "%(n)d result cannot be saved; it is marked below. Nothing was saved.",
                            "%(n)d results cannot be saved; they are marked below. Nothing was saved.",
                            len(cell_errors),
                        )
                        % {"n": len(cell_errors)},
                    )
                rest = {k: v for k, v in problems.items() if not k.startswith("results.")}
                add_service_errors(form, ValidationError(rest) if problems else error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
        status = 400
    fill = request.GET.get("fill", "") if request.method == "GET" else ""
    rows = selectors.assessment_grid(
        actor=request.user, cohort=cohort, units=units, shown=shown, errors=cell_errors
    )
    for row in rows:
        for cell in row.cells:
            if str(cell.unit.pk) == fill and not cell.latest:
                cell.chosen = Result.COMPETENT
    return render(
        request,
        "training/assessment.html",
        {
            "cohort": cohort,
            "form": form,
            "rows": rows,
            "units": units,
            "all_units": all_units,
            "unit_id": unit_id if len(units) == 1 and len(all_units) > 1 else "",
            "results": Result.choices,
            "is_assessor": services.is_assessor(request.user, cohort.institution),
        },
        status=status,
    )


@login_required
@require_POST
def cohort_complete(request, cohort_id):
    cohort = selectors.cohort_get(actor=request.user, cohort_id=cohort_id)
    done, not_done = services.cohort_complete_all(actor=request.user, cohort=cohort)
    messages.success(request, _("%(n)d participants completed.") % {"n": len(done)})
    for enrolment, problems in list(not_done.items())[:10]:
        messages.warning(request, f"{enrolment.person.display_name}: {' '.join(problems)}")
    return redirect("training-cohort", cohort_id=cohort.pk)


@login_required
@require_POST
def cohort_certificates_issue(request, cohort_id):
    cohort = selectors.cohort_get(actor=request.user, cohort_id=cohort_id)
    certificates = services.certificates_issue_for_cohort(actor=request.user, cohort=cohort)
    messages.success(request, _("%(n)d certificates issued.") % {"n": len(certificates)})
    return redirect("training-cohort", cohort_id=cohort.pk)


@login_required
def cohort_certificates_pdf(request, cohort_id):
    cohort = selectors.cohort_get(actor=request.user, cohort_id=cohort_id)
    certificates = selectors.certificate_list(actor=request.user, cohort=cohort).select_related(
        "enrolment__cohort"
    )
    if not certificates:
        raise Http404("No certificates issued in this cohort yet.")
    response = HttpResponse(
        pdf.certificates_pdf(certificates.order_by("number")), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="certificates-{cohort.pk}.pdf"'
    return response


def _enrolment_context(request, enrolment, **forms) -> dict:
    units = list(enrolment.cohort.course.units.all())
    latest = selectors.latest_results(
        person_id=enrolment.person_id, unit_ids=[u.pk for u in units], enrolment=enrolment
    )
    progress = selectors.enrolment_progress(enrolment)
    return {
        "enrolment": enrolment,
        "cohort": enrolment.cohort,
        "progress": progress,
        "units": [(u, latest.get(u.pk)) for u in units],
        "assessments": enrolment.assessments.select_related("unit", "assessor"),
        "is_assessor": services.is_assessor(request.user, enrolment.cohort.institution),
        "problems": services.completion_problems(enrolment)
        if enrolment.status == EnrolmentStatus.ENROLLED
        else [],
        "certificate": getattr(enrolment, "certificate", None),
        "assessment_form": forms.get("assessment_form")
        or AssessmentForm(
            units=units, initial={"assessed_on": min(timezone.localdate(), enrolment.cohort.ends_on)}
        ),
        "dropout_form": forms.get("dropout_form") or DropoutForm(initial={"on": timezone.localdate()}),
        "error": forms.get("error"),
    }


@login_required
def enrolment_detail(request, enrolment_id):
    enrolment = selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id)
    return render(request, "training/enrolment_detail.html", _enrolment_context(request, enrolment))


@login_required
@require_POST
def enrolment_assess(request, enrolment_id):
    enrolment = selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id)
    units = list(enrolment.cohort.course.units.all())
    form = AssessmentForm(request.POST, request.FILES, units=units)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_record(
                actor=request.user,
                unit=next(u for u in units if str(u.pk) == data["unit"]),
                result=data["result"],
                assessed_on=data["assessed_on"],
                enrolment=enrolment,
                evidence_note=data["evidence_note"],
                evidence_file=data["evidence_file"],
            )
            messages.success(request, _("Assessment recorded."))
            return redirect("training-enrolment", enrolment_id=enrolment.pk)
        except ValidationError as error:
            add_service_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
    context = _enrolment_context(request, enrolment, assessment_form=form)
    return render(request, "training/enrolment_detail.html", context, status=400)


@login_required
@require_POST
def enrolment_drop_out(request, enrolment_id):
    enrolment = selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id)
    form = DropoutForm(request.POST)
    if form.is_valid():
        try:
            services.enrolment_drop_out(actor=request.user, enrolment=enrolment, **form.cleaned_data)
            messages.success(request, _("Dropout recorded."))
            return redirect("training-enrolment", enrolment_id=enrolment.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    context = _enrolment_context(request, enrolment, dropout_form=form)
    return render(request, "training/enrolment_detail.html", context, status=400)


@login_required
@require_POST
def enrolment_complete(request, enrolment_id):
    enrolment = selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id)
    try:
        services.enrolment_complete(actor=request.user, enrolment=enrolment)
        messages.success(request, _("Completed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("training-enrolment", enrolment_id=enrolment.pk)


@login_required
@require_POST
def enrolment_certificate(request, enrolment_id):
    enrolment = selectors.enrolment_get(actor=request.user, enrolment_id=enrolment_id)
    try:
        certificate = services.certificate_issue(actor=request.user, enrolment=enrolment)
        return redirect("training-certificate", certificate_id=certificate.pk)
    except ValidationError as error:
        context = _enrolment_context(request, enrolment, error=" ".join(error.messages))
        return render(request, "training/enrolment_detail.html", context, status=400)


@login_required
def certificate_list(request):
    require_personal_data(request.user)
    certificates = page_of(request, selectors.certificate_list(actor=request.user))
    return render(request, "training/certificate_list.html", {"certificates": certificates})


@login_required
def certificate_detail(request, certificate_id, form=None, status=200):
    certificate = selectors.certificate_get(actor=request.user, certificate_id=certificate_id)
    return render(
        request,
        "training/certificate_detail.html",
        {
            "certificate": certificate,
            "revoke_form": form or RevokeForm(),
            "qr": pdf.qr_svg(verification.link_for(certificate.payload)),
            "verify_link": verification.link_for(certificate.payload),
        },
        status=status,
    )


@login_required
def certificate_pdf(request, certificate_id):
    certificate = selectors.certificate_get(actor=request.user, certificate_id=certificate_id)
    response = HttpResponse(pdf.certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{certificate.number}.pdf"'
    return response


@login_required
@require_POST
def certificate_revoke(request, certificate_id):
    certificate = selectors.certificate_get(actor=request.user, certificate_id=certificate_id)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_revoke(
                actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Certificate revoked."))
            return redirect("training-certificate", certificate_id=certificate.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    return certificate_detail(request, certificate_id, form=form, status=400)


@login_required
def coverage(request):
    rows, total, detail = selectors.tot_coverage()
    national = access.is_national(request.user)
    mine = (
        set(_institutions(request.user).values_list("pk", flat=True))
        if scope_of(request.user).can_write_people
        else set()
    )
    return render(
        request,
        "training/coverage.html",
        {
            "rows": rows,
            "total": total,
            "detail": detail,
            "editable": mine,
            "national": national,
            "form": ScheduleForm(),
        },
    )


@login_required
@require_POST
def coverage_schedule(request, institution_id):
    institution = get_object_or_404(_institutions(request.user), pk=institution_id)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        try:
            services.safe_migration_module_schedule(
                actor=request.user, institution=institution, **form.cleaned_data
            )
            messages.success(request, _("Saved for %(org)s.") % {"org": institution})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("training-coverage")


# Recognition of prior learning


def _assessors(application):
    return User.objects.filter(
        assessor_roles__institution=application.institution, assessor_roles__is_active=True
    ).distinct()


@login_required
def rpl_queue(request):
    require_personal_data(request.user)
    everyone = request.GET.get("all") == "1"
    applications = selectors.rpl_queue(actor=request.user, assessor=None if everyone else request.user)
    return render(
        request,
        "training/rpl_queue.html",
        {"applications": page_of(request, applications), "everyone": everyone},
    )


@login_required
def rpl_create(request):
    require_personal_data(request.user)
    form = RplApplyForm(request.POST or None, institutions=_institutions(request.user), initial=request.GET)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = people_selectors.person_get(actor=request.user, person_id=data["person_id"])
        try:
            application = services.rpl_apply(
                actor=request.user,
                person=person,
                course=data["course"],
                institution=data["institution"],
                experience=data["experience"],
            )
            return redirect("training-rpl", application_id=application.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    return render(request, "training/rpl_form.html", {"form": form}, status=400 if form.errors else 200)


def _rpl_context(request, application, **forms) -> dict:
    units = list(application.course.units.all())
    latest = selectors.latest_results(
        person_id=application.person_id, unit_ids=[u.pk for u in units], rpl_application=application
    )
    return {
        "application": application,
        "units": [(u, latest.get(u.pk)) for u in units],
        "is_assessor": services.is_assessor(request.user, application.institution),
        "eligibility_form": forms.get("eligibility_form")
        or EligibilityForm(assessors=_assessors(application)),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(),
        "assessment_form": forms.get("assessment_form")
        or AssessmentForm(units=units, initial={"assessed_on": timezone.localdate()}),
        "gap_form": forms.get("gap_form")
        or GapForm(cohorts=selectors.cohort_list(actor=request.user).filter(course=application.course)),
        "note_form": forms.get("note_form") or NoteForm(),
        "certificate": getattr(application, "certificate", None),
        "S": RplStatus,
    }


@login_required
def rpl_detail(request, application_id):
    application = selectors.rpl_get(actor=request.user, application_id=application_id)
    return render(request, "training/rpl_detail.html", _rpl_context(request, application))


@login_required
@require_POST
def rpl_step(request, application_id, step):
    """Every step of an application posts here; the step name picks the form and the service."""
    application = selectors.rpl_get(actor=request.user, application_id=application_id)
    units = list(application.course.units.all())
    forms = {
        "eligibility": ("eligibility_form", EligibilityForm(request.POST, assessors=_assessors(application))),
        "evidence": ("evidence_form", EvidenceForm(request.POST, request.FILES)),
        "assess": ("assessment_form", AssessmentForm(request.POST, request.FILES, units=units)),
        "gap": (
            "gap_form",
            GapForm(
                request.POST,
                cohorts=selectors.cohort_list(actor=request.user).filter(course=application.course),
            ),
        ),
        "decide": ("note_form", NoteForm(request.POST)),
        "certificate": ("note_form", NoteForm(request.POST)),
    }
    if step not in forms:
        raise Http404("No such step.")
    name, form = forms[step]
    if form.is_valid():
        d = form.cleaned_data
        try:
            if step == "eligibility":
                services.rpl_eligibility_check(actor=request.user, application=application, **d)
            elif step == "evidence":
                services.rpl_evidence_add(actor=request.user, application=application, **d)
            elif step == "assess":
                services.assessment_record(
                    actor=request.user,
                    unit=next(u for u in units if str(u.pk) == d["unit"]),
                    result=d["result"],
                    assessed_on=d["assessed_on"],
                    rpl_application=application,
                    evidence_note=d["evidence_note"],
                    evidence_file=d["evidence_file"],
                )
            elif step == "gap":
                services.rpl_gap_refer(actor=request.user, application=application, **d)
            elif step == "decide":
                services.rpl_decide(actor=request.user, application=application, **d)
            else:
                certificate = services.certificate_issue(actor=request.user, rpl_application=application)
                return redirect("training-certificate", certificate_id=certificate.pk)
            messages.success(request, _("Saved."))
            return redirect("training-rpl", application_id=application.pk)
        except ValidationError as error:
            add_service_errors(form, error, aliases={"payload": None})
        except PermissionDenied as error:
            form.add_error(None, str(error))
    application = selectors.rpl_get(actor=request.user, application_id=application_id)
    return render(
        request, "training/rpl_detail.html", _rpl_context(request, application, **{name: form}), status=400
    )


@login_required
def rpl_evidence_file(request, evidence_id):
    evidence = get_object_or_404(RplEvidence, pk=evidence_id)
    selectors.rpl_get(actor=request.user, application_id=evidence.application_id)  # scope: 404 when unseen
    return FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
