"""A tiny server-side chart kit (bar, stacked bar, line): the same HTML and SVG go in the page and the PDF.

No JavaScript, no fonts embedded: text is real text in the page's font stack, so Lao labels are shaped by the
browser or by WeasyPrint (HarfBuzz) like the rest of the document.

Bar charts are tables of three columns: the label and the value are HTML, and the bar between them is an SVG
whose shapes are sized in percent of its width. The bar takes whatever width the card leaves it, so a chart
never runs past its card, from a phone to a wide screen, and its text keeps the page's size.
"""

from dataclasses import dataclass
from html import escape

from pathways.core.text import breakable

FONT = "'Noto Sans Lao', 'Noto Sans Thai', 'Noto Sans', sans-serif"
# Ten colours that stay apart from each other, so up to ten lines of a trend never share one.
PALETTE = [
    "#0b5cab",
    "#e07b00",
    "#2e8540",
    "#8e44ad",
    "#7f8c8d",
    "#c0392b",
    "#0e9aa7",
    "#b8860b",
    "#d6589f",
    "#6d4c41",
]
BAR_HEIGHT = 18


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    text: str  # what is printed after the bar ("<5" when withheld)
    href: str = ""


def _svg(width: int | str, height: int, body: list[str], title: str, view_box: str = "") -> str:
    box = f' viewBox="{view_box}"' if view_box else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg"{box} width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(title)}" font-family="{FONT}" font-size="12">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _link(html: str, href: str) -> str:
    return f'<a href="{escape(href)}">{html}</a>' if href else html


def _percent(value: float, top: float) -> str:
    return f"{100 * value / top:.2f}%"


def _row(label: str, bar_svg: str, value: str) -> str:
    return (
        f'<tr><th scope="row">{escape(breakable(label))}</th><td class="bar">{bar_svg}</td>'
        f'<td class="value">{value}</td></tr>'
    )


def _table(title: str, rows: list[str], legend: str = "", empty: str = "") -> str:
    if not rows:
        return f'<figure class="chart"><p class="chart-empty">{escape(empty)}</p></figure>'
    return (
        f'<figure class="chart"><table class="chart-rows" aria-label="{escape(title)}">'
        f"{''.join(rows)}</table>"
        f"{legend}</figure>"
    )


def bar_chart(bars: list[Bar], *, title: str, limit=None, empty: str = "") -> str:
    """Horizontal bars, one row each; `limit` draws a dashed target line through every row; `empty` is said
    instead of a chart with no bars.

    Labels are HTML, not SVG text: WeasyPrint lays SVG text out letter by letter, which breaks Lao
    vowel and tone marks, while HTML text is shaped by HarfBuzz in both the browser and the PDF.
    """
    top = max([b.value or 0 for b in bars] + [limit or 0, 1])
    rows = []
    for bar in bars:
        # The row's figure is the link: a link inside the bar (an image) had no name and was unreachable by
        # keyboard (axe: link-name, nested-interactive).
        body = [
            f'<rect x="0" y="3" width="{_percent(bar.value or 0, top)}" height="{BAR_HEIGHT - 6}" '
            f'fill="{PALETTE[0]}"/>'
        ]
        if limit:
            x = _percent(limit, top)
            body.append(
                f'<line x1="{x}" x2="{x}" y1="0" y2="{BAR_HEIGHT}" stroke="#b42318" stroke-dasharray="3 2"/>'
            )
        svg = _svg("100%", BAR_HEIGHT, body, f"{bar.label}: {bar.text}")
        rows.append(_row(bar.label, svg, _link(escape(bar.text), bar.href)))
    return _table(title, rows, empty=empty)


def _legend(names: list[str]) -> str:
    keys = "".join(
        f'<span class="key"><svg width="10" height="10"><rect width="10" height="10" '
        f'fill="{PALETTE[s % len(PALETTE)]}"/></svg> {escape(name)}</span>'
        for s, name in enumerate(names)
    )
    return f'<figcaption class="legend">{keys}</figcaption>'


def stacked_bar_chart(
    categories: list[str], series: list[tuple[str, list[float]]], *, title: str, empty: str = ""
) -> str:
    """Horizontal stacked bars, one per category, one colour per series, with an HTML legend."""
    totals = [sum(values[i] or 0 for _name, values in series) for i in range(len(categories))]
    top = max([*totals, 1])
    rows = []
    for i, category in enumerate(categories):
        x = 0.0
        body = []
        for s, (_name, values) in enumerate(series):
            colour = PALETTE[s % len(PALETTE)]
            body.append(
                f'<rect x="{_percent(x, top)}" y="3" width="{_percent(values[i] or 0, top)}" '
                f'height="{BAR_HEIGHT - 6}" fill="{colour}"/>'
            )
            x += values[i] or 0
        svg = _svg("100%", BAR_HEIGHT, body, category)
        rows.append(_row(category, svg, f"{totals[i]:,.0f}"))
    return _table(title, rows, _legend([name for name, _values in series]), empty=empty)


def _polyline(colour: str, points: list[str]) -> str:
    return f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(points)}"/>'


def line_chart(
    x_labels: list[str], series: list[tuple[str, list[float | None]]], *, title: str, width=400, height=180
) -> str:
    """Lines over periods with an HTML legend; missing points (withheld or not yet reported) break the line.

    The page's stylesheet scales the drawing to its card (it has a viewBox), so it is drawn small: 400 units
    wide, about the width of a card on a wide screen. Only Latin text (period labels, figures) goes in the
    SVG; see bar_chart for why.
    """
    left, right, top_pad, bottom = 46, 26, 10, 28
    values = [v for _n, vs in series for v in vs if v is not None]
    top = max([*values, 1])
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    step = plot_w / max(len(x_labels) - 1, 1)
    body = [
        f'<line x1="{left}" x2="{left}" y1="{top_pad}" y2="{top_pad + plot_h}" stroke="#aab4c0"/>',
        f'<line x1="{left}" x2="{width - right}" y1="{top_pad + plot_h}" y2="{top_pad + plot_h}" '
        'stroke="#aab4c0"/>',
        f'<text x="{left - 6}" y="{top_pad + 10}" text-anchor="end">{top:,.0f}</text>',
        f'<text x="{left - 6}" y="{top_pad + plot_h}" text-anchor="end">0</text>',
    ]
    for i, label in enumerate(x_labels):
        body.append(
            f'<text x="{left + i * step:.1f}" y="{top_pad + plot_h + 20}" text-anchor="middle">'
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
    drawing = _svg(width, height, body, title, view_box=f"0 0 {width} {height}")
    return f'<figure class="chart chart-line">{drawing}{_legend([name for name, _vs in series])}</figure>'
