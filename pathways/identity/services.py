"""Every write of identity resolution: models, candidate pairs, decisions, merges and unmerges."""

import datetime
import logging
import math
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, close_old_connections, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.core import audit, tombstones
from pathways.core.conflicts import Conflict
from pathways.identity import selectors
from pathways.identity.entry import Candidate, entry_candidates, matching_keys_lock
from pathways.identity.models import (
    CandidatePair,
    Decision,
    DuplicateRun,
    MatchModel,
    MergeRecord,
    PairDecision,
    RunStage,
    RunStatus,
)
from pathways.people import selectors as people_selectors
from pathways.people import services as people_services
from pathways.people.models import AliasKind, Person, PersonAlias
from pathways.people.services import PersonInput, person_keys_refresh

if TYPE_CHECKING:
    from pathways.identity import batch

log = logging.getLogger(__name__)

# Values a reviewer picks per field when merging; everything else (phones, documents, consents, events)
# moves to the survivor as rows.
MERGE_FIELDS = [
    "given_name_lo",
    "family_name_lo",
    "given_name_latin",
    "family_name_latin",
    "sex",
    "birth_date",
    "birth_year",
    "migrant_status",
    "home_province",
    "home_district",
    "home_village",
    "wg_seeing",
    "wg_hearing",
    "wg_walking",
    "wg_remembering",
    "wg_selfcare",
    "wg_communicating",
]


class PossibleDuplicate(Conflict):
    """Likely matches were found for a person about to be registered; nothing was saved."""

    def __init__(self, candidates: list[Candidate]):
        super().__init__(_("This person may already be registered."), code="possible_duplicate")
        self.candidates = candidates


@transaction.atomic
def person_register(*, actor, data: PersonInput, check_duplicates: bool) -> Person:
    """Register a person; with `check_duplicates`, refuse with PossibleDuplicate when the person is likely
    registered already. The check and the insert hold the matching keys' locks, so identical registrations
    sent at the same moment make one record: the later ones wait, then find it. Without the check the locks
    are held too, so a check running beside this registration waits for it and sees it."""
    matching_keys_lock(data)
    if check_duplicates:
        found = entry_candidates(actor=actor, data=data)
        if found:
            raise PossibleDuplicate(found)
    return people_services.person_create(actor=actor, data=data)


def _require_reviewer(actor) -> None:
    selectors.require_reviewer(actor)


def ordered(a, b) -> tuple:
    """The canonical order of an unordered pair: the smaller id first."""
    return (a, b) if str(a) <= str(b) else (b, a)


@transaction.atomic
def match_model_store(*, actor, splink_settings: dict, records: int, seconds: float) -> MatchModel:
    """Keep trained Splink settings with the date and the size of the registry they came from."""
    model = MatchModel.objects.create(
        splink_settings=splink_settings, records=records, trained_by=actor, seconds=seconds
    )
    audit.record(actor=actor, action="identity.model_train", obj=model, changed_fields=["splink_settings"])
    return model


@transaction.atomic
def candidates_store(*, actor, model: MatchModel | None, pairs: list[dict], clusters: dict[str, str]) -> int:
    """Replace the undecided candidate pairs with a batch run's pairs; decided pairs are not listed again."""
    decided = {(a.hex, b.hex) for a, b in PairDecision.objects.values_list("person_a_id", "person_b_id")}
    # Pairs imports flagged wait for their reviewer whatever the batch finds (a pair in both stays once).
    CandidatePair.objects.filter(import_job__isnull=True).delete()
    rows = []
    for pair in pairs:
        if (pair["a"], pair["b"]) in decided:
            continue
        a, b = ordered(_uuid(pair["a"]), _uuid(pair["b"]))
        rows.append(
            CandidatePair(
                person_a_id=a,
                person_b_id=b,
                probability=pair["probability"],
                match_weight=pair["match_weight"],
                explanation=pair["explanation"],
                cluster=clusters.get(pair["a"], ""),
                model=model,
            )
        )
    CandidatePair.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    if model is not None:
        audit.record(
            actor=actor, action="identity.candidates_store", obj=model, changed_fields=[f"pairs:{len(rows)}"]
        )
    return len(rows)


