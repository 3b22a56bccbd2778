"""Names and titles kept as data in several languages (`title_lo`, `title_th`...), shown in the reader's."""

from django.utils.translation import get_language


def reader_language() -> str:
    return (get_language() or "en").split("-")[0]


def translated(obj, attr: str) -> str:
    """`obj.<attr>_<language>` for the reader's language when it is filled; else the English one (`<attr>_en`,
    or `<attr>` where English is the plain field)."""
    language = reader_language()
    if language != "en":
        value = getattr(obj, f"{attr}_{language}", "")
        if value:
            return value
    english = getattr(obj, f"{attr}_en", None)
    return english if english is not None else getattr(obj, attr)
