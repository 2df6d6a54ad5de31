"""The records every stage of the pipeline passes around.

`Figure` is the record of `shared/spec/figures.md` section 2, field for field, so the
extractor, the ledger, the evaluation and the web app speak one language. `Document` is
what ingest hands to extraction and to the ledger.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any

#: Metric taxonomy v1 (spec section 1). Order is the spec's.
METRICS: tuple[str, ...] = (
    "killed", "wounded", "casualties", "missing", "trapped", "captured", "detained", "charged",
    "displaced", "refugees", "evacuated", "participants", "deployed", "destroyed", "launched",
    "intercepted", "incidents", "locations",
)

#: Claimant kinds (spec section 2).
CLAIMANT_KINDS: tuple[str, ...] = (
    "government", "independent", "international", "media", "anonymous", "armed_group",
)


@dataclass(slots=True)
class Figure:
    """One attributed figure. Dates are ISO strings so records serialise without conversion."""

    doc: str
    start: int
    end: int
    text: str
    sentence: str
    value: float | int | None
    low: float | int | None
    high: float | int | None
    approx: bool
    qualifier: str | None
    metric: str
    subject: str
    place: str | None = None
    claimant: str | None = None
    claimant_kind: str | None = None
    cue: str | None = None
    claim_date: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    remarks: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figure:
        """Build from a record that may carry extra fields (gold files add `alts`, `published`)."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


FIGURE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Figure))


@dataclass(slots=True)
class Document:
    """A text to extract from, with what is known about where it came from.

    `id` is the stable document id used as `Figure.doc` (file stem for files, URL for pages).
    `published` is an ISO date or None; relative dates in the text resolve against it.
    `published_source` says where that date came from (`claimtally.ingest.dates.DATE_SOURCES`).
    """

    id: str
    text: str
    source: str | None = None
    url: str | None = None
    canonical_url: str | None = None
    site: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    fetched_at: str | None = None
    published_source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