@dataclass
class FoundDuplicates:
    model: MatchModel
    prediction: "batch.Prediction"
    records: int
    stored: int | None
    seconds: float


def duplicates_find(
    *,
    actor,
    threshold: float | None = None,
    train: bool = False,
    store: bool = True,
    stage: Callable[[str, str], None] | None = None,
) -> FoundDuplicates:
    """The batch run over the whole registry: read the matching keys, train a model if there is none (or if
    asked), predict pairs at or above the threshold and, unless `store` is false, refill the review queue.
    `stage(code, text)` hears of each step (the command prints it, a run from the review page records it)."""
    from pathways.identity import batch

    stage = stage or (lambda code, text: None)
    started = time.perf_counter()
    stage(RunStage.READING, "")
    table = batch.registry_frame()
    stage(
        RunStage.READING, f"{table.num_rows:,} resolved people read ({time.perf_counter() - started:.1f} s)"
    )
    model = MatchModel.objects.order_by("-created_at").first()
    if model is None or train:
        stage(RunStage.TRAINING, "")
        t = time.perf_counter()
        trained = batch.train(table)
        model = match_model_store(
            actor=actor, splink_settings=trained, records=table.num_rows, seconds=time.perf_counter() - t
        )
        stage(RunStage.TRAINING, f"model trained on {table.num_rows:,} records ({model.seconds:.1f} s)")
    stage(RunStage.COMPARING, "")
    prediction = batch.predict(
        table, model.splink_settings, threshold=batch.REVIEW_THRESHOLD if threshold is None else threshold
    )
    stage(RunStage.COMPARING, f"{len(prediction.pairs):,} pairs predicted ({prediction.seconds:.1f} s)")
    stored = None
    if store:
        stage(RunStage.STORING, "")
        stored = candidates_store(
            actor=actor, model=model, pairs=prediction.pairs, clusters=prediction.clusters
        )
        stage(RunStage.STORING, f"{stored:,} undecided pairs in the review queue")
    return FoundDuplicates(model, prediction, table.num_rows, stored, time.perf_counter() - started)


# A run still queued or running after this long died with its worker; another may then be started.
RUN_STALE_AFTER = datetime.timedelta(hours=3)


def duplicate_run_start(*, actor) -> DuplicateRun:
    """Queue a batch run from the review page (national roles); one at a time."""
    _require_reviewer(actor)
    with transaction.atomic():
        busy = DuplicateRun.objects.select_for_update().filter(
            status__in=[RunStatus.QUEUED, RunStatus.RUNNING],
            created_at__gt=timezone.now() - RUN_STALE_AFTER,
        )
        if busy.exists():
            raise ValidationError(_("Duplicate detection is already running; its progress is shown below."))
        run = DuplicateRun.objects.create(started_by=actor)
        audit.record(actor=actor, action="identity.run_start", obj=run, changed_fields=["status"])
        run_id = str(run.pk)
        transaction.on_commit(lambda: _enqueue(run_id))
    return run


def _enqueue(run_id: str) -> None:
    """Through Celery when a broker is configured, else in a thread (inline in tests): as imports run."""
    mode = settings.IMPORTS_BACKGROUND
    if mode == "inline":
        duplicate_run_execute(run_id=run_id)
    elif settings.REDIS_URL and mode in ("auto", "celery"):
        from pathways.identity.tasks import duplicate_run

        duplicate_run.delay(run_id)
    else:
        threading.Thread(target=_in_thread, args=(run_id,), daemon=True, name=f"duplicates-{run_id}").start()


def _in_thread(run_id: str) -> None:
    close_old_connections()
    try:
        duplicate_run_execute(run_id=run_id)
    finally:
        connection.close()


def duplicate_run_execute(*, run_id: str) -> DuplicateRun:
    """Do a queued run, recording its stage as it goes; a run already taken by another worker is left."""
    taken = DuplicateRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, updated_at=timezone.now()
    )
    run = DuplicateRun.objects.get(pk=run_id)
    if not taken:
        return run

    def stage(code: str, _text: str) -> None:
        DuplicateRun.objects.filter(pk=run_id).update(stage=code, updated_at=timezone.now())

    try:
        found = duplicates_find(actor=run.started_by, stage=stage)
    except Exception as error:
        log.exception("duplicate run %s failed", run_id)
        DuplicateRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), message=str(error)[:1000]
        )
    else:
        DuplicateRun.objects.filter(pk=run_id).update(
            status=RunStatus.DONE,
            finished_at=timezone.now(),
            records=found.records,
            pairs=found.stored,
        )
    run.refresh_from_db()
    return run


