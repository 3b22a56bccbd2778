"""Certificate PDFs in English and Lao (shaped by HarfBuzz through WeasyPrint) with the signed QR code."""

import base64
import io
from collections.abc import Iterable
from functools import lru_cache

import segno
from django.template.loader import render_to_string

from pathways.core.pdftext import fix_text_extraction
from pathways.training import verification
from pathways.training.models import Certificate, CompetencyUnit

STYLE = """
@page { size: A4 landscape; margin: 14mm; }
body { font-family: 'Noto Sans Lao', 'Noto Sans Thai', 'Noto Sans Khmer', 'Noto Sans Myanmar', 'Noto Sans',
       sans-serif; color: #1d2733; font-size: 10.5pt; margin: 0; }
.sheet { border: 3px double #0f2742; padding: 9mm 12mm; height: 174mm; box-sizing: border-box;
         position: relative; page-break-after: always; }
.sheet:last-child { page-break-after: auto; }
.org { font-size: 11pt; color: #5b6675; }
h1 { font-size: 24pt; margin: 3mm 0 0; color: #0f2742; }
h1.lo { font-size: 19pt; margin: 0 0 5mm; }
.holder { font-size: 21pt; font-weight: bold; margin: 2mm 0 0; }
.holder-lo { font-size: 17pt; margin: 0 0 4mm; }
.course { font-size: 14pt; font-weight: bold; margin: 2mm 0 0; }
.course-lo { font-size: 13pt; margin: 0 0 2mm; }
.units { font-size: 8.5pt; color: #333; margin: 2mm 0; padding-left: 5mm; width: 185mm; }
.units li { margin: 0.4mm 0; }
.meta { position: absolute; left: 12mm; bottom: 9mm; font-size: 9.5pt; }
.meta b { font-size: 11pt; }
.qr { position: absolute; right: 10mm; bottom: 8mm; text-align: center; font-size: 7pt; width: 48mm; }
.qr img { width: 44mm; height: 44mm; image-rendering: pixelated; }
.revoked { color: #b42318; font-weight: bold; font-size: 14pt; }
"""


def qr_svg(text: str) -> str:
    """The QR code as inline SVG, for web pages."""
    return segno.make(text, error="m", micro=False).svg_inline(scale=2, border=2)


def qr_png_data_uri(text: str) -> str:
    """The QR code as a PNG data URI, for PDFs: WeasyPrint draws an image about ten times faster than the
    same code as an SVG path (60 ms a certificate); `image-rendering: pixelated` keeps the modules sharp."""
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(buffer, kind="png", scale=4, border=2)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@lru_cache(maxsize=1)
def _fonts():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@lru_cache(maxsize=1)
def _stylesheet():
    from weasyprint import CSS

    return CSS(string=STYLE, font_config=_fonts())


def _context(certificate: Certificate, units_by_course: dict, qr: str | None = None) -> dict:
    units = [u for u in units_by_course.get(certificate.course_id, []) if u.code in certificate.unit_codes]
    return {
        "c": certificate,
        "units": units,
        "partial": certificate.rpl_application_id is not None
        and len(units) < len(units_by_course.get(certificate.course_id, [])),
        "rpl": certificate.rpl_application_id is not None,
        "qr": qr if qr is not None else qr_png_data_uri(verification.link_for(certificate.payload)),
        "site": verification.site_address(),
    }


def _units_for(certificates: list[Certificate]) -> dict:
    units: dict = {}
    for unit in CompetencyUnit.objects.filter(course_id__in={c.course_id for c in certificates}):
        units.setdefault(unit.course_id, []).append(unit)
    return units


def certificates_html(certificates: Iterable[Certificate]) -> str:
    certificates = list(certificates)
    units = _units_for(certificates)
    return render_to_string(
        "training/certificate_pdf.html", {"sheets": [_context(c, units) for c in certificates]}
    )


def certificates_pdf(certificates: Iterable[Certificate]) -> bytes:
    """One PDF with a page per certificate (one certificate gives a one-page PDF)."""
    from weasyprint import HTML

    fix_text_extraction()

    html = certificates_html(certificates)
    return HTML(string=html).write_pdf(stylesheets=[_stylesheet()], font_config=_fonts())


def certificate_pdf(certificate: Certificate) -> bytes:
    return certificates_pdf([certificate])


_QR_MARK = "__PATHWAYS_QR__"


def _render_one(job: tuple[str, str, str]) -> tuple[str, int]:
    path, html, link = job
    from weasyprint import HTML

    fix_text_extraction()

    data = HTML(string=html.replace(_QR_MARK, qr_png_data_uri(link))).write_pdf(
        stylesheets=[_stylesheet()], font_config=_fonts()
    )
    with open(path, "wb") as handle:
        handle.write(data)
    return path, len(data)


def _fresh_worker() -> None:
    # Font and style objects made in the parent hold Pango/fontconfig state that must not cross a fork.
    _fonts.cache_clear()
    _stylesheet.cache_clear()


def certificate_files_write(
    certificates: Iterable[Certificate], folder, *, workers: int | None = None
) -> list[str]:
    """Write one PDF per certificate into `folder` (named by number), on every core: a cohort's print run.

    The HTML is rendered here from data already loaded; the worker processes only draw the QR and lay out the
    PDF, so they never touch the database.
    """
    import multiprocessing
    import os
    from pathlib import Path

    from django.db import connections

    certificates = list(certificates)
    units = _units_for(certificates)
    jobs = []
    for c in certificates:
        context = _context(c, units, qr=_QR_MARK)
        html = render_to_string("training/certificate_pdf.html", {"sheets": [context]})
        jobs.append((str(Path(folder) / f"{c.number}.pdf"), html, verification.link_for(c.payload)))
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    if workers <= 1:
        return [_render_one(job)[0] for job in jobs]
    connections.close_all()
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_fresh_worker)
    try:
        return [path for path, _size in pool.imap(_render_one, jobs, chunksize=8)]
    finally:
        pool.close()
        pool.join()
