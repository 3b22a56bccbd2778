"""One page of a list page's rows, and the links to the others that keep the page's filters."""

from collections.abc import Sequence

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def page_of(request: HttpRequest, rows: QuerySet | Sequence) -> Page:
    """The `?page=` page of `rows` (PAGE_SIZE a page; a number out of range gives the last page). A query set
    is read a page at a time (a COUNT, then one LIMIT/OFFSET query), so a page costs the same whatever the
    list's length. `page.query` is the request's other parameters (the filters), for the links to other
    pages (the template include "pager.html")."""
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    page.query = query.urlencode()  # type: ignore[attr-defined]
    return page
