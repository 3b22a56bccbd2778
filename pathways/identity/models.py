"""Identity resolution records: matching keys, trained models, candidate pairs, decisions and merges."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pathways.core import confidential
from pathways.core.models import BaseModel
from pathways.people.models import Person


class MatchProfile(models.Model):
    """A person's matching keys (identity.keys), rewritten by the people services on every write."""

    person = models.OneToOneField(
        Person, primary_key=True, on_delete=models.CASCADE, related_name="match_profile"
    )
    given_lat = models.CharField(max_length=100, blank=True)
    family_lat = models.CharField(max_length=100, blank=True)
    given_lo = models.CharField(max_length=100, blank=True)
    family_lo = models.CharField(max_length=100, blank=True)
    given_ph = models.CharField(max_length=100, blank=True)
    family_ph = models.CharField(max_length=100, blank=True)
    name_block = models.CharField(max_length=201, blank=True)
    name_block_lo = models.CharField(max_length=201, blank=True)
    # Consonant skeletons (identity.sound), the same from either script: cross-script matching.
    given_sk = models.CharField(max_length=100, blank=True)
    family_sk = models.CharField(max_length=100, blank=True)
    name_block_sk = models.CharField(max_length=201, blank=True)
    nicknames = models.CharField(max_length=400, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    phones = models.CharField(max_length=200, blank=True)
    documents = models.CharField(max_length=400, blank=True)

    class Meta:
        # The look-up on entry (identity/entry.py) seeks each key and filters on the birth columns that
        # follow it in the index, so it never reads the rows of a common name's other holders.
        indexes = [
            models.Index(fields=["name_block", "birth_year", "birth_date"]),
            models.Index(fields=["name_block_lo", "birth_year", "birth_date"]),
            models.Index(fields=["given_ph", "birth_year", "birth_date"]),
            models.Index(fields=["given_lo", "birth_year", "birth_date"]),
            models.Index(fields=["family_lo", "birth_year", "birth_date"]),
            models.Index(fields=["name_block_sk", "birth_year", "birth_date"]),
            models.Index(fields=["given_sk", "birth_year", "birth_date"]),
            # Given name with no family name: the few records a re-entry with a family name can match on its
            # given name alone (partial indexes, so a common given name's other holders are not read).
            models.Index(
                fields=["given_ph", "birth_year", "birth_date"],
                condition=models.Q(family_lo="", family_lat=""),
                name="identity_given_ph_no_family",
            ),
            models.Index(
                fields=["given_lo", "birth_year", "birth_date"],
                condition=models.Q(family_lo="", family_lat=""),
                name="identity_given_lo_no_family",
            ),
        ]

    def __str__(self) -> str:
        return f"keys of {self.person_id}"


class MatchModel(BaseModel):
    """Splink settings with trained parameters, and the registry they were trained on."""

    splink_settings = models.JSONField()
    records = models.PositiveIntegerField(_("records trained on"))
    trained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-created_at"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"match model {self.created_at:%Y-%m-%d} ({self.records} records)"


class CandidatePair(models.Model):
    """A pair the last batch run scored above the review threshold; person_a has the smaller id."""

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    match_weight = models.FloatField()
    # [{"comparison", "level", "bayes_factor"}] straight from Splink's prediction columns.
    explanation = models.JSONField(default=list)
    cluster = models.CharField(max_length=64, blank=True)
    model = models.ForeignKey(MatchModel, null=True, on_delete=models.SET_NULL, related_name="+")
    found_at = models.DateTimeField(default=timezone.now)
    # The import that flagged the pair (a new record like a registered one, or two rows of one file); a
    # batch run replaces only its own pairs.
    import_job = models.ForeignKey(
        "imports.ImportJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-probability", "id"]
        constraints = [models.UniqueConstraint(fields=["person_a", "person_b"], name="candidate_pair_unique")]
        indexes = [models.Index(fields=["-probability"])]

    def __str__(self) -> str:
        return f"{self.person_a_id} ~ {self.person_b_id} ({self.probability:.3f})"


class Decision(models.TextChoices):
    SAME = "same", _("Same person")
    DIFFERENT = "different", _("Different people")


class PairDecision(models.Model):
    """A reviewer's answer about an unordered pair (person_a has the smaller id); never asked again."""

    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person_a", "person_b"], name="pair_decision_unique")]

    def __str__(self) -> str:
        return f"{self.person_a_id} / {self.person_b_id}: {self.decision}"


class MergeRecord(BaseModel):
    """What a merge changed, so an unmerge can put every row and value back."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # {field: "survivor" | "merged"} as the reviewer chose, and the survivor's values before the merge.
    field_choices = models.JSONField(default=dict)
    survivor_before = models.JSONField(default=dict)
    # [{"model": "app.model", "field": "person", "pk": "..."}] rows moved from merged to survivor.
    repointed = models.JSONField(default=list)
    aliases_added = models.JSONField(default=list)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.survivor_id}"

    @property
    def shown_repointed(self) -> list[dict]:
        """The moved rows a reviewer may be told about: not those of confidential kinds (protection cases)."""
        return [row for row in self.repointed if not confidential.is_confidential(row["model"])]


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class RunStage(models.TextChoices):
    READING = "reading", _("Reading the registry")
    TRAINING = "training", _("Training the model")
    COMPARING = "comparing", _("Comparing records")
    STORING = "storing", _("Filling the review queue")


class DuplicateRun(BaseModel):
    """A batch run of duplicate detection started from the review page (find_duplicates does the same)."""

    status = models.CharField(_("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    stage = models.CharField(_("stage"), max_length=10, choices=RunStage.choices, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    records = models.PositiveIntegerField(null=True, blank=True)
    pairs = models.PositiveIntegerField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"duplicate run {self.created_at:%Y-%m-%d %H:%M} ({self.status})"

    @property
    def is_busy(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)