def duplicate_run_latest() -> DuplicateRun | None:
    return DuplicateRun.objects.select_related("started_by").first()


def import_candidates_store(*, job, pairs: list[tuple[str, str]]) -> int:
    """Put the pairs an import flagged (a new record and the one it probably duplicates) in the review
    queue, named by the import, scored like on-entry matches; pairs already decided or queued are left."""
    from pathways.identity.entry import score_pairs

    wanted = {ordered(_uuid(a), _uuid(b)) for a, b in pairs if str(a) != str(b)}
    decided = set(
        PairDecision.objects.values_list("person_a_id", "person_b_id").filter(
            person_a_id__in=[a for a, _b in wanted]
        )
    )
    wanted -= decided
    scored = score_pairs(sorted(wanted))
    rows = [
        CandidatePair(
            person_a_id=a,
            person_b_id=b,
            probability=probability,
            match_weight=math.log2(max(probability, 1e-12) / max(1 - probability, 1e-12)),
            explanation=explanation,
            import_job=job,
        )
        for (a, b), (probability, explanation) in scored.items()
    ]
    CandidatePair.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)


def _uuid(value):
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


@transaction.atomic
def pair_decide(*, actor, person_a: Person, person_b: Person, decision: str) -> PairDecision:
    """Record that two records are (or are not) the same person; the pair leaves the review queue."""
    _require_reviewer(actor)
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Answer 'same' or 'different'.")})
    if person_a.pk == person_b.pk:
        raise ValidationError({"person_b": _("Choose two different records.")})
    for person in (person_a, person_b):
        people_selectors.person_get(actor=actor, person_id=person.pk)
    a, b = ordered(person_a.pk, person_b.pk)
    row, created = PairDecision.objects.get_or_create(
        person_a_id=a, person_b_id=b, defaults={"decision": decision, "decided_by": actor}
    )
    if not created:
        raise ValidationError({"decision": _("This pair was already decided (%(d)s).") % {"d": row.decision}})
    CandidatePair.objects.filter(person_a_id=a, person_b_id=b).delete()
    audit.record(
        actor=actor, action="identity.pair_decide", obj=row, person_id=a, changed_fields=["decision"]
    )
    audit.record(
        actor=actor, action="identity.pair_decide", obj=row, person_id=b, changed_fields=["decision"]
    )
    return row


