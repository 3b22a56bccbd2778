"""Review queue, side-by-side comparison, merge form and unmerge: parse, call a service, render."""

import datetime
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pathways.core.paging import page_of
from pathways.identity import selectors, services
from pathways.identity.forms import MergeForm
from pathways.identity.models import RunStage
from pathways.identity.services import MERGE_FIELDS
from pathways.people import selectors as people_selectors


def _require_reviewer(request) -> None:
    selectors.require_reviewer(request.user)


# The stages of a run in order, for its progress bar.
_RUN_STEPS = {"": 0, RunStage.READING: 1, RunStage.TRAINING: 2, RunStage.COMPARING: 3, RunStage.STORING: 4}


@login_required
def review_queue(request):
    _require_reviewer(request)
    pairs = selectors.candidate_pair_list(actor=request.user)
    page = page_of(request, pairs)
    run = selectors.duplicate_run_latest(actor=request.user)
    return render(
        request,
        "identity/queue.html",
        {
            "page": page,
            "model": selectors.match_model_latest(),
            "run": run,
            "run_step": _RUN_STEPS.get(run.stage, 0) if run else 0,
        },
    )


@login_required
@require_POST
def run_start(request):
    _require_reviewer(request)
    try:
        services.duplicate_run_start(actor=request.user)
        messages.success(request, _("Duplicate detection started; its progress is shown below."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{reverse('identity-queue')}#run")


_RECORD_ID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.IGNORECASE)


@login_required
def pair_why(request):
    """Why two records were or were not proposed as one person: each given as its number or page address."""
    _require_reviewer(request)
    a, b = request.GET.get("a", "").strip(), request.GET.get("b", "").strip()
    context: dict = {"a": a, "b": b}
    if a or b:
        ids = [_RECORD_ID.search(value) for value in (a, b)]
        if not all(ids):
            context["error"] = _("Give each record as the address of its page or its number.")
        else:
            try:
                context["why"] = selectors.pair_why(
                    actor=request.user, person_a_id=ids[0].group(0), person_b_id=ids[1].group(0)
                )
            except Http404:
                context["error"] = _("No such pair: give two different records you may see.")
    return render(request, "identity/why.html", context, status=400 if "error" in context else 200)


def _shown(person, field: str, value):
    """A value as the person page shows it: choices by their label, dates as YYYY-MM-DD."""
    if person._meta.get_field(field).choices:
        return getattr(person, f"get_{field}_display")()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _rows(a, b) -> list[dict]:
    rows = []
    for field in MERGE_FIELDS:
        va, vb = getattr(a, field), getattr(b, field)
        empty_a, empty_b = va in (None, ""), vb in (None, "")
        rows.append(
            {
                "field": field,
                "label": a._meta.get_field(field).verbose_name,
                "a": "—" if empty_a else _shown(a, field, va),
                "b": "—" if empty_b else _shown(b, field, vb),
                "differs": va != vb,
                # Preselect a value over an empty one, so a merge never blanks a field by default.
                "default": "b" if empty_a and not empty_b else "a",
            }
        )
    for name, getter in (
        (_("Phones"), lambda p: ", ".join(x.number for x in p.phones.all())),
        (_("Other names"), lambda p: ", ".join(x.value for x in p.aliases.all())),
        (
            _("Documents"),
            lambda p: ", ".join(f"{d.get_kind_display()} {d.number}" for d in p.documents.all()),
        ),
        (_("Registered by"), lambda p: str(p.owner_organisation or "—")),
    ):
        va, vb = getter(a) or "—", getter(b) or "—"
        rows.append({"field": "", "label": name, "a": va, "b": vb, "differs": va != vb})
    return rows


@login_required
def pair_detail(request, pair_id: int):
    _require_reviewer(request)
    pair = selectors.candidate_pair_get(actor=request.user, pair_id=pair_id)
    a = people_selectors.person_get(actor=request.user, person_id=pair.person_a_id)
    b = people_selectors.person_get(actor=request.user, person_id=pair.person_b_id)
    differing = [r["field"] for r in _rows(a, b) if r["field"] and r["differs"]]
    form = MergeForm(request.POST or None, differing=differing, initial={"survivor": "a"})
    if request.method == "POST" and form.is_valid():
        keep, choices = form.choices_for()
        survivor, merged = (a, b) if keep == "a" else (b, a)
        try:
            services.person_merge(actor=request.user, survivor=survivor, merged=merged, choices=choices)
            survivor.refresh_from_db()  # the message names the record with the values the reviewer chose
            messages.success(
                request, _("Merged the two records into %(name)s.") % {"name": survivor.display_name}
            )
            return redirect("person-detail", person_id=survivor.pk)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
    return render(
        request,
        "identity/pair.html",
        {"pair": pair, "a": a, "b": b, "rows": _rows(a, b), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def pair_reject(request, pair_id: int):
    _require_reviewer(request)
    pair = selectors.candidate_pair_get(actor=request.user, pair_id=pair_id)
    a = people_selectors.person_get(actor=request.user, person_id=pair.person_a_id)
    b = people_selectors.person_get(actor=request.user, person_id=pair.person_b_id)
    services.pair_decide(actor=request.user, person_a=a, person_b=b, decision="different")
    messages.success(request, _("Recorded as two different people; this pair will not be proposed again."))
    return redirect("identity-queue")


@login_required
@require_POST
def merge_undo(request, merge_id):
    _require_reviewer(request)
    record = selectors.merge_get(actor=request.user, merge_id=merge_id)
    try:
        merged = services.person_unmerge(actor=request.user, record=record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("person-detail", person_id=record.survivor_id)
    messages.success(request, _("Merge undone; both records are back."))
    return redirect("person-detail", person_id=merged.pk)
