"""Small charts as inline SVG: no library, no script, readable offline and when printed."""

from __future__ import annotations

from html import escape

# Okabe–Ito colours, safe for colour-blind readers; every bar is labelled with its value too.
_GOOD, _MID, _BAD, _INK, _GRID = "#0072b2", "#e69f00", "#d55e00", "#222", "#ddd"


def _color(rate: float) -> str:
    return _GOOD if rate >= 0.8 else _MID if rate >= 0.5 else _BAD


def bars(rows: list[tuple[str, float]], title: str, width: int = 640) -> str:
    """Horizontal bars of shares (0..1), one per labelled row, coloured by how good the share is."""
    row_h, label_w, pad = 26, 290, 8
    height = pad * 2 + row_h * max(1, len(rows)) + 20
    plot_w = width - label_w - 60
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
             f'width="100%" style="max-width:{width}px" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>"]
    for tick in (0, 0.5, 1):
        x = label_w + plot_w * tick
        parts.append(f'<line x1="{x:.1f}" y1="{pad}" x2="{x:.1f}" y2="{height - 20}" stroke="{_GRID}"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - 6}" font-size="11" text-anchor="middle" '
                     f'fill="{_INK}">{int(tick * 100)}%</text>')
    for index, (label, rate) in enumerate(rows):
        y = pad + index * row_h
        shown = label if len(label) <= 42 else label[:41] + "…"
        parts.append(f'<text x="{label_w - 6}" y="{y + 17}" font-size="12" text-anchor="end" '
                     f'fill="{_INK}">{escape(shown)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 4}" width="{max(plot_w * rate, 1):.1f}" height="{row_h - 8}" '
                     f'fill="{_color(rate)}"><title>{escape(label)}: {rate:.0%}</title></rect>')
        parts.append(f'<text x="{label_w + plot_w * rate + 4:.1f}" y="{y + 17}" font-size="12" '
                     f'fill="{_INK}">{rate:.0%}</text>')
    parts.append("</svg>")
    return "".join(parts)


def histogram(values: list[float], title: str, bins: int = 10, width: int = 640, height: int = 220) -> str:
    """How many values (shares 0..1) fall in each tenth: the spread of the class's scores."""
    counts = [0] * bins
    for value in values:
        counts[min(bins - 1, max(0, int(value * bins)))] += 1
    top = max(counts) or 1
    left, bottom, pad = 36, 30, 10
    plot_w, plot_h = width - left - pad, height - bottom - pad
    step = plot_w / bins
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
             f'width="100%" style="max-width:{width}px" aria-label="{escape(title)}">',
             f"<title>{escape(title)}</title>",
             f'<line x1="{left}" y1="{pad + plot_h}" x2="{width - pad}" y2="{pad + plot_h}" stroke="{_INK}"/>']
    for index, count in enumerate(counts):
        bar_h = plot_h * count / top
        x = left + index * step
        low, high = index * 100 // bins, (index + 1) * 100 // bins
        parts.append(f'<rect x="{x + 2:.1f}" y="{pad + plot_h - bar_h:.1f}" width="{step - 4:.1f}" '
                     f'height="{bar_h:.1f}" fill="{_color((index + 0.5) / bins)}">'
                     f"<title>{low}–{high}%: {count}</title></rect>")
        if count:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{pad + plot_h - bar_h - 3:.1f}" font-size="11" '
                         f'text-anchor="middle" fill="{_INK}">{count}</text>')
        parts.append(f'<text x="{x + step / 2:.1f}" y="{height - 12}" font-size="10" text-anchor="middle" '
                     f'fill="{_INK}">{low}–{high}%</text>')
    parts.append("</svg>")
    return "".join(parts)


def status_strip(counts: dict[str, int], colors: dict[str, str], labels: dict[str, str], width: int = 640) -> str:
    """One stacked bar: how many entries ended each way."""
    total = sum(counts.values()) or 1
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} 34" width="100%" '
             f'style="max-width:{width}px" aria-label="statuses">']
    x = 0.0
    for status, count in counts.items():
        if not count:
            continue
        w = width * count / total
        parts.append(f'<rect x="{x:.1f}" y="2" width="{w:.1f}" height="30" fill="{colors.get(status, "#999")}">'
                     f"<title>{escape(labels.get(status, status))}: {count}</title></rect>")
        if w > 40:
            parts.append(f'<text x="{x + w / 2:.1f}" y="22" font-size="12" text-anchor="middle" fill="#fff">'
                         f"{count}</text>")
        x += w
    parts.append("</svg>")
    return "".join(parts)
