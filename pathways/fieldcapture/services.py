"""Every write of field capture: publishing form versions, device keys, and receiving and reviewing
submissions. A submission is stored before anything else happens to it and is never dropped."""

import hashlib
import secrets
import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.core import audit
from pathways.fieldcapture import handlers, instances
from pathways.fieldcapture.models import (
    Attachment,
    DeviceKey,
    FormVersion,
    Submission,
    SubmissionStatus,
    Via,
)
from pathways.fieldcapture.selectors import may_review, require_form, require_reviewer
from pathways.fieldcapture.xlsforms import base
from pathways.fieldcapture.xlsforms.definitions import FORMS

# Collect sends a photo at the size the form asks; a few megabytes is a photo, far more is not.
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


# Form versions


def form_version_current(*, form_id: str) -> FormVersion:
    """The version of the form as the code defines it now, published (numbered) the first time it is asked
    for: a definition that changed gets the next number; the earlier versions stay."""
    digest = base.definition_digest(FORMS[form_id])
    found = FormVersion.objects.filter(form_id=form_id, digest=digest).first()
    if found:
        return found
    latest = FormVersion.objects.filter(form_id=form_id).order_by("-number").first()
    try:
        with transaction.atomic():
            return FormVersion.objects.create(
                form_id=form_id, digest=digest, number=(latest.number + 1) if latest else 1
            )
    except IntegrityError:  # published at the same moment by another request
        return FormVersion.objects.get(form_id=form_id, digest=digest)


@dataclass(frozen=True)
class Published:
    form_id: str
    title: str
    version: str  # "3.1a2b3c4d": the definition's number, then the user's choice lists' digest
    xml: str
    md5: str


def form_for(*, actor, form_id: str, language: str) -> Published:
    """The form as this user downloads it: the current definition with the choices of their scope. The
    version names both, so Collect sees a new version when either changed."""
    spec = FORMS[form_id]
    require_form(actor, spec)
    number = form_version_current(form_id=form_id).number
    scoped = base._choice_rows(spec.scoped_choices(actor))
    version = f"{number}.{base.choices_digest(scoped)[:8]}"
    xml = base.to_xform(base.workbook(spec, scoped=scoped, version=version, language=language))
    with base.translation.override(language):
        title = str(spec.title)
    return Published(form_id, title, version, xml, hashlib.md5(xml.encode()).hexdigest())


def definition_number(version: str) -> int | None:
    head = version.split(".", 1)[0]
    return int(head) if head.isdigit() else None


# Device keys


@transaction.atomic
def device_key_issue(*, actor, name: str = "") -> str:
    """A new key for ODK Collect or KoboCollect on one phone; its clear text is shown once, never stored."""
    key = secrets.token_urlsafe(24)
    device = DeviceKey.objects.create(
        user=actor, name=name.strip()[:100], key_hash=_hash(key), prefix=key[:8]
    )
    audit.record(actor=actor, action="device_key.issue", obj=device)
    return key


@transaction.atomic
def device_key_revoke(*, actor, device: DeviceKey) -> DeviceKey:
    """Revoke a phone's key (lost, handed over): the phone can no longer download forms or submit."""
    if device.user_id != actor.pk and not may_review(actor):
        raise PermissionDenied(_("Only its owner or an officer may revoke a device key."))
    if device.revoked_at is None:
        device.revoked_at = timezone.now()
        device.save(update_fields=["revoked_at", "updated_at"])
        audit.record(actor=actor, action="device_key.revoke", obj=device, changed_fields=["revoked_at"])
    return device


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def device_authenticate(*, username: str, key: str):
    """The active user whose unrevoked device key this is, or None."""
    device = (
        DeviceKey.objects.select_related("user")
        .filter(key_hash=_hash(key), revoked_at__isnull=True, user__is_active=True, user__username=username)
        .first()
    )
    if device is None:
        return None
    now = timezone.now()
    if device.last_used_at is None or (now - device.last_used_at).total_seconds() > 60:
        DeviceKey.objects.filter(pk=device.pk).update(last_used_at=now)
    return device.user


# Submissions


@dataclass(frozen=True)
class Received:
    submission: Submission
    created: bool  # False: this instance had already been received; nothing changed


def _repeats_of(form_id: str):
    spec = FORMS.get(form_id)
    return spec.repeats if spec else None


def _problems(error: ValidationError | PermissionDenied) -> list[dict]:
    if isinstance(error, PermissionDenied):
        return [{"field": "", "message": str(error)}]
    if hasattr(error, "error_dict"):
        return [
            {"field": "" if key == "__all__" else key, "message": message}
            for key, errors in error.error_dict.items()
            for message in ValidationError(errors).messages
        ]
    return [{"field": "", "message": message} for message in error.messages]


def _process(submission: Submission, values: dict, *, actor) -> None:
    """Run the form's handler in a savepoint: every record is written, or none and the submission is held."""
    number = definition_number(submission.form_version)
    ctx = handlers.Context(
        actor=actor,
        # The privacy notice's version is the form's: short, the consent record keeps 20 characters.
        form_label=f"{submission.form_id.removeprefix('pw_')} v{number or submission.form_version}"[:20],
        decisions=submission.decisions,
    )
    try:
        with transaction.atomic():
            handlers.run(ctx, submission.form_id, instances.corrected(values, submission.corrected))
    except handlers.Held as held:
        submission.status, submission.candidates = SubmissionStatus.HELD, held.candidates
        submission.problems = [
            {"field": key, "message": _("This person may already be registered: decide before it goes in.")}
            for key in held.candidates
        ]
        return
    except (ValidationError, PermissionDenied) as error:
        submission.status, submission.problems = SubmissionStatus.HELD, _problems(error)
        return
    submission.status, submission.problems, submission.candidates = SubmissionStatus.ACCEPTED, [], {}
    submission.records, submission.person = ctx.records, ctx.person


