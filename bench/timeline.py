"""SVG concurrency timelines for the benchmark scripts: a lane per host or silo, a bar per item from queued (light)
through started to finished (solid), and the number in flight over time underneath. Stdlib only."""
import os
import re
from datetime import datetime
from html import escape

_FRACTION = re.compile(r"\.(\d+)")


def instant(text):
    """Seconds since the epoch of an ISO 8601 time as .NET writes it (up to 7 fractional digits)."""
    return datetime.fromisoformat(_FRACTION.sub(lambda m: "." + m.group(1)[:6].ljust(6, "0"), text)).timestamp()


def write_svg(path, title, items, width=900, lane_height=None):
    """ITEMS: (lane, queued, started, finished, ok) in seconds. Writes an SVG timeline to PATH."""
    # A path that is not an .svg in an existing folder is a caller's mistake (once, the points of the in-flight
    # polyline became a file name at the repository's root): refuse it rather than write a stray file.
    if not str(path).endswith(".svg") or not os.path.isdir(os.path.dirname(os.path.abspath(path))):
        raise ValueError(f"write_svg: {path!r} is not an .svg file in an existing folder")
    items = sorted(items, key=lambda i: (i[0], i[1]))
    lanes = sorted({i[0] for i in items})
    t0 = min(i[1] for i in items)
    t1 = max(i[3] for i in items)
    span = max(t1 - t0, 1e-6)
    left, right, top = 150, 20, 40
    plot = width - left - right
    # Each lane stacks its bars in rows so overlapping items stay visible.
    rows = {}
    placed = []
    for lane in lanes:
        ends = []
        for item in (i for i in items if i[0] == lane):
            row = next((r for r, end in enumerate(ends) if end <= item[1]), None)
            if row is None:
                row = len(ends)
                ends.append(0)
            ends[row] = item[3]
            placed.append((lane, row, item))
        rows[lane] = max(1, len(ends))
    bar = lane_height or max(2, min(10, int(360 / max(1, sum(rows.values())))))
    y = top
    lane_top = {}
    for lane in lanes:
        lane_top[lane] = y
        y += rows[lane] * bar + 8
    chart_top, chart_height = y + 10, 80
    height = chart_top + chart_height + 40

    def x(t):
        return left + (t - t0) / span * plot

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="10" y="20" font-size="13" font-weight="bold">{escape(title)}</text>']
    for k in range(6):
        t = span * k / 5
        out.append(f'<line x1="{x(t0 + t):.1f}" y1="{top - 5}" x2="{x(t0 + t):.1f}" y2="{chart_top + chart_height}" stroke="#eee"/>')
        out.append(f'<text x="{x(t0 + t):.1f}" y="{chart_top + chart_height + 15}" text-anchor="middle" fill="#555">{t * 1000:.0f} ms</text>')
    for lane in lanes:
        out.append(f'<text x="10" y="{lane_top[lane] + min(rows[lane] * bar, 12)}" fill="#333">{escape(str(lane))[:22]}</text>')
    for lane, row, (_, queued, started, finished, ok) in placed:
        top_y = lane_top[lane] + row * bar
        color = "#2e7d32" if ok else "#c62828"
        if started > queued:
            out.append(f'<rect x="{x(queued):.1f}" y="{top_y}" width="{max(0.5, x(started) - x(queued)):.1f}" height="{bar - 1}" fill="{color}" opacity="0.25"/>')
        out.append(f'<rect x="{x(started):.1f}" y="{top_y}" width="{max(0.5, x(finished) - x(started)):.1f}" height="{bar - 1}" fill="{color}"/>')
    # In flight over time, a step at each start (+1) and finish (-1).
    steps = sorted([(i[2], 1) for i in items] + [(i[3], -1) for i in items])
    level, peak, levels = 0, 0, [(t0, 0)]
    for t, step in steps:
        levels.append((t, level))
        level += step
        peak = max(peak, level)
        levels.append((t, level))
    bottom = chart_top + chart_height
    scale = chart_height / max(1, peak)
    points = " ".join(f"{x(t):.1f},{bottom - n * scale:.1f}" for t, n in levels)
    out.append(f'<polyline points="{points}" fill="none" stroke="#1565c0"/>')
    out.append(f'<text x="10" y="{chart_top + 12}" fill="#333">in flight (max {peak})</text>')
    out.append("</svg>")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))
