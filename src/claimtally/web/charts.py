"""The quantity timeline as an SVG, drawn on the server so the page needs no chart library.

The chart is the compare stage's (`claimtally.compare.chart.build_chart`: one step line per
claimant, one point per claim, bounds as bars and shapes), for the very quantity the page
shows (`web.comparison`); vl-convert renders its Vega-Lite spec to SVG in-process (no browser,
no network). The SVG is served as its own resource and shown with <img>, so even a hostile
claimant name inside it is inert: images cannot run scripts. Every string reaches vl-convert through
`claimtally.compare.chart.safe_spec` (build_chart applies it): a control character in a claimant would
otherwise abort the whole server, not just the request.
"""

from __future__ import annotations

import functools
import json
from typing import Any


def timeline_svg(quantity: Any) -> str:
    """The compare stage's timeline of one quantity as SVG (a notice when nothing is dated)."""
    from claimtally.compare.chart import ChartError, build_chart

    try:
        spec = build_chart(quantity)
    except ChartError:  # nothing dated to place on a timeline
        return _notice(quantity.label)
    return _render(json.dumps(spec, sort_keys=True, default=str))


@functools.lru_cache(maxsize=256)
def _render(spec_json: str) -> str:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(json.loads(spec_json))


@functools.lru_cache(maxsize=16)
def _notice(title: str) -> str:
    """A chart-sized notice for a quantity with nothing dated to place on a timeline."""
    import altair as alt
    import vl_convert as vlc

    from claimtally.compare.chart import safe_spec

    chart = (
        alt.Chart(alt.Data(values=[{"t": "No dated figures to chart"}]))
        .mark_text(size=14)
        .encode(text="t:N")
        .properties(width=560, height=80, title=title)
    )
    return vlc.vegalite_to_svg(safe_spec(chart.to_dict()))
