"""Pages of field capture: the forms and how to set up ODK Collect, the offline form pages (the only pages
with JavaScript: ODK Web Forms), the browser's submission endpoint, and the review of submissions."""

import base64
import json
import zlib

import segno
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from pathways.accounts.scopes import require_personal_data
from pathways.core.paging import page_of
from pathways.fieldcapture import instances, openrosa, selectors, services
from pathways.fieldcapture.models import DeviceKey, SubmissionStatus, Via
from pathways.fieldcapture.xlsforms.base import language_of_request
from pathways.fieldcapture.xlsforms.definitions import FORMS, forms_for
from pathways.people.models import Person
from pathways.people.scopes import visible_to


def collect_settings_code(*, server_url: str, username: str, key: str) -> str:
    """ODK Collect's and KoboCollect's "configure with QR code" payload: zlib-compressed JSON, base64."""
    payload = {
        "general": {"server_url": server_url, "username": username, "password": key},
        "admin": {},
        "project": {"name": "Pathways", "icon": "P", "color": "#1f5f8b"},
    }
    return base64.b64encode(zlib.compress(json.dumps(payload).encode())).decode()


def _server_url(request) -> str:
    return request.build_absolute_uri(reverse("openrosa-root")).rstrip("/")


@login_required
@never_cache
def home(request):
    require_personal_data(request.user)
    context = {
        "forms": forms_for(request.user),
        "server_url": _server_url(request),
        "devices": selectors.device_keys(actor=request.user),
        "may_review": selectors.may_review(request.user),
        "held": selectors.submission_list(actor=request.user, status=SubmissionStatus.HELD).count(),
    }
    if request.method == "POST":
        key = services.device_key_issue(actor=request.user, name=request.POST.get("name", ""))
        code = collect_settings_code(
            server_url=context["server_url"], username=request.user.username, key=key
        )
        context |= {"new_key": key, "qr": segno.make(code, error="l").svg_inline(scale=3, border=2)}
    return render(request, "fieldcapture/home.html", context)


@login_required
@require_POST
def device_revoke(request, device_id):
    device = get_object_or_404(DeviceKey, pk=device_id, user=request.user)
    services.device_key_revoke(actor=request.user, device=device)
    messages.success(request, _("The phone's key is revoked; it can no longer send forms."))
    return redirect("fieldcapture-home")


def _fillable(request, form_id: str):
    require_personal_data(request.user)
    spec = FORMS.get(form_id)
    if spec is None or not spec.may_fill(request.user):
        raise Http404("No such form.")
    return spec


# Only on the offline form pages, for ODK Web Forms: it evaluates XPath with a WebAssembly module
# ('wasm-unsafe-eval' compiles it without allowing eval() of script text) and its components (PrimeVue)
# insert their own <style> elements and fonts as data: URLs. Scripts stay 'self' only.
@csp_update({"script-src": ["'wasm-unsafe-eval'"], "style-src": ["'unsafe-inline'"], "font-src": ["data:"]})  # type: ignore[arg-type]  # django-csp types views as (request) only
@login_required
def fill(request, form_id: str):
    """The form in the browser (ODK Web Forms); it keeps working without a connection once opened."""
    spec = _fillable(request, form_id)
    return render(
        request,
        "fieldcapture/fill.html",
        {"spec": spec, "form_url": reverse("fieldcapture-form-xml", args=[form_id])},
    )


@login_required
def form_xml(request, form_id: str):
    _fillable(request, form_id)
    form = services.form_for(actor=request.user, form_id=form_id, language=language_of_request())
    return HttpResponse(form.xml, content_type="text/xml; charset=utf-8")


@require_POST
def browser_submission(request):
    """What the offline page sends when the connection is back: the same multipart as Collect's, answered the
    same way; 401 (not a login page) when the session has ended, so the page keeps the form and says why."""
    if not request.user.is_authenticated:
        return openrosa._message(_("Log in again to send the forms kept on this device."), status=401)
    return openrosa.receive(request, via=Via.BROWSER)


