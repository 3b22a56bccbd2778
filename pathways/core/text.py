"""Line breaks in Lao and Thai text, which is written without spaces between words."""

import re

import icu

ZERO_WIDTH_SPACE = "\u200b"
# Lao (U+0E80–U+0EFF) and Thai (U+0E00–U+0E7F): scripts whose words are found by a dictionary, not by spaces.
_DICTIONARY_SCRIPTS = re.compile("[\u0e00-\u0eff]")


def breakable(text: str) -> str:
    """`text` with a zero-width space wherever ICU's dictionary allows a line to break inside a run of Lao or
    Thai, so that renderers without such a dictionary (WeasyPrint's Pango, for the PDF reports) can wrap a
    long label instead of running it into what stands beside it. Other text is returned unchanged."""
    if not _DICTIONARY_SCRIPTS.search(text):
        return text
    # ICU counts in UTF-16 code units: slice its own string, not the Python one.
    units = icu.UnicodeString(text)
    breaks = icu.BreakIterator.createLineInstance(icu.Locale("lo"))
    breaks.setText(units)
    pieces, start = [], 0
    for end in breaks:
        pieces.append(str(units[start:end]))
        start = end
    # No zero-width space where the text already has a space or other break.
    out = pieces[:1]
    for piece in pieces[1:]:
        out.append(piece if out[-1][-1:].isspace() else ZERO_WIDTH_SPACE + piece)
    return "".join(out)
