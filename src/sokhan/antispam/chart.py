"""A stacked bar chart as SVG, drawn on the server: no script, no third party. Pure."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape

# Okabe and Ito's colours, told apart with any colour vision (their yellow left out: too
# pale on white); the second round of series is hatched one way, the third the other.
# Fourteen hues of the same few families (two blues, two reds) could not be told apart in a
# stack (moderators' review); and with two rounds the fifteenth reason took the first's
# black (another review).
PALETTE = ["#000000", "#e69f00", "#56b4e9", "#009e73", "#0072b2", "#d55e00", "#cc79a7"]
HATCHES = {"hatch": 45, "back": -45}  # pattern id prefix: the stripes' angle
FILLS = len(PALETTE) * (1 + len(HATCHES))  # series told apart; more take the first again


def fill(index: int, ids: str = "") -> str:
    """Series ``index``'s fill: a colour, then the same colours hatched, then hatched the
    other way (patterns whose ids begin with ``ids``)."""
    colour, round_ = index % len(PALETTE), (index // len(PALETTE)) % (1 + len(HATCHES))
    if round_ == 0:
        return PALETTE[colour]
    return f"url(#{ids}{list(HATCHES)[round_ - 1]}-{colour})"


def _hatches(ids: str) -> str:
    return "<defs>" + "".join(
        f'<pattern id="{ids}{name}-{n}" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate({angle})"><rect width="6" height="6" fill="#ffffff"/>'
        f'<rect width="3" height="6" fill="{colour}"/></pattern>'
        for name, angle in HATCHES.items() for n, colour in enumerate(PALETTE)) + "</defs>"


COLUMNS = 2  # of the legend: a column holds "CAPTCHA: changed or made-up token" at 11 px


def stacked_bars(labels: Sequence[str], series: Mapping[str, Sequence[int]], *,
                 title: str, width: int = 640, height: int = 240,
                 number: Callable[[int], str] = str, columns: int = COLUMNS,
                 label_every: int = 1, ids: str = "") -> str:
    """One bar per label, stacked by series; a legend below, in ``columns`` columns.
    Values are whole numbers, written by ``number`` (the page's digits: Persian ones on a
    Persian page). Every ``label_every``-th bar is labelled, counting back from the last
    (the newest day keeps its label). ``ids`` begins the ids of the chart's patterns: two
    charts on one page need different ones, or the second's hatches are the first's."""
    top = max([sum(values[i] for values in series.values()) for i in range(len(labels))]
              + [1])
    left, bottom, plot_h = 40, 40, height - 60
    slot = (width - left - 10) / max(len(labels), 1)
    # direction="ltr": the chart is laid out left to right; on a right-to-left (Persian)
    # admin page, a legend's text anchored at its start would run leftwards over its swatch.
    rows = (len(series) + columns - 1) // columns
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} '
             f'{height + 20 * rows}" width="100%" direction="ltr">',
             f"<title>{escape(title)}</title>", _hatches(ids),
             f'<text x="{left}" y="14" font-size="12">{number(top)}</text>',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" '
             f'y2="{height - bottom}" stroke="#888"/>']
    for i, label in enumerate(labels):
        y = height - bottom
        for j, (name, values) in enumerate(series.items()):
            h = values[i] / top * plot_h
            if h:
                x = left + i * slot + 2
                parts.append(f'<rect x="{x:.1f}" y="{y - h:.1f}" width="{slot - 4:.1f}" '
                             f'height="{h:.1f}" fill="{fill(j, ids)}">'
                             f"<title>{escape(label)} {escape(name)}: {number(values[i])}</title></rect>")
                y -= h
        if (len(labels) - 1 - i) % label_every == 0:
            parts.append(f'<text x="{left + i * slot + slot / 2:.1f}" '
                         f'y="{height - bottom + 14}" font-size="10" '
                         f'text-anchor="middle">{escape(label)}</text>')
    column = (width - left) // columns
    for j, name in enumerate(series):
        x, y = left + (j % columns) * column, height + 20 * (j // columns)
        # Isolated (FSI … PDI): a Persian name keeps its own order, brackets included,
        # inside the left-to-right chart.
        parts.append(f'<rect x="{x}" y="{y - 10}" width="10" height="10" '
                     f'fill="{fill(j, ids)}" stroke="#888"/>'
                     f'<text x="{x + 14}" y="{y}" font-size="11">\u2068{escape(name)}\u2069</text>')
    parts.append("</svg>")
    return "".join(parts)