@transaction.atomic
def submission_receive(
    *, actor, xml: bytes, files: dict[str, tuple[bytes, str]], via: str = Via.COLLECT
) -> Received:
    """Receive a filled form (OpenRosa or the browser): keep it, then make it records through the services.

    The same instance ID twice changes nothing (the phone resends what it is not sure went in); attachments
    that came in a later part (Collect splits large submissions) are added. A submission the services refuse,
    or that names a likely duplicate, is kept as held with its reasons, for a reviewer."""
    instance = instances.parse(xml, repeats_of=_repeats_of)
    require_form(actor, FORMS[instance.form_id])
    text = xml.decode("utf-8", errors="replace")
    existing = Submission.objects.select_for_update().filter(instance_id=instance.instance_id).first()
    if existing is not None:
        return _resubmitted(existing, actor=actor, text=text, files=files)
    submission = Submission(
        instance_id=instance.instance_id,
        form_id=instance.form_id,
        form_version=instance.version[:40],
        submitted_by=actor,
        via=via,
        xml=text,
        status=SubmissionStatus.HELD,
    )
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError:  # the same instance arriving at the same moment on another connection
        existing = Submission.objects.select_for_update().get(instance_id=instance.instance_id)
        return _resubmitted(existing, actor=actor, text=text, files=files)
    _attach(submission, files)
    _process(submission, instance.values, actor=actor)
    submission.save()
    audit.record(
        actor=actor,
        action="field_submission.receive",
        obj=submission,
        person_id=submission.person_id,
        changed_fields=["status"],
    )
    return Received(submission, created=True)


class Conflict(Exception):
    """Another instance under an instance ID already received: refused, the first one stands."""


def _resubmitted(existing: Submission, *, actor, text: str, files: dict) -> Received:
    if existing.submitted_by_id != actor.pk or existing.xml != text:
        raise Conflict(_("A different submission with this instance ID was already received."))
    _attach(existing, files)
    return Received(existing, created=False)


def _attach(submission: Submission, files: dict[str, tuple[bytes, str]]) -> None:
    have = set(submission.attachments.values_list("name", flat=True))
    for name, (content, content_type) in files.items():
        if name in have:
            continue
        if len(content) > MAX_ATTACHMENT_BYTES:
            raise ValidationError({name: _("%(name)s is larger than 10 MB.") % {"name": name}})
        attachment = Attachment(
            submission=submission, name=name[:255], content_type=content_type[:100], size=len(content)
        )
        # Stored under a name of our own: a phone's file name is not trusted as a path.
        attachment.file.save(f"{uuid.uuid4().hex}.bin", ContentFile(content), save=False)
        attachment.save()


def submission_check(*, submission: Submission) -> list[dict]:
    """What would stop a held submission now, in the reader's language: the handler runs as its sender
    and everything is rolled back."""
    values = instances.parse(submission.xml.encode(), repeats_of=_repeats_of).values
    probe = Submission(
        form_id=submission.form_id,
        form_version=submission.form_version,
        corrected=submission.corrected,
        decisions=submission.decisions,
    )
    with transaction.atomic():
        _process(probe, values, actor=submission.submitted_by)
        transaction.set_rollback(True)
    return probe.problems


def _require_reviewer(actor, submission: Submission) -> None:
    require_reviewer(actor)
    if submission.status == SubmissionStatus.ACCEPTED:
        raise ValidationError(_("This submission was already accepted."))


@transaction.atomic
def submission_accept(
    *, actor, submission: Submission, corrections: dict[str, str], decisions: dict[str, str], note: str = ""
) -> Submission:
    """A reviewer's corrections and duplicate decisions, then the submission goes through the services again,
    as its sender. Still refused: it stays held with the new reasons (nothing half-saved)."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _require_reviewer(actor, submission)
    values = instances.parse(submission.xml.encode(), repeats_of=_repeats_of).values
    submission.corrected = {**submission.corrected, **{k: v for k, v in corrections.items()}}
    submission.decisions = {**submission.decisions, **decisions}
    _process(submission, values, actor=submission.submitted_by)
    submission.reviewed_by, submission.reviewed_at = actor, timezone.now()
    submission.review_note = note.strip() or submission.review_note
    submission.save()
    if submission.status == SubmissionStatus.ACCEPTED:
        audit.record(
            actor=actor,
            action="field_submission.accept",
            obj=submission,
            person_id=submission.person_id,
            changed_fields=sorted(
                {"status", *(["corrected"] if corrections else []), *(["decisions"] if decisions else [])}
            ),
        )
    return submission


@transaction.atomic
def submission_set_aside(*, actor, submission: Submission, note: str) -> Submission:
    """Keep a held submission out of the records (a test, a form filled twice), with the reason; it stays."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _require_reviewer(actor, submission)
    if not note.strip():
        raise ValidationError({"note": _("Say why the submission is set aside.")})
    submission.status, submission.review_note = SubmissionStatus.SET_ASIDE, note.strip()
    submission.reviewed_by, submission.reviewed_at = actor, timezone.now()
    submission.save()
    audit.record(actor=actor, action="field_submission.set_aside", obj=submission, changed_fields=["status"])
    return submission
