"""Pages for the registry: parse, call a selector or service, render."""

import csv
import datetime
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pathways.accounts.scopes import require_personal_data, scope_of
from pathways.core.exports import safe_cell
from pathways.core.forms import add_service_errors
from pathways.core.paging import page_of
from pathways.identity import services as identity_services
from pathways.people import scopes, selectors, services
from pathways.people.forms import (
    ConsentForm,
    ConsentWithdrawForm,
    DocumentFormSet,
    PeopleFilterForm,
    PersonForm,
    documents_from,
)
from pathways.people.timeline import person_timeline


def _filtered(request):
    form = PeopleFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    people = selectors.person_list(
        actor=request.user,
        search=filters.get("q", ""),
        province=filters.get("province", ""),
        sex=filters.get("sex", ""),
        migrant_status=filters.get("migrant_status", ""),
    )
    return form, people


@login_required
def person_list(request):
    require_personal_data(request.user)
    form, people = _filtered(request)
    return render(request, "people/list.html", {"form": form, "page": page_of(request, people)})


EXPORT_COLUMNS = [
    "id",
    "given_name_lo",
    "family_name_lo",
    "given_name_latin",
    "family_name_latin",
    "sex",
    "birth_date",
    "birth_year",
    "migrant_status",
    "home_province_id",
]


class _Echo:
    def write(self, value):
        return value


@login_required
def person_export(request):
    """Stream the filtered list as CSV, with formula-looking cells neutralised for spreadsheets."""
    require_personal_data(request.user)
    _form, people = _filtered(request)
    writer = csv.writer(_Echo())
    rows = (
        writer.writerow([safe_cell(v) for v in row])
        for row in people.values_list(*EXPORT_COLUMNS).iterator(chunk_size=2000)
    )
    response = StreamingHttpResponse(
        (line for chunk in ([writer.writerow(EXPORT_COLUMNS)], rows) for line in chunk),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="people.csv"'
    return response


@login_required
def person_export_xlsx(request):
    """The filtered list as an Excel workbook; text is never stored as a formula and formula-like cells
    are neutralised like the CSV's, so the file is safe to open and to re-export as CSV."""
    import xlsxwriter

    require_personal_data(request.user)
    _form, people = _filtered(request)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = workbook.add_worksheet("people")
    dates = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, EXPORT_COLUMNS)
    for r, row in enumerate(people.values_list(*EXPORT_COLUMNS).iterator(chunk_size=2000), start=1):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write_datetime(r, c, datetime.datetime.combine(value, datetime.time()), dates)
            elif isinstance(value, int):
                sheet.write_number(r, c, value)
            else:
                sheet.write_string(r, c, str(safe_cell(value)))
    workbook.close()
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="people.xlsx"'
    return response


def _detail_context(request, person, **forms) -> dict:
    scope = scope_of(request.user)
    return {
        "person": person,
        "timeline": person_timeline(actor=request.user, person=person),
        "audit_events": selectors.person_audit(actor=request.user, person=person)[:50],
        "can_read_audit": scope.can_read_audit,
        "can_write": scope.can_write_people,
        "can_delete": scope.can_delete_people,
        "consent_form": ConsentForm(),
        "withdraw_form": ConsentWithdrawForm(),
        **forms,
    }


@login_required
def person_detail(request, person_id):
    person = selectors.person_get(actor=request.user, person_id=person_id)
    return render(request, "people/detail.html", _detail_context(request, person))


