"""The quantity timeline as an SVG, drawn on the server so the page needs no chart library.

Altair builds the Vega-Lite spec and vl-convert renders it to SVG in-process (no browser, no
network). The SVG is served as its own resource and shown with <img>, so even a hostile
claimant name inside the chart is inert: images cannot run scripts.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from typing import Any


def _point(row: dict[str, Any]) -> dict[str, Any] | None:
    """One claim as a chart point: the stated value, else the middle of its bounds."""
    date = row.get("date") or row.get("claim_date") or row.get("published")
    if not date:
        return None
    low, high, value = row.get("low"), row.get("high"), row.get("value")
    y = value
    if y is None and low is not None and high is not None:
        y = (low + high) / 2
    if y is None:
        y = low if low is not None else high
    if y is None:
        return None
    return {
        "date": str(date)[:10],
        "value": float(y),
        "low": float(low) if low is not None else float(y),
        "high": float(high) if high is not None else float(y),
        "claimant": row.get("claimant") or "(the outlet itself)",
        "figure": row.get("text") or "",
    }


def timeline_svg(title: str, rows: Sequence[dict[str, Any]]) -> str:
    """An SVG line-and-point chart of each claimant's figures over time, with bound whiskers."""
    points = [p for p in (_point(r) for r in rows) if p is not None]
    return _render(title, json.dumps(points, sort_keys=True))


@functools.lru_cache(maxsize=256)
def _render(title: str, points_json: str) -> str:
    import altair as alt
    import vl_convert as vlc

    points = json.loads(points_json)
    if not points:
        chart = (
            alt.Chart(alt.Data(values=[{"t": "No dated figures to chart"}]))
            .mark_text(size=14)
            .encode(text="t:N")
            .properties(width=560, height=80, title=title)
        )
        return vlc.vegalite_to_svg(chart.to_dict())
    data = alt.Data(values=points)
    base = alt.Chart(data).encode(
        x=alt.X("date:T", title="date claimed (or published)"),
        color=alt.Color("claimant:N", title="claimant"),
    )
    whiskers = base.mark_rule(opacity=0.6).encode(y=alt.Y("low:Q", title="figure"), y2="high:Q")
    line = base.mark_line(opacity=0.5).encode(y="value:Q")
    dots = base.mark_point(filled=True, size=60).encode(
        y="value:Q", tooltip=["claimant:N", "figure:N", "date:T", "value:Q"]
    )
    chart = (whiskers + line + dots).properties(width=620, height=300, title=title)
    return vlc.vegalite_to_svg(chart.to_dict())
