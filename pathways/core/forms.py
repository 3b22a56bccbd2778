"""Form pieces every app shares, and the one way a service's errors reach a form (the API's is
`pathways.api.problems.service_errors`)."""

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class DateInput(forms.DateInput):
    """The browser's date picker. Its value is always ISO 8601 (yyyy-mm-dd), whatever the interface language
    writes dates as: in Thai, Django would render 30/11/2026, which a date input shows as empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def add_service_errors(
    form: forms.Form, error: ValidationError, aliases: Mapping[str, str | None] | None = None
) -> None:
    """Show a service's errors on the form's fields: a key the form has (or its alias: the service's name
    for a field the form calls otherwise) goes on that field, anything else above the form."""
    aliases = aliases or {}
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for key, errors in error.message_dict.items():
        field = aliases.get(key, key)
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


def service_form_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    save: Callable[[dict[str, Any]], Any],
    done: Callable[[Any], HttpResponse],
    template: str = "",
    context: Mapping[str, Any] | None = None,
    success: str = "",
    aliases: Mapping[str, str | None] | None = None,
    failed: Callable[[], HttpResponse] | None = None,
) -> HttpResponse:
    """A create or edit page: on a valid POST, `save(cleaned_data)` calls the service; its errors go on the
    form's fields (`add_service_errors`) and the page is shown again with status 400; otherwise `success` is
    flashed and `done(saved)` answers (a redirect). A GET, or an invalid form, renders `template` with the
    form — or, for a form that lives on a record's page (a note, a follow-up), `failed()` renders that page
    with the form's errors (status 400). The view only builds the form and names the service: rules live in
    the service."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error, aliases)
        else:
            if success:
                messages.success(request, success)
            return done(saved)
    if failed is not None:
        return failed()
    return render(request, template, {"form": form, **(context or {})}, status=400 if form.errors else 200)
