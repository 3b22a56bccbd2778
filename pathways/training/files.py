"""Checks on uploaded evidence: a type we can open safely and a size a 3G connection can carry."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024
# Extension -> (content type, the bytes such a file starts with). The extension alone is not trusted.
ALLOWED = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}


def evidence_check(upload, *, field: str = "file") -> str:
    """Return the content type of an acceptable upload, or raise ValidationError naming the field."""
    if upload is None:
        raise ValidationError({field: _("Choose a file to upload.")})
    name = getattr(upload, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED:
        raise ValidationError(
            {field: _("Upload a PDF, JPEG or PNG file (this one is %(ext)s).") % {"ext": extension or "?"}}
        )
    size = upload.size or 0
    if size == 0:
        raise ValidationError({field: _("The file is empty.")})
    if size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            {
                field: _("The file is %(size).1f MB; the limit is %(max)d MB. Scan at a lower resolution.")
                % {"size": size / 1024 / 1024, "max": MAX_EVIDENCE_BYTES // 1024 // 1024}
            }
        )
    content_type, magics = ALLOWED[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in magics):
        raise ValidationError(
            {
                field: _("The file is named .%(ext)s but its content is not a %(ext)s file.")
                % {"ext": extension}
            }
        )
    return content_type
