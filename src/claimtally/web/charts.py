"""The quantity timeline as an SVG, drawn on the server so the page needs no chart library.

The chart is the compare stage's (`claimtally.compare.chart.build_chart`: one step line per
claimant, bounds as bars and shapes), fed the dashboard's reviewed rows; vl-convert renders
its Vega-Lite spec to SVG in-process (no browser, no network). The SVG is served as its own
resource and shown with <img>, so even a hostile claimant name inside it is inert: images
cannot run scripts. Every string reaches vl-convert through `claimtally.compare.chart.safe_spec`:
a control character in a claimant would otherwise abort the whole server, not just the request.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from typing import Any


def timeline_svg(title: str, rows: Sequence[dict[str, Any]]) -> str:
    """The compare stage's timeline of these figures (one quantity) as SVG."""
    return _render_compare(title, json.dumps(list(rows), sort_keys=True, default=str))


@functools.cache
def _normalisers() -> tuple[Any, Any]:
    from claimtally.compare.normalise import load_aliases, load_subject_rules

    return load_aliases(), load_subject_rules()


@functools.lru_cache(maxsize=256)
def _render_compare(title: str, rows_json: str) -> str:
    import vl_convert as vlc

    from claimtally.compare.chart import ChartError, build_chart
    from claimtally.compare.core import Quantity, annotate

    rows = json.loads(rows_json)
    aliases, rules = _normalisers()
    annotated = annotate(rows, aliases, rules)
    if not annotated:
        return _render(title, "")
    first = annotated[0]
    quantity = Quantity(key=title, family=first.family, subject_key=first.subject_key, place=None,
                        figures=annotated)
    try:
        spec = build_chart(quantity)
    except ChartError:  # nothing dated to place on a timeline
        return _render(title, "")
    return vlc.vegalite_to_svg(spec)  # build_chart's spec: every string already escaped


@functools.lru_cache(maxsize=16)
def _render(title: str, _points: str) -> str:
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
