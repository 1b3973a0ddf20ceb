"""Charts as inline SVG, drawn at build time: no script, no library, nothing fetched."""

from __future__ import annotations

from collections.abc import Sequence

from ..settings import suppressed
from .markdown import inert, number

WIDTH, HEIGHT, PAD, LABEL = 640, 220, 28, 130


def bar_chart(title: str, bars: Sequence[tuple[str, float]]) -> str:
    """Vertical bars (e.g. hours per month), as one raw HTML block."""
    if not bars:
        return ""
    top = max((v for _, v in bars), default=0) or 1
    step = (WIDTH - 2 * PAD) / len(bars)
    parts = []
    for i, (label, value) in enumerate(bars):
        height = (HEIGHT - 3 * PAD) * value / top
        x, y = PAD + i * step, HEIGHT - 2 * PAD - height
        parts.append(
            f'<g><title>{inert(label)}: {number(value)}</title>'
            f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{step - 4:.1f}" height="{height:.1f}"/>'
            f'<text x="{x + step / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">'
            f"{number(value)}</text>"
            f'<text x="{x + step / 2:.1f}" y="{HEIGHT - PAD - 8:.1f}" text-anchor="middle">'
            f"{inert(label)}</text></g>")
    return _svg(title, WIDTH, HEIGHT, parts)


def hbar_chart(title: str, bars: Sequence[tuple[str, float]], hide_below: int = 0) -> str:
    """Horizontal bars with a label each (topics, types, languages). A count from 1 up to
    `hide_below` (exclusive; the public site's min_count) is drawn at that size and labelled
    "<N": neither its text nor its length tells the true number."""
    if not bars:
        return ""
    shown = [(label, *_hidden(value, hide_below)) for label, value in bars]
    top = max((v for _, v, _ in shown), default=0) or 1
    row = 22
    height = PAD + row * len(bars)
    parts = []
    for i, (label, value, text) in enumerate(shown):
        y = PAD / 2 + i * row
        length = (WIDTH - LABEL - 2 * PAD) * value / top
        parts.append(
            f'<g><title>{inert(label)}: {text}</title>'
            f'<text x="{LABEL - 6}" y="{y + 14:.1f}" text-anchor="end">{inert(label)}</text>'
            f'<rect x="{LABEL}" y="{y + 3:.1f}" width="{length:.1f}" height="{row - 6}"/>'
            f'<text x="{LABEL + length + 4:.1f}" y="{y + 14:.1f}">{text}</text></g>')
    return _svg(title, WIDTH, height, parts)


def _hidden(value: float, hide_below: int) -> tuple[float, str]:
    """(the size to draw, the text to show) of one bar."""
    if suppressed(value, hide_below):
        return float(hide_below), inert(f"<{hide_below}")
    return value, number(value)


def _svg(title: str, width: int, height: int, parts: list[str]) -> str:
    return (f'<div class="ml-chart"><svg role="img" viewBox="0 0 {width} {height}">'
            f'<title>{inert(title)}</title>'
            + "".join(parts) + "</svg></div>")
