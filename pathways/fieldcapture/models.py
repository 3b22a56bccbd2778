"""Field capture: forms published to ODK Collect, KoboCollect and the browser, the keys devices sign in with,
and every submission received — accepted into the registry, or held with its reason until someone fixes it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.core.models import BaseModel


class FormVersion(BaseModel):
    """One published definition of a form. A changed definition is a new version; the old ones stay, so a
    phone that filled the old form still submits into it."""

    form_id = models.CharField(_("form"), max_length=64)
    number = models.PositiveIntegerField(_("version"))
    # SHA-256 of the definition (questions, their labels in every language, the fixed choice lists): the same
    # definition published twice is one version.
    digest = models.CharField(max_length=64)

    class Meta:
        ordering = ["form_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["form_id", "number"], name="form_version_number_once"),
            models.UniqueConstraint(fields=["form_id", "digest"], name="form_version_digest_once"),
        ]

    def __str__(self) -> str:
        return f"{self.form_id} v{self.number}"


class DeviceKey(BaseModel):
    """The password ODK Collect or KoboCollect signs in with (HTTP Basic over HTTPS), not the user's own:
    it is kept on the phone, so it opens only the form server and is revoked alone when a phone is lost. Only
    its SHA-256 is stored, as for API tokens."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="device_keys", verbose_name=_("user")
    )
    name = models.CharField(_("phone or tablet"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"


class SubmissionStatus(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    HELD = "held", _("Held for review")
    SET_ASIDE = "set_aside", _("Set aside")


class Via(models.TextChoices):
    COLLECT = "collect", _("ODK Collect or KoboCollect")
    BROWSER = "browser", _("Browser")


class Submission(BaseModel):
    """A filled form as it arrived, kept whatever became of it: accepted into records, held with its reason
    (invalid, or a likely duplicate to decide on), or set aside by a reviewer. Never deleted by the app."""

    instance_id = models.CharField(_("instance ID"), max_length=100, unique=True)
    form_id = models.CharField(_("form"), max_length=64)
    form_version = models.CharField(_("form version"), max_length=40)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("submitted by")
    )
    via = models.CharField(_("sent from"), max_length=10, choices=Via.choices, default=Via.COLLECT)
    # The instance exactly as received; a reviewer's corrections are kept apart, so nothing is lost.
    xml = models.TextField()
    corrected = models.JSONField(_("corrections"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=SubmissionStatus.choices)
    # Why it is held: [{"field": name in the form, "message": ...}], in the language of whoever read it last.
    problems = models.JSONField(default=list, blank=True)
    # Likely duplicates found on entry: {"<where in the form>": [person ids]}; decided by a reviewer.
    candidates = models.JSONField(default=dict, blank=True)
    # A reviewer's decisions on those: {"<where in the form>": "new" or a person id}.
    decisions = models.JSONField(default=dict, blank=True)
    # What the submission became: {"person": id, "return": id, ...}.
    records = models.JSONField(default=dict, blank=True)
    # The person it is about (the first one named), so that only those who may see them see it.
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="submission_status_idx")]

    def __str__(self) -> str:
        return f"{self.form_id} {self.instance_id}"


class Attachment(BaseModel):
    """A file sent with a submission (a photo of a signed attendance sheet): served only through a view that
    checks who may see the submission, never as public media."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    file = models.FileField(upload_to="fieldcapture/%Y/%m/")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "name"], name="attachment_name_once_per_submission")
        ]

    def __str__(self) -> str:
        return self.name