def _references() -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) holding a foreign key to Person, found at run time.

    Apps added later (enrolments, placements, referrals…) are re-pointed without this code naming them.
    Identity's own bookkeeping and the merge link itself are left alone; one-to-one rows (the matching
    profile) belong to their record and are recomputed instead.
    """
    refs = []
    for rel in Person._meta.related_objects:
        model = rel.related_model
        if model._meta.app_label == "identity" or rel.one_to_one:
            continue
        if rel.many_to_many:
            through = rel.through  # type: ignore[attr-defined]
            for f in through._meta.get_fields():
                if isinstance(f, models.ForeignKey) and f.related_model is Person:
                    refs.append((through, f.name))
            continue
        if model is Person:  # merged_into
            continue
        refs.append((model, rel.field.name))
    return refs


def _touched(model: type[models.Model]) -> dict:
    """A moved row counts as changed (`updated_at`): partner systems syncing by updated_since re-read it."""
    has_timestamp = any(f.name == "updated_at" for f in model._meta.concrete_fields)
    return {"updated_at": timezone.now()} if has_timestamp else {}


def _field_value(person: Person, field: str):
    if field in ("home_province", "home_district", "home_village"):
        return getattr(person, f"{field}_id")
    return getattr(person, field)


def _json(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _from_json(field: str, value):
    if field == "birth_date" and value:
        return datetime.date.fromisoformat(value)
    return value


def _lock_unmerged(*, survivor_id, merged_id) -> None:
    """Lock both records until the merge commits, or refuse (409) if either was merged away already.

    Two reviewers merging the same pair, or the pair in both directions, at the same moment: the second
    waits for the first and then finds its record merged, instead of writing a second merge. The locks are
    taken in one fixed order (the pair's canonical order), whichever record is kept, so two merges of one
    pair never hold one lock each while waiting for the other's.
    """
    for pk in ordered(survivor_id, merged_id):
        Person.objects.select_for_update().filter(pk=pk).values_list("pk", flat=True).first()
    merged_into = people_selectors.merged_into_id(merged_id)
    if merged_into is not None:
        raise Conflict(
            {
                "merged": _(
                    "This record was already merged into record %(id)s, perhaps a moment ago by another "
                    "reviewer; nothing was changed. Open that record to review it."
                )
                % {"id": merged_into}
            },
            code="already_merged",
        )
    survivor_into = people_selectors.merged_into_id(survivor_id)
    if survivor_into is not None:
        raise Conflict(
            {
                "survivor": _(
                    "The record to keep was itself merged into record %(id)s; nothing was changed. Merge "
                    "into that record instead."
                )
                % {"id": survivor_into}
            },
            code="already_merged",
        )


@transaction.atomic
def person_merge(
    *,
    actor,
    survivor: Person | uuid.UUID,
    merged: Person | uuid.UUID,
    choices: dict[str, str] | None = None,
) -> MergeRecord:
    """Merge `merged` into `survivor` (records or their IDs): chosen values, every referencing row, names
    kept as aliases.

    `choices` maps a field of MERGE_FIELDS to "survivor" or "merged" (default: the survivor's value, or
    the merged record's where the survivor's is empty). The merged record stays, hidden, for unmerging.
    A record merged away already is refused with a Conflict (409), not "not found".
    """
    _require_reviewer(actor)
    survivor_id = survivor.pk if isinstance(survivor, Person) else survivor
    merged_id = merged.pk if isinstance(merged, Person) else merged
    if str(survivor_id) == str(merged_id):
        raise ValidationError({"merged": _("A record cannot be merged into itself.")})
    _lock_unmerged(survivor_id=survivor_id, merged_id=merged_id)
    survivor = people_selectors.person_get(actor=actor, person_id=survivor_id)
    merged = people_selectors.person_get(actor=actor, person_id=merged_id)
    choices = dict(choices or {})
    unknown = sorted(set(choices) - set(MERGE_FIELDS))
    if unknown:
        raise ValidationError(
            {"choices": _("These fields cannot be chosen: %(f)s.") % {"f": ", ".join(unknown)}}
        )
    bad = sorted(k for k, v in choices.items() if v not in ("survivor", "merged"))
    if bad:
        raise ValidationError({f"choices.{bad[0]}": _("Choose 'survivor' or 'merged'.")})
    for field in MERGE_FIELDS:
        if field not in choices:
            empty = _field_value(survivor, field) in (None, "")
            choices[field] = (
                "merged" if empty and _field_value(merged, field) not in (None, "") else "survivor"
            )
    if not (
        (choices["given_name_lo"] == "survivor" and survivor.given_name_lo)
        or (choices["given_name_lo"] == "merged" and merged.given_name_lo)
        or (choices["given_name_latin"] == "survivor" and survivor.given_name_latin)
        or (choices["given_name_latin"] == "merged" and merged.given_name_latin)
    ):
        raise ValidationError({"choices.given_name_latin": _("The merged record needs a given name.")})

    before = {field: _json(_field_value(survivor, field)) for field in MERGE_FIELDS}
    changed = []
    for field, source in choices.items():
        if source == "merged":
            value = _field_value(merged, field)
            attname = f"{field}_id" if field.startswith("home_") else field
            if getattr(survivor, attname) != value:
                setattr(survivor, attname, value)
                changed.append(field)
    survivor.save()

    repointed = []
    for model, fname in _references():
        for pk in list(model._default_manager.filter(**{fname: merged.pk}).values_list("pk", flat=True)):
            try:
                with transaction.atomic():
                    model._default_manager.filter(pk=pk).update(**{fname: survivor.pk}, **_touched(model))
            except IntegrityError:
                # The survivor already has the same phone, document or alias; the copy stays behind.
                continue
            repointed.append({"model": model._meta.label_lower, "field": fname, "pk": str(pk)})

    aliases_added = []
    existing = set(survivor.aliases.values_list("kind", "value"))
    own = {
        survivor.given_name_lo,
        survivor.family_name_lo,
        survivor.given_name_latin,
        survivor.family_name_latin,
    }
    for kind, value in (
        (AliasKind.LAO_SPELLING, " ".join(filter(None, [merged.given_name_lo, merged.family_name_lo]))),
        (
            AliasKind.LATIN_SPELLING,
            " ".join(filter(None, [merged.given_name_latin, merged.family_name_latin])),
        ),
    ):
        full_own = {
            " ".join(filter(None, [survivor.given_name_lo, survivor.family_name_lo])),
            " ".join(filter(None, [survivor.given_name_latin, survivor.family_name_latin])),
        }
        if value and value not in own and value not in full_own and (kind, value) not in existing:
            aliases_added.append(PersonAlias.objects.create(person=survivor, kind=kind, value=value).pk)

    merged.merged_into = survivor
    merged.save(update_fields=["merged_into", "updated_at"])
    tombstones.person_merged(merged_id=merged.pk, survivor_id=survivor.pk)
    person_keys_refresh(survivor)
    a, b = ordered(survivor.pk, merged.pk)
    PairDecision.objects.update_or_create(
        person_a_id=a, person_b_id=b, defaults={"decision": Decision.SAME, "decided_by": actor}
    )
    CandidatePair.objects.filter(models.Q(person_a=merged) | models.Q(person_b=merged)).delete()
    record = MergeRecord.objects.create(
        survivor=survivor,
        merged=merged,
        merged_by=actor,
        field_choices=choices,
        survivor_before=before,
        repointed=repointed,
        aliases_added=aliases_added,
    )
    audit.record(
        actor=actor, action="person.merge", obj=record, person_id=survivor.pk, changed_fields=changed
    )
    audit.record(
        actor=actor,
        action="person.merged_into",
        obj=record,
        person_id=merged.pk,
        changed_fields=["merged_into"],
    )
    return record


@transaction.atomic
def person_unmerge(*, actor, record: MergeRecord) -> Person:
    """Undo a merge: the survivor's values, every re-pointed row and the added aliases go back."""
    _require_reviewer(actor)
    record = MergeRecord.objects.select_for_update().get(pk=record.pk)
    if record.undone_at is not None:
        raise ValidationError({"merge": _("This merge was already undone.")})
    survivor = Person.objects.get(pk=record.survivor_id)
    merged = Person.objects.get(pk=record.merged_id)
    if survivor.merged_into_id is not None:
        raise ValidationError(
            {"merge": _("The surviving record was itself merged later; undo that merge first.")}
        )
    people_selectors.person_get(actor=actor, person_id=survivor.pk)
    for field, value in record.survivor_before.items():
        attname = f"{field}_id" if field.startswith("home_") else field
        setattr(survivor, attname, _from_json(field, value))
    survivor.save()
    by_label = {m._meta.label_lower: m for m, _f in _references()}
    for row in record.repointed:
        model = by_label.get(row["model"])
        if model is not None:
            model._default_manager.filter(pk=row["pk"], **{row["field"]: survivor.pk}).update(
                **{row["field"]: merged.pk}, **_touched(model)
            )
    PersonAlias.objects.filter(pk__in=record.aliases_added, person=survivor).delete()
    merged.merged_into = None
    merged.save(update_fields=["merged_into", "updated_at"])
    tombstones.person_unmerged(merged_id=merged.pk)
    person_keys_refresh(survivor)
    person_keys_refresh(merged)
    a, b = ordered(survivor.pk, merged.pk)
    # Undoing a merge is an answer too: the pair is not proposed again.
    PairDecision.objects.update_or_create(
        person_a_id=a, person_b_id=b, defaults={"decision": Decision.DIFFERENT, "decided_by": actor}
    )
    record.undone_at, record.undone_by = timezone.now(), actor
    record.save(update_fields=["undone_at", "undone_by", "updated_at"])
    audit.record(
        actor=actor,
        action="person.unmerge",
        obj=record,
        person_id=survivor.pk,
        changed_fields=list(record.survivor_before),
    )
    audit.record(
        actor=actor, action="person.unmerge", obj=record, person_id=merged.pk, changed_fields=["merged_into"]
    )
    return merged
