"""Public verification: what anyone may learn about a certificate, and nothing more.

Answers carry only the holder's name, the course or units, the date, the institution and the status, so
the public page and API cannot be used to look up anything else about a person. The holder's name is given
to whoever holds the signed code (it is printed in it) or, looking up by number, also knows the holder's
date of birth; look-ups by number are counted per client, so the register cannot be walked.
"""

import datetime
from dataclasses import asdict, dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from pathways.core.throttle import Throttle
from pathways.training import selectors, signing
from pathways.training.models import Certificate

# An employer checking applicants' papers looks up a few numbers; walking the register takes thousands.
NUMBER_LOOKUPS = Throttle("certificate-number-lookup", limit=20, seconds=10 * 60)


class TooManyLookups(Exception):
    """This client looked up too many certificates by number; the message says what to do."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Too many look-ups by number from this address. Wait 10 minutes, or scan the QR code on "
                "the certificate, which is checked at once."
            )
        )
        self.retry_after = NUMBER_LOOKUPS.seconds


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
    # False when a number was looked up without the holder's date of birth (or with another date).
    holder_shown: bool = False

    def as_dict(self) -> dict:
        return asdict(self)


def _answer(certificate: Certificate, *, holder_shown: bool) -> PublicAnswer:
    return PublicAnswer(
        status="revoked" if certificate.is_revoked else "valid",
        number=certificate.number,
        holder=certificate.holder_name if holder_shown else "",
        holder_shown=holder_shown,
        course=certificate.course.title_en,
        course_lo=certificate.course.title_lo,
        units=tuple(certificate.unit_codes),
        date=certificate.issued_on.isoformat(),
        institution=certificate.institution.name_en,
        institution_lo=certificate.institution.name_local,
    )


def by_number(number: str, *, client: str, birth_date: datetime.date | None = None) -> PublicAnswer:
    """The certificate with this number, its holder named only if `birth_date` is the holder's; raises
    TooManyLookups when `client` (its address) has looked up too many numbers lately."""
    if NUMBER_LOOKUPS.exceeded(client):
        raise TooManyLookups
    NUMBER_LOOKUPS.count(client)
    certificate = selectors.certificate_public(number=number)
    if certificate is None:
        return PublicAnswer(status="unknown", number=selectors.certificate_number_typed(number))
    known = certificate.person.birth_date
    return _answer(certificate, holder_shown=birth_date is not None and birth_date == known)


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
    # The signed code names the holder already: whoever holds it may read the name back.
    return _answer(certificate, holder_shown=True)
