import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class BaseModel(models.Model):
    """UUID key and timestamps shared by every domain record."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """Who did what to which record, and which fields changed.

    Field *names* are kept, not their values: copying personal data into the log would make the log
    itself a second store of personal data with its own retention and access problems.

    The log is a hash chain (core/audit.py): event `seq` n carries the hash of event n-1 and its own hash
    over that and its content, so an edited, deleted or inserted event breaks the chain at that point
    (`manage.py audit_verify`). `AuditChainHead` holds the last link, so a deleted tail shows too.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    # The person whose data this is, so the person page can show their history after the object is gone.
    person_id = models.UUIDField(null=True, blank=True, db_index=True)
    changed_fields = models.JSONField(default=list, blank=True)
    seq = models.BigIntegerField(unique=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_type}:{self.object_id}"


class AuditChainHead(models.Model):
    """The chain's last link, one row. Every audited write updates it first, inside its own transaction:
    the row lock (PostgreSQL) or the write lock (SQLite) makes writers append one after another, so two
    never chain to the same predecessor."""

    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.seq} {self.hash}"


class Tombstone(models.Model):
    """A record that left the API: deleted, or merged into another (`survivor_id`). Partner systems keeping
    a copy read these (/api/v1/changes) to drop or re-point what they hold; undoing a merge removes its
    tombstone and touches the record, which the lists then show again as changed.

    Who the record was about is kept as ids only (person, their home province, the organisation that
    registered them), so the list is scoped as the people were, and nothing else of the record survives it.
    """

    class Change(models.TextChoices):
        DELETED = "deleted"
        MERGED = "merged"

    kind = models.CharField(max_length=32)
    object_id = models.UUIDField()
    change = models.CharField(max_length=8, choices=Change.choices)
    at = models.DateTimeField(default=timezone.now)
    survivor_id = models.UUIDField(null=True, blank=True)
    person_id = models.UUIDField(null=True, blank=True)
    province_id = models.CharField(max_length=10, blank=True)
    organisation_id = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["at", "id"]), models.Index(fields=["kind", "object_id"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.change} {self.at:%Y-%m-%d %H:%M}"
