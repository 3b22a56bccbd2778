"""Public verification: what anyone may learn about a certificate, and nothing more.

Answers carry only the holder's name, the course or units, the date, the institution and the status, so
the public page and API cannot be used to look up anything else about a person.
"""

from dataclasses import asdict, dataclass

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


def by_payload(payload: str) -> PublicAnswer:
    """Check the signature first (raises ValidationError when it fails), then the register for revocation."""
    fields = signing.verify(payload)
    certificate = selectors.certificate_public(number=fields.number)
    # A genuine signature over a payload the register does not hold word for word is not ours to vouch for.
    if certificate is None or certificate.payload != payload.strip():
        return PublicAnswer(status="unknown", number=fields.number)
    return _answer(certificate)
