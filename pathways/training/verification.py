"""Public verification: what anyone may learn about a certificate, and nothing more.

Answers carry only the holder's name, the course or units, the date, the institution and the status, so
the public page and API cannot be used to look up anything else about a person.
"""

from dataclasses import asdict, dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from django.conf import settings
from django.urls import reverse

from pathways.training import selectors, signing
from pathways.training.models import Certificate


@dataclass(frozen=True)
class PublicAnswer:
    status: str  # valid, revoked or unknown
    number: str
    holder: str = ""
    course: str = ""
    course_lo: str = ""
    units: tuple[str, ...] = ()
    date: str = ""
    institution: str = ""
    institution_lo: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def _answer(certificate: Certificate) -> PublicAnswer:
    return PublicAnswer(
        status="revoked" if certificate.is_revoked else "valid",
        number=certificate.number,
        holder=certificate.holder_name,
        course=certificate.course.title_en,
        course_lo=certificate.course.title_lo,
        units=tuple(certificate.unit_codes),
        date=certificate.issued_on.isoformat(),
        institution=certificate.institution.name_en,
        institution_lo=certificate.institution.name_local,
    )


def by_number(number: str) -> PublicAnswer:
    certificate = selectors.certificate_public(number=number)
    if certificate is None:
        return PublicAnswer(status="unknown", number=number.strip().upper())
    return _answer(certificate)


def site_address() -> str:
    """The verification page as a person types it from the paper: pathways.example.org/verify/."""
    address = urlsplit(settings.PUBLIC_BASE_URL)
    return f"{address.netloc}{address.path}{reverse('verify')}"


def link_for(payload: str) -> str:
    """What the QR code holds: the public verification page with the signed payload in its query, so a phone
    camera opens the answer and an offline checker still finds the payload (the `code` parameter)."""
    return f"{settings.PUBLIC_BASE_URL}{reverse('verify')}?{urlencode({'code': payload})}"


def payload_from(text: str) -> str:
    """The signed payload from what a scanner read: the link a QR code holds, or the bare payload."""
    text = text.strip()
    if "://" in text and "?" in text:
        codes = parse_qs(urlsplit(text).query).get("code")
        if codes:
            return codes[0].strip()
    return text


def by_payload(payload: str) -> PublicAnswer:
    """Check the signature first (raises ValidationError when it fails), then the register for revocation."""
    payload = payload_from(payload)
    fields = signing.verify(payload)
    certificate = selectors.certificate_public(number=fields.number)
    # A genuine signature over a payload the register does not hold word for word is not ours to vouch for.
    if certificate is None or certificate.payload != payload.strip():
        return PublicAnswer(status="unknown", number=fields.number)
    return _answer(certificate)
