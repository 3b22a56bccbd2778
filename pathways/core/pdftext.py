"""PDFs whose text extracts as written: searching or copying a Lao word finds that word.

WeasyPrint writes a font's ToUnicode table (what readers extract) from the first cluster each glyph is drawn
in, and gives a cluster of several glyphs all its text on the last glyph. Noto Sans Lao draws ຳ after a tone
mark (ນ້ຳ, ຄ່ຳ) as a cluster of nikhahit, tone and aa glyphs: the aa glyph is then mapped to "້ຳ", and every
later plain າ of the document extracts as "້ຳ" (ສາ read as ສ້ຳ, ຄ່ຳ as ຄ້ຳ). `fix_text_extraction` maps each
glyph that the font's own cmap gives a character to that character instead; glyphs with none (ligatures)
keep WeasyPrint's mapping, and the glyph drawn just before one that ends a cluster takes the rest of its
text. ຳ has a glyph of its own and extracts as one character; after a tone mark, where the font draws it as
nikhahit and aa around the tone, it extracts as NFKD's letters (ນ້ໍາ for ນ້ຳ, which NFKC-searching readers
match).
"""

import contextlib
import functools
import io
import unicodedata


@functools.lru_cache(maxsize=32)
def _characters_of_glyphs(font_file: bytes, index: int) -> dict[int, str]:
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(font_file), fontNumber=index, lazy=True)
    characters: dict[int, str] = {}
    for codepoint, name in sorted(font.getBestCmap().items()):
        characters.setdefault(font.getGlyphID(name), chr(codepoint))
    return characters


class _GlyphText(dict):
    """A font's ToUnicode map that takes a glyph's own character when the font's cmap has one."""

    def __init__(self, characters: dict[int, str]):
        super().__init__()
        self.characters = characters
        self.pending: list[int] = []  # glyphs of the cluster being drawn that were given no text
        self.claimed: list[str] = []  # characters its earlier glyphs stand for

    def __contains__(self, glyph_id) -> bool:
        # WeasyPrint maps a glyph the first time it is drawn; a glyph with a character of its own is seen
        # every time, so that each cluster it ends can hand the rest of its text to the glyphs before it.
        return glyph_id not in self.characters and super().__contains__(glyph_id)

    def __setitem__(self, glyph_id, text):
        own = self.characters.get(glyph_id)
        if own is not None and text == "":
            # Not the cluster's last glyph: it stands for its own character, which the last must not repeat.
            super().__setitem__(glyph_id, own)
            self.claimed.append(own)
        elif own is not None and unicodedata.normalize("NFKD", own) != unicodedata.normalize("NFKD", text):
            super().__setitem__(glyph_id, own)
            # The rest of the cluster in NFKD's letters, so that ຳ's nikhahit goes with the tone it is drawn
            # around, for the glyph drawn before this one that had no text.
            rest = _without(unicodedata.normalize("NFKD", text), [own, *self.claimed])
            if rest and self.pending:
                super().__setitem__(self.pending[-1], rest)
            self._cluster_done()
        elif own is None and text == "":
            super().__setitem__(glyph_id, text)
            self.pending.append(glyph_id)
        else:
            if own is None and self.claimed:
                text = _without(unicodedata.normalize("NFKD", text), self.claimed)
            super().__setitem__(glyph_id, text)  # a ligature keeps its letters ("fi", not "ﬁ")
            self._cluster_done()

    def _cluster_done(self) -> None:
        self.pending.clear()
        self.claimed.clear()


def _without(text: str, characters: list[str]) -> str:
    for character in characters:
        for letter in unicodedata.normalize("NFKD", character):
            text = text.replace(letter, "", 1)
    return text


@functools.cache
def fix_text_extraction() -> None:
    """Patch WeasyPrint's font objects once per process (see the module's docstring)."""
    from weasyprint.pdf import fonts

    original_init = fonts.Font.__init__

    def __init__(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        with contextlib.suppress(Exception):  # a font fontTools cannot read keeps WeasyPrint's own map
            self.to_unicode = _GlyphText(_characters_of_glyphs(bytes(self.file_content), self.index))

    fonts.Font.__init__ = __init__
