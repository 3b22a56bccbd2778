from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import BaseModel
from pathways.imports import registry


class JobStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Waiting for the mapping")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    CHECKED = "checked", _("Dry run done")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class ImportJob(BaseModel):
    """One uploaded file on its way into the registry: mapping, dry run, import, report."""

    kind = models.CharField(_("kind"), max_length=40)
    source = models.CharField(
        _("source"),
        max_length=120,
        help_text=_("Name of the form or partner sheet; rows are recognised again within the same source."),
    )
    filename = models.CharField(_("file"), max_length=255)
    stored_path = models.CharField(max_length=500, editable=False)
    sha256 = models.CharField(max_length=64, db_index=True, editable=False)
    size = models.PositiveBigIntegerField(default=0)
    headers = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.UPLOADED
    )
    dry_run = models.BooleanField(
        default=False, help_text="Whether the last run (or the queued one) is a dry run."
    )
    counts = models.JSONField(default=dict, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    done_rows = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    language = models.CharField(max_length=8, default="en")
    # "host:pid" of the process running it: on the same host a dead process is seen at once (kill -9).
    worker = models.CharField(max_length=120, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename}"

    @property
    def is_busy(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def kind_label(self):
        """The kind as its app names it, in the reader's language (its code when no longer registered)."""
        kind = registry.get(self.kind)
        return kind.label if kind else self.kind


class RowIssue(models.Model):
    """A rejected row (with the column and reason), a value left out of an imported row (a warning, with
    the value), a row flagged as a likely duplicate, or a row excluded by choice (a submission not
    approved)."""

    REJECTED, WARNING, DUPLICATE, EXCLUDED = "rejected", "warning", "duplicate", "excluded"
    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="issues")
    level = models.CharField(max_length=10)
    row = models.PositiveIntegerField()
    column = models.CharField(max_length=255, blank=True)
    value = models.CharField(max_length=255, blank=True)
    message = models.TextField()

    class Meta:
        ordering = ["row", "id"]

    def __str__(self) -> str:
        return f"row {self.row} {self.column}: {self.message}"


class SourceRecord(models.Model):
    """Which object a source row became, so the same row imported again updates instead of duplicating."""

    source = models.CharField(max_length=120)
    kind = models.CharField(max_length=40)
    key = models.CharField(max_length=255)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64)
    job = models.ForeignKey(ImportJob, null=True, on_delete=models.SET_NULL, related_name="+")
    # The row of the job's file, and the values left out of it ({"column", "value", "reason"}), so the
    # record's provenance says what to fix.
    row = models.PositiveIntegerField(null=True, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "key"], name="source_record_unique"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.source}/{self.kind}/{self.key}"


class SavedMapping(BaseModel):
    """The last mapping used for a source, proposed again for its next file."""

    source = models.CharField(max_length=120)
    kind = models.CharField(max_length=40)
    mapping = models.JSONField(default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "kind"], name="saved_mapping_unique")]

    def __str__(self) -> str:
        return f"{self.source}/{self.kind}"
