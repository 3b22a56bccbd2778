"""Import provenance on the person's timeline: which file and row a record came from, and the values that
were left out of it (warnings), so someone can fix them on the record later."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.translation import gettext as _

from pathways.imports import selectors
from pathways.imports.models import SourceRecord
from pathways.people.models import Person
from pathways.people.timeline import TimelineEntry


def describe_warning(warning: dict) -> str:
    return _("%(column)s %(value)s left out: %(reason)s") % {
        "column": warning.get("column") or _("(constant)"),
        "value": repr(warning.get("value", "")),
        "reason": warning.get("reason", ""),
    }


def import_events(*, actor, person: Person) -> Iterable[TimelineEntry]:
    records = list(
        SourceRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk)
        ).select_related("job")
    )
    # The import's page is linked for those who may open it (its importer, national roles).
    openable = set(
        selectors.job_list(actor=actor)
        .filter(pk__in=[r.job_id for r in records if r.job_id])
        .values_list("pk", flat=True)
    )
    for record in records:
        where = record.job.filename if record.job else record.source
        if record.row:
            title = _("Imported from %(file)s, row %(row)d") % {"file": where, "row": record.row}
        else:
            title = _("Imported from %(file)s") % {"file": where}
        yield TimelineEntry(
            when=record.updated_at.date(),
            kind="imported",
            title=title,
            detail="; ".join(describe_warning(w) for w in record.warnings),
            recorded_by=str(record.job.created_by) if record.job else "",
            url=reverse("import-detail", args=[record.job_id]) if record.job_id in openable else "",
        )
