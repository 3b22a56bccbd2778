"""GET /api/v1/changes: the records that left the API (deleted, or merged into another) since a time.

With each list's `updated_since` (records created or changed), it is all a partner system needs to keep a
copy in step: upsert what the lists return, drop what this returns, re-point what was merged.
"""

import datetime
import enum
from uuid import UUID

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from pathways.api.paging import PagePagination, as_utc
from pathways.core import tombstones
from pathways.core.models import Tombstone

router = Router(tags=["sync"])

# The kinds the apps registered (core.tombstones.track), known once the apps are ready.
ChangedKind = enum.Enum("ChangedKind", {kind: kind for kind in sorted(tombstones.kinds())}, type=str)  # type: ignore[misc]


class ChangeOut(Schema):
    kind: ChangedKind  # type: ignore[valid-type]
    id: UUID = Field(alias="object_id")
    change: Tombstone.Change = Field(description="deleted, or merged into the survivor")
    at: datetime.datetime
    survivor_id: UUID | None = Field(description="for a merge: the record that now holds this one's rows")


@router.get(
    "",
    response=list[ChangeOut],
    summary="Records deleted or merged since a time (oldest first)",
    description="A merge's entry names the surviving record; undoing the merge removes its entry and the "
    "record appears again in its list's updated_since. Entries are kept for the kinds your token may read, "
    "scoped as the records were.",
)
@paginate(PagePagination)
def change_list(
    request,
    since: datetime.datetime | None = None,
    kind: ChangedKind | None = None,  # type: ignore[valid-type]
):
    readable = {k for k, area in tombstones.kinds().items() if request.api_token.allows(area, write=False)}
    if kind is not None:
        readable &= {kind.value}
    qs = tombstones.tombstone_list(actor=request.auth, kinds_read=readable)
    if since is not None:
        qs = qs.filter(at__gte=as_utc(since))
    return qs.order_by("at", "id")