def service_worker(request):
    """The service worker, served from /field/ so that it may keep the offline pages of /field/."""
    response = render(
        request, "fieldcapture/sw.js", {"version": settings.STATIC_URL}, content_type="text/javascript"
    )
    response["Service-Worker-Allowed"] = reverse("fieldcapture-home")
    response["Cache-Control"] = "no-cache"
    return response


@login_required
def submission_list(request):
    require_personal_data(request.user)
    reviewer = selectors.may_review(request.user)
    status = request.GET.get("status", SubmissionStatus.HELD if reviewer else "")
    if status not in SubmissionStatus.values:
        status = ""
    submissions = page_of(request, selectors.submission_list(actor=request.user, status=status))
    titles = {form_id: spec.title for form_id, spec in FORMS.items()}
    return render(
        request,
        "fieldcapture/submission_list.html",
        {
            "page": submissions,
            "rows": [(s, titles.get(s.form_id, s.form_id)) for s in submissions],
            "status": status,
            "statuses": SubmissionStatus.choices,
            "may_review": reviewer,
        },
    )


def _review_context(request, submission, **extra) -> dict:
    values = instances.parse(submission.xml.encode(), repeats_of=services._repeats_of).values
    corrected = instances.corrected(values, submission.corrected)
    problems = (
        services.submission_check(submission=submission) if submission.status == SubmissionStatus.HELD else []
    )
    problem_fields = {p["field"] for p in problems}
    candidate_ids = {pk for ids in submission.candidates.values() for pk in ids}
    people = {
        str(p.pk): p
        for p in Person.objects.filter(visible_to(request.user), pk__in=candidate_ids).select_related(
            "home_province"
        )
    }
    return {
        "submission": submission,
        "title": FORMS[submission.form_id].title if submission.form_id in FORMS else submission.form_id,
        "answers": [(key, value, key in problem_fields) for key, value in instances.flat(corrected)],
        "problems": problems,
        "candidates": [
            (key, [people[pk] for pk in ids if pk in people]) for key, ids in submission.candidates.items()
        ],
        "may_review": selectors.may_review(request.user) and submission.status != SubmissionStatus.ACCEPTED,
        "attachments": submission.attachments.all(),
        **extra,
    }


@login_required
def submission_detail(request, submission_id):
    require_personal_data(request.user)
    submission = selectors.submission_get(actor=request.user, submission_id=submission_id)
    if request.method != "POST":
        return render(request, "fieldcapture/submission_detail.html", _review_context(request, submission))
    selectors.require_reviewer(request.user)
    note = request.POST.get("note", "")
    try:
        if request.POST.get("action") == "set_aside":
            services.submission_set_aside(actor=request.user, submission=submission, note=note)
            messages.success(request, _("Set aside; the submission is kept."))
            return redirect("fieldcapture-submission", submission_id=submission.pk)
        corrections = {
            key.removeprefix("answer:"): value
            for key, value in request.POST.items()
            if key.startswith("answer:")
        }
        values = instances.corrected(
            instances.parse(submission.xml.encode(), repeats_of=services._repeats_of).values,
            submission.corrected,
        )
        changed = {k: v for k, v in corrections.items() if dict(instances.flat(values)).get(k) != v}
        decisions = {
            key.removeprefix("decision:"): value
            for key, value in request.POST.items()
            if key.startswith("decision:") and value
        }
        submission = services.submission_accept(
            actor=request.user, submission=submission, corrections=changed, decisions=decisions, note=note
        )
    except ValidationError as error:
        return render(
            request,
            "fieldcapture/submission_detail.html",
            _review_context(request, submission, form_errors=error.messages),
            status=400,
        )
    if submission.status == SubmissionStatus.ACCEPTED:
        messages.success(request, _("Accepted: the records are written."))
    else:
        messages.error(request, _("Still held: nothing was saved. See the reasons below."))
    return redirect("fieldcapture-submission", submission_id=submission.pk)


@login_required
def attachment(request, submission_id, name: str):
    submission = selectors.submission_get(actor=request.user, submission_id=submission_id)
    item = get_object_or_404(submission.attachments.all(), name=name)
    response = FileResponse(
        item.file.open("rb"), content_type=item.content_type or "application/octet-stream"
    )
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response
