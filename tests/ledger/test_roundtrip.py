"""Property test: whatever text and numbers a figure carries come back from either backend as
they went in (NUL and lone surrogates, which no backend stores, become U+FFFD one for one)."""

from __future__ import annotations

import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtally.ledger import open_ledger
from claimtally.model import FIGURE_FIELDS, METRICS, Document, Figure

texts = st.text(max_size=60)
maybe_text = st.none() | texts
numbers = st.none() | st.integers(-(2**53), 2**53) | st.floats(allow_nan=False, allow_infinity=False)
days = st.none() | st.dates().map(lambda d: d.isoformat())

figures = st.builds(
    Figure, doc=st.just(""), start=st.integers(0, 10**6), end=st.integers(0, 10**6), text=texts,
    sentence=texts, value=numbers, low=numbers, high=numbers, approx=st.booleans(), qualifier=maybe_text,
    metric=st.sampled_from(METRICS), subject=texts, place=maybe_text, claimant=maybe_text,
    claimant_kind=st.none() | st.sampled_from(["government", "media"]), cue=maybe_text, claim_date=days,
    period_start=days, period_end=days, remarks=st.lists(texts, max_size=3),
)


def _cleaned(value):
    if isinstance(value, str):
        return "".join("\ufffd" if c == "\x00" or 0xD800 <= ord(c) <= 0xDFFF else c for c in value)
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    return value


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(figs=st.lists(figures, min_size=1, max_size=4), body=texts)
def test_figures_round_trip(db_url: str, figs: list[Figure], body: str) -> None:
    key = f"doc-{uuid.uuid4().hex}"
    for f in figs:
        f.doc = key
    with open_ledger(db_url) as ledger:
        res = ledger.add_document(Document(id=key, text=body, title=body), figs,
                                  text_hash=uuid.uuid4().hex, extractor_version="p")
        assert res.status == "added"
        rows = ledger.query_figures(doc=key)
    got = [{k: r[k] for k in FIGURE_FIELDS} for r in rows]
    assert len(got) == len(figs)
    for f in figs:  # the same multiset (numbers compare by value: 2 == 2.0)
        want = {k: _cleaned(v) for k, v in f.to_dict().items()}
        assert want in got
        got.remove(want)
