"""What a PDF reader extracts from our Lao PDFs is what was written (issue 21 item 9)."""

import shutil
import subprocess

import pytest

from pathways.core.pdftext import fix_text_extraction

pytestmark = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed"
)


def extracted(html: str, tmp_path) -> list[str]:
    from weasyprint import HTML

    fix_text_extraction()
    path = tmp_path / "t.pdf"
    path.write_bytes(HTML(string=html).write_pdf())
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout.split()


def test_am_after_a_tone_mark_no_longer_corrupts_every_later_aa(tmp_path):
    html = (
        "<html lang='lo'><body style=\"font-family:'Noto Sans Lao'\">ນ້ຳ ສາ ຈຳນວນ ຄ່ຳ Certificate</body></html>"
    )

    words = extracted(html, tmp_path)

    # Unpatched, WeasyPrint wrote ສາ as ສ້ຳ and ຄ່ຳ as ຄ້ຳ: the aa glyph took the text of ນ້ຳ's cluster.
    assert words[1:3] == ["ສາ", "ຈຳນວນ"]
    assert "\u0eb3" in words[2]  # ຳ without a tone is one character, as typed
    # After a tone mark the font draws ຳ as nikhahit and aa around the tone; they extract as NFKD's letters.
    assert words[4] == "Certificate"  # the "fi" ligature keeps its letters
    assert words[0] == "ນ\u0ec9\u0ecd\u0eb2" and words[3] == "ຄ\u0ec8\u0ecd\u0eb2"  # NFKD's ນ້ຳ and ຄ່ຳ
