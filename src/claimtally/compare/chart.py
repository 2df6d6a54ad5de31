"""Timelines of one quantity, one series per claimant, as offline HTML, SVG or PNG.

The chart answers "how have these figures moved, and who is the outlier?": each claimant's
figure over claim dates as a step line (a figure stands until the claimant gives a new one),
ranges as vertical bars, one-sided bounds as the point's shape, and the sentence and source on
hover. The spec is Vega-Lite built with Altair; SVG and PNG are rendered by vl-convert, and the
HTML file carries the Vega, Vega-Lite and vega-embed JavaScript inline (vl-convert's bundle), so
every format opens without a network: a ledger is often read on a machine that has none.

Every string of a spec goes through `safe_spec` before it reaches vl-convert or the page:
vl-convert aborts the whole process (not just the call) on a C0 control character, and a
ledger written by an older claimtally may hold such characters in its labels.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from claimtally.compare.claims import Claim
from claimtally.compare.quantities import Quantity
from claimtally.safetext import picture_controls

#: Output formats by file suffix.
CHART_FORMATS: tuple[str, ...] = ("html", "svg", "png")

#: Shapes that say how the wording bounds the figure.
_BOUND_SHAPES = {
    "exact": "circle", "at most": "triangle-down", "at least": "triangle-up", "range": "diamond",
    "approximate": "square",
}


class ChartError(ValueError):
    """The chart cannot be made or written; the message names the file or quantity."""


def bound_kind(row: dict[str, Any]) -> str:
    """How the figure's wording bounds the true number (the legend of the point shapes)."""
    lo, hi = row.get("low"), row.get("high")
    if lo is not None and hi is not None:
        return "exact" if lo == hi else "range"
    if hi is not None:
        return "at most"
    if lo is not None:
        return "at least"
    return "approximate" if row.get("approx") else "exact"


def chart_records(claims: Iterable[Claim]) -> list[dict[str, Any]]:
    """One plotted point per dated claim (a claim reported by many documents is one point;
    undated claims cannot be placed on a timeline)."""
    out = []
    for c in claims:
        a = c.first
        r = a.row
        if not c.date or c.rep is None:
            continue
        kind = bound_kind(dict(r))
        lo = r.get("low") if r.get("low") is not None else c.rep
        hi = r.get("high") if r.get("high") is not None else c.rep
        out.append({
            # the legend names each series with its kind, so the reader always sees who is talking
            "series": f"{c.claimant.name} ({c.claimant.kind})" if c.claimant.kind else c.claimant.name,
            "claimant": c.claimant.name,
            "kind": c.claimant.kind or "-",
            "metric": c.metric,
            "date": c.date,
            "date_basis": c.date_basis,
            "y": c.rep,
            "y_low": lo,
            "y_high": hi,
            "bound": kind,
            "figure": c.figure,
            "reports": len(c.reports),
            "sentence": r.get("sentence") or "",
            "source": r.get("site") or r.get("title") or r.get("doc") or "",
            "url": r.get("url") or "",
            "doc": r.get("doc") or "",
        })
    out.sort(key=lambda x: (x["series"], x["metric"] or "", x["date"]))
    # A claimed figure stands until the claimant gives a new one: carry each series' last value
    # to the chart's last date so the step line shows it (and a one-figure series is visible).
    if out:
        end = max(r["date"] for r in out)
        last: dict[tuple[str, str], dict[str, Any]] = {}
        for r in out:
            last[(r["series"], r["metric"] or "")] = r
        for r in list(last.values()):
            if r["date"] < end:
                out.append({**r, "date": end, "carry": True})
    for r in out:
        r.setdefault("carry", False)
    return out