def _person_form_page(request, *, person=None):
    if person is None:
        initial, document_initial = {}, []
    else:
        current = services.person_input_from(person)
        initial = PersonForm.initial_from(current)
        document_initial = [
            {
                "kind": d.kind,
                "number": d.number,
                "issuing_country": d.issuing_country,
                "expiry_date": d.expiry_date,
            }
            for d in current.documents
        ]
    if request.POST.get("choose_province"):
        # The province changed: show the form again, as typed, with that province's districts; nothing is
        # checked or saved yet.
        form = PersonForm(initial=request.POST.dict())
        form.fields["home_district"].widget.attrs["autofocus"] = True
        documents = DocumentFormSet(request.POST, prefix="documents")
    else:
        form = PersonForm(request.POST or None, initial=initial)
        documents = DocumentFormSet(request.POST or None, initial=document_initial, prefix="documents")
    if request.method == "POST" and form.is_bound and form.is_valid() and documents.is_valid():
        data = form.to_input(documents_from(documents))
        try:
            if person is None:
                # Likely matches are shown before anything is saved; the user opens one or confirms a new
                # record.
                person = identity_services.person_register(
                    actor=request.user, data=data, check_duplicates=not request.POST.get("not_a_duplicate")
                )
                messages.success(request, _("Registered %(name)s.") % {"name": person.display_name})
            else:
                services.person_update(actor=request.user, person=person, data=data)
                messages.success(request, _("Saved."))
            return redirect("person-detail", person_id=person.pk)
        except identity_services.PossibleDuplicate as duplicate:
            return render(
                request,
                "people/form.html",
                {"form": form, "documents": documents, "person": None, "candidates": duplicate.candidates},
            )
        except ValidationError as error:
            filled = [f for f in documents.forms if f.cleaned_data.get("number")]
            form.add_service_errors(error, filled)
    return render(
        request,
        "people/form.html",
        {"form": form, "documents": documents, "person": person},
        status=400 if form.errors or documents.total_error_count() else 200,
    )


@login_required
def person_create(request):
    scopes.require_writer(request.user)
    return _person_form_page(request)


@login_required
def person_edit(request, person_id):
    person = selectors.person_get(actor=request.user, person_id=person_id)
    scopes.require_writer(request.user)
    return _person_form_page(request, person=person)


@login_required
def person_delete(request, person_id):
    person = selectors.person_get(actor=request.user, person_id=person_id)
    if request.method == "POST":
        services.person_delete(actor=request.user, person=person)
        messages.success(request, _("Deleted the record of %(name)s.") % {"name": person.display_name})
        return redirect("person-list")
    scopes.require_deleter(request.user)
    return render(request, "people/confirm_delete.html", {"person": person})


@login_required
@require_POST
def consent_add(request, person_id):
    person = selectors.person_get(actor=request.user, person_id=person_id)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.consent_record(actor=request.user, person=person, **form.cleaned_data)
            messages.success(request, _("Consent recorded."))
            return redirect("person-detail", person_id=person.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    return _detail_with_form_errors(request, person, consent_form=form)


@login_required
@require_POST
def consent_withdraw(request, person_id, consent_id):
    person = selectors.person_get(actor=request.user, person_id=person_id)
    consent = get_object_or_404(person.consents.all(), pk=consent_id)
    form = ConsentWithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.consent_withdraw(
                actor=request.user,
                consent=consent,
                withdrawn_on=form.cleaned_data["withdrawn_on"],
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("Consent withdrawal recorded."))
            return redirect("person-detail", person_id=person.pk)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("withdrawn_on", message)
    return _detail_with_form_errors(request, person, withdraw_form=form)


def _detail_with_form_errors(request, person, **forms) -> HttpResponse:
    return render(request, "people/detail.html", _detail_context(request, person, **forms), status=400)


def choose_person(request, *, title: str, action: str, back_url: str, back_label: str):
    """The page that records something about a registered person starts here: find them in the registry
    (scoped), then go on to `request.path?person=<id>` (the page that records it)."""
    q = request.GET.get("q", "").strip()
    people = selectors.person_list(actor=request.user, search=q)[:15] if q else []
    return render(
        request,
        "people/choose.html",
        {
            "q": q,
            "people": people,
            "title": title,
            "action": action,
            "next_url": request.path,
            "back_url": back_url,
            "back_label": back_label,
        },
    )
