"""A tiny server-side SVG chart kit (bar, stacked bar, line): the same SVG goes in the page and the PDF.

No JavaScript, no fonts embedded: text is real text in the page's font stack, so Lao labels are shaped by the
browser or by WeasyPrint (HarfBuzz) like the rest of the document.
"""

from dataclasses import dataclass
from html import escape

FONT = "'Noto Sans Lao', 'Noto Sans Thai', 'Noto Sans', sans-serif"
PALETTE = ["#0b5cab", "#e07b00", "#2e8540", "#8e44ad", "#7f8c8d", "#c0392b"]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    text: str  # what is printed at the end of the bar ("<5" when withheld)
    href: str = ""


def _svg(width: int, height: int, body: list[str], title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(title)}" font-family="{FONT}" font-size="12">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _link(svg: str, href: str) -> str:
    return f'<a href="{escape(href)}">{svg}</a>' if href else svg


def _row(label: str, svg: str) -> str:
    return f'<tr><th scope="row">{escape(label)}</th><td>{svg}</td></tr>'


def _table(title: str, rows: list[str], legend: str = "") -> str:
    return (
        f'<figure class="chart"><table class="chart-rows" aria-label="{escape(title)}">'
        f"{''.join(rows)}</table>"
        f"{legend}</figure>"
    )


def bar_chart(bars: list[Bar], *, title: str, width: int = 340, limit=None) -> str:
    """Horizontal bars, one small SVG per row; `limit` draws a dashed target line through every row.

    Labels are HTML, not SVG text: WeasyPrint lays SVG text out letter by letter, which breaks Lao
    vowel and tone marks, while HTML text is shaped by HarfBuzz in both the browser and the PDF.
    """
    height = 18
    top = max([b.value or 0 for b in bars] + [limit or 0, 1])
    plot = width - 110
    rows = []
    for bar in bars:
        w = round(plot * (bar.value or 0) / top, 1)
        body = [_link(f'<rect x="0" y="3" width="{w}" height="{height - 6}" fill="{PALETTE[0]}"/>', bar.href)]
        body.append(f'<text x="{w + 4}" y="{height - 5}">{escape(bar.text)}</text>')
        if limit:
            x = round(plot * limit / top, 1)
            body.append(
                f'<line x1="{x}" x2="{x}" y1="0" y2="{height}" stroke="#b42318" stroke-dasharray="3 2"/>'
            )
        rows.append(_row(bar.label, _svg(width, height, body, f"{bar.label}: {bar.text}")))
    return _table(title, rows)


def stacked_bar_chart(
    categories: list[str], series: list[tuple[str, list[float]]], *, title: str, width: int = 340
) -> str:
    """Horizontal stacked bars, one per category, one colour per series, with an HTML legend."""
    height = 18
    totals = [sum(values[i] or 0 for _name, values in series) for i in range(len(categories))]
    top = max([*totals, 1])
    plot = width - 60
    rows = []
    for i, category in enumerate(categories):
        x = 0.0
        body = []
        for s, (_name, values) in enumerate(series):
            w = round(plot * (values[i] or 0) / top, 1)
            colour = PALETTE[s % len(PALETTE)]
            body.append(f'<rect x="{x}" y="3" width="{w}" height="{height - 6}" fill="{colour}"/>')
            x += w
        body.append(f'<text x="{x + 4}" y="{height - 5}">{totals[i]:,.0f}</text>')
        rows.append(_row(category, _svg(width, height, body, category)))
    legend = "".join(
        f'<span class="key"><svg width="10" height="10"><rect width="10" height="10" '
        f'fill="{PALETTE[s % len(PALETTE)]}"/></svg> {escape(name)}</span>'
        for s, (name, _values) in enumerate(series)
    )
    return _table(title, rows, f'<figcaption class="legend">{legend}</figcaption>')


def _polyline(colour: str, points: list[str]) -> str:
    return f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(points)}"/>'


def line_chart(
    x_labels: list[str], series: list[tuple[str, list[float | None]]], *, title: str, width=520, height=200
) -> str:
    """Lines over periods; missing points (withheld or not yet reported) break the line.

    Only Latin text (period labels, indicator codes) goes in the SVG; see bar_chart for why.
    """
    left, right, top_pad, bottom = 50, 20, 10, 40
    values = [v for _n, vs in series for v in vs if v is not None]
    top = max([*values, 1])
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    step = plot_w / max(len(x_labels) - 1, 1)
    body = [
        f'<line x1="{left}" x2="{left}" y1="{top_pad}" y2="{top_pad + plot_h}" stroke="#aab4c0"/>',
        f'<line x1="{left}" x2="{width - right}" y1="{top_pad + plot_h}" y2="{top_pad + plot_h}" '
        'stroke="#aab4c0"/>',
        f'<text x="{left - 4}" y="{top_pad + 10}" text-anchor="end">{top:,.0f}</text>',
        f'<text x="{left - 4}" y="{top_pad + plot_h}" text-anchor="end">0</text>',
    ]
    for i, label in enumerate(x_labels):
        body.append(
            f'<text x="{left + i * step:.1f}" y="{top_pad + plot_h + 16}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
    for s, (_name, vs) in enumerate(series):
        colour = PALETTE[s % len(PALETTE)]
        points: list[str] = []
        for i, v in enumerate(vs):
            if v is None:
                if len(points) > 1:
                    body.append(_polyline(colour, points))
                points = []
                continue
            x, y = left + i * step, top_pad + plot_h - plot_h * v / top
            points.append(f"{x:.1f},{y:.1f}")
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
        if len(points) > 1:
            body.append(_polyline(colour, points))
    x = left
    for s, (name, _vs) in enumerate(series):
        body.append(
            f'<rect x="{x}" y="{height - 12}" width="10" height="10" fill="{PALETTE[s % len(PALETTE)]}"/>'
        )
        body.append(f'<text x="{x + 14}" y="{height - 3}">{escape(name)}</text>')
        x += 14 + 7 * len(name) + 16
    return _svg(width, height, body, title)