def build_chart(quantity: Quantity, metric: str | None = None) -> dict[str, Any]:
    """The Vega-Lite spec (a dict) for one quantity, optionally one metric of its family."""
    import altair as alt

    records = chart_records(c for c in quantity.claims if not metric or c.metric == metric)
    if not records:
        raise ChartError(f"quantity {quantity.key!r}: no dated figures to chart")
    reps = [r["y"] for r in records if r["y"] > 0]  # carried points repeat values: same extremes
    log = bool(reps) and len(reps) == len(records) and max(reps) / min(reps) > 50
    scale = alt.Scale(type="log") if log else alt.Scale(zero=True)
    data = alt.Data(values=records)
    x = alt.X("date:T", title="claim date", axis=alt.Axis(format="%d %b %Y", labelAngle=-30))
    color = alt.Color("series:N", title="claimant (kind)", legend=alt.Legend(labelLimit=360))
    tooltip = [
        alt.Tooltip("claimant:N"), alt.Tooltip("kind:N", title="claimant kind"), alt.Tooltip("metric:N"),
        alt.Tooltip("figure:N"), alt.Tooltip("date:T", title="date"), alt.Tooltip("date_basis:N", title="date is"),
        alt.Tooltip("reports:Q", title="documents reporting it"),
        alt.Tooltip("sentence:N"), alt.Tooltip("source:N"), alt.Tooltip("url:N"),
    ]
    base = alt.Chart(data)
    line = base.mark_line(interpolate="step-after", strokeWidth=2).encode(
        x=x, y=alt.Y("y:Q", title=f"{quantity.label} ({quantity.family})", scale=scale), color=color,
        strokeDash=alt.StrokeDash("metric:N", title="metric"),
    )
    band = base.mark_rule(strokeWidth=6, opacity=0.35).encode(
        x=x, y=alt.Y("y_low:Q", scale=scale), y2="y_high:Q", color=color,
    ).transform_filter("!datum.carry && datum.y_low != datum.y_high")
    points = base.mark_point(filled=True, size=90).encode(
        x=x, y=alt.Y("y:Q", scale=scale), color=color,
        shape=alt.Shape("bound:N", title="wording", scale=alt.Scale(
            domain=list(_BOUND_SHAPES), range=list(_BOUND_SHAPES.values()))),
        tooltip=tooltip,
    ).transform_filter("!datum.carry")
    chart = alt.layer(band, line, points).properties(
        title=f"{quantity.label}: {quantity.family} by claimant", width=640, height=320,
    )
    return safe_spec(chart.to_dict())


#: What a backslash in a title is drawn as: Vega-Lite quotes titles into expressions (the marks'
#: aria labels), where a literal "\\x01" in a subject would become U+0001 again.
_TITLE_BACKSLASH = "\u29f5"


def safe_spec(value: Any, title: bool = False) -> Any:
    """A Vega-Lite spec with every string safe to render: controls as their pictures, and
    backslashes in titles as a look-alike. Idempotent, so renderers apply it whatever they get."""
    if isinstance(value, str):
        text = picture_controls(value)
        return text.replace("\\", _TITLE_BACKSLASH) if title else text
    if isinstance(value, dict):
        return {safe_spec(k): safe_spec(v, title or k == "title") for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [safe_spec(v, title) for v in value]
    return value


def _script_json(spec: dict[str, Any]) -> str:
    """JSON safe inside a <script> element: no "</script>" or "<!--" can close it early."""
    return (json.dumps(spec, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render_html(spec: dict[str, Any], title: str) -> str:
    """A self-contained page: the Vega/Vega-Lite/vega-embed bundle inline, then the spec."""
    import html

    import vl_convert as vlc

    # The bundle is trusted library code, but a literal "</script" in it would end the element.
    bundle = vlc.javascript_bundle().replace("</script", "<\\/script")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>body {{ font-family: sans-serif; margin: 1.5em; }} #chart {{ width: 100%; }}</style>
<script>{bundle}</script>
</head>
<body>
<div id="chart"></div>
<script>
(function () {{
  var spec = {_script_json(spec)};
  vegaEmbed("#chart", spec, {{renderer: "svg", actions: false}})
    .then(function () {{ document.body.setAttribute("data-rendered", "1"); }})
    .catch(function (err) {{
      document.body.setAttribute("data-error", String(err));
      document.getElementById("chart").textContent = "chart failed: " + err;
    }});
}})();
</script>
</body>
</html>
"""


def check_out(out: str | Path) -> Path:
    """The output path, if its suffix names a format and its directory exists (checked before
    any work, so a typo costs nothing)."""
    path = Path(out)
    if path.suffix.lower().lstrip(".") not in CHART_FORMATS:
        raise ChartError(f"{out}: unknown chart format {path.suffix or '(none)'!r} (use .html, .svg or .png)")
    if not path.parent.is_dir():
        raise ChartError(f"{out}: directory {path.parent} does not exist")
    return path


def write_chart(spec: dict[str, Any], out: str | Path, title: str = "claimtally chart") -> Path:
    """Write the chart in the format the file suffix names (.html, .svg, .png).

    Written to a temporary file first and moved into place, so a failed render never leaves a
    half-written chart where an old one was.
    """
    path = check_out(out)
    fmt = path.suffix.lower().lstrip(".")
    import vl_convert as vlc

    spec, title = safe_spec(spec), picture_controls(title)  # a no-op for build_chart's specs
    try:
        if fmt == "html":
            data: bytes = render_html(spec, title).encode("utf-8")
        elif fmt == "svg":
            data = vlc.vegalite_to_svg(spec).encode("utf-8")
        else:
            data = vlc.vegalite_to_png(spec, scale=2)
    except Exception as exc:  # vl-convert raises plain ValueError/RuntimeError with its own text
        raise ChartError(f"{out}: rendering failed ({exc})") from None
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ChartError(f"{out}: cannot write ({exc.strerror or exc})") from None
    return path
