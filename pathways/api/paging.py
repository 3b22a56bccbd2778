"""One way to page every list of the API: `page` and `page_size`, answered with `count`, `next`, `previous`
and `results`. A page past the end is a 404 (`page_not_found`), never silently the last page; page 1 of an
empty list is an empty page with count 0.

Lists of records also take `updated_since` (with `after`): the records created or changed since then, oldest
change first, and `next` is a cursor (the last record's time and id), so following it misses nothing even
while records change between pages. Deletions and merges are listed by /api/v1/changes.
"""

import datetime
import math
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PaginationBase

MAX_PAGE_SIZE = 500


class PageNotFound(Http404):
    pass


def as_utc(moment: datetime.datetime) -> datetime.datetime:
    """A client's time in UTC (a time without a zone is in the server's), clamped to what a database holds:
    PostgreSQL refuses offsets beyond ±15:59, and an offset can push 0001 or 9999 out of range."""
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    try:
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        extreme = datetime.datetime.max if moment.year > 1 else datetime.datetime.min
        return extreme.replace(tzinfo=datetime.UTC)


def _url(request: HttpRequest, **changes: Any) -> str:
    query = request.GET.copy()
    for name, value in changes.items():
        query.pop(name, None)
        if value is not None:
            query[name] = str(value)
    return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(query.items()))}")


class PagePagination(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, description="1 for the first page")
        page_size: int = Field(settings.PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)

    class Output(Schema):
        count: int = Field(description="how many there are in all (from the cursor on, with updated_since)")
        next: str | None = Field(description="the next page's URL; null on the last page")
        previous: str | None = Field(description="the previous page's URL; null on the first page")
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(self, queryset, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        size, page = pagination.page_size, pagination.page
        count = self._items_count(queryset)
        pages = max(1, math.ceil(count / size))
        if page > pages:
            raise PageNotFound(
                _("Page %(page)d does not exist: this list has %(pages)d pages of %(size)d.")
                % {"page": page, "pages": pages, "size": size}
            )
        offset = (page - 1) * size
        return {
            "count": count,
            "next": _url(request, page=page + 1) if page < pages else None,
            "previous": _url(request, page=page - 1) if page > 1 else None,
            "results": queryset[offset : offset + size],
        }


class RecordPagination(PagePagination):
    class Input(PagePagination.Input):
        updated_since: datetime.datetime | None = Field(
            None,
            description="only records created or changed at or after this time (ISO 8601 with a zone), "
            "oldest change first; follow `next` to go on",
        )
        after: UUID | None = Field(
            None, description="with updated_since: the id of the last record already read at that time"
        )

    def paginate_queryset(self, queryset, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        if pagination.updated_since is None:
            return super().paginate_queryset(queryset, pagination, request, **params)
        since = as_utc(pagination.updated_since)
        if pagination.after is None:
            changed = Q(updated_at__gte=since)
        else:
            changed = Q(updated_at__gt=since) | Q(updated_at=since, pk__gt=pagination.after)
        queryset = queryset.filter(changed).order_by("updated_at", "pk")
        page = super().paginate_queryset(queryset, pagination, request, **params)
        rows = list(page["results"])
        page["results"] = rows
        if page["next"] and rows:
            last = rows[-1]
            page["next"] = _url(request, page=None, updated_since=last.updated_at.isoformat(), after=last.pk)
        return page


def record_list(queryset: QuerySet) -> QuerySet:
    """A list of records as the API pages it: in a fixed order, so no record is on two pages."""
    return queryset if queryset.ordered else queryset.order_by("pk")
