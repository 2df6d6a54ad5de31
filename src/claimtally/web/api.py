"""The JSON API: the ledger's figures as reviewed, documents, quantities, claimants, audit.

Listing endpoints take `limit`/`offset` and answer `{items, total, limit, offset}`; figure
filters mean what they mean in `claimtally figures`. Write endpoints need a session cookie and
the session's CSRF token in `X-CSRF-Token` (401 without a session, 403 without the token).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field

from claimtally.model import METRICS
from claimtally.web.auth import CSRF_HEADER, csrf_token, current_user, require_writer
from claimtally.web.store import MAX_ROW_ID, User, WebStore

router = APIRouter(prefix="/api", tags=["api"])

Number = float | int | None
MAX_OFFSET = 1_000_000_000

Limit = Annotated[int, Query(ge=1, le=500, description="page size")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]
IdPath = Annotated[int, Path(ge=1, description="row id; one that names no row (however large) is a 404")]
Metric = Literal[METRICS]  # type: ignore[valid-type]
#: Names and subjects: some visible character, no NUL.
NAME_PATTERN = r"^[^\x00]*[^\x00\s][^\x00]*$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"


#: Text filters: no NUL (PostgreSQL text cannot hold one, so nothing could match anyway).
TEXT_PATTERN = r"^[^\x00]*$"


def _text_param(description: str) -> Any:
    return Query(min_length=1, max_length=200, pattern=TEXT_PATTERN, description=description)


def invalid(location: tuple[str, ...], message: str) -> RequestValidationError:
    """A 422 in FastAPI's own error format (what the schema documents), naming the input."""
    return RequestValidationError([{"loc": location, "msg": message, "type": "value_error"}])


def _clean(name: str, value: str | None) -> str | None:
    """Refuse text the database cannot store (NUL, lone surrogates) with a 422 naming it."""
    if value is None:
        return None
    if "\x00" in value:
        raise invalid(("query", name), f"{name}: contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise invalid(("query", name), f"{name}: is not valid Unicode text") from None
    return value


def _store(request: Request) -> WebStore:
    return request.app.state.store


# -- response models --------------------------------------------------------------------


class FigureOut(BaseModel):
    """A figure as reviewed: the spec's record plus ledger provenance and review state."""

    model_config = ConfigDict(extra="allow")
    id: int
    document_id: int
    doc: str
    start: int
    end: int
    text: str
    sentence: str
    value: Number
    low: Number
    high: Number
    approx: bool
    qualifier: str | None
    metric: str
    subject: str | None
    place: str | None
    claimant: str | None
    claimant_kind: str | None
    cue: str | None
    claim_date: str | None
    period_start: str | None
    period_end: str | None
    remarks: list[str]
    extractor_version: str | None
    review_status: str | None = Field(description="null, confirmed, corrected or rejected")
    reviewed_at: str | None
    reviewed_by: str | None
    url: str | None
    title: str | None
    site: str | None
    published: str | None
    duplicate_of: int | None
    date: str | None = Field(description="claim date, else the publication date (what filters use)")


class AuditOut(BaseModel):
    id: int
    at: str
    user_id: int | None
    user_name: str
    action: str
    target_kind: str
    target: str
    before: Any
    after: Any


class FigureDetail(FigureOut):
    original: dict[str, Any] = Field(description="the extraction as stored, never changed by review")
    audit: list[AuditOut]


class FigurePage(BaseModel):
    items: list[FigureOut]
    total: int
    limit: int
    offset: int


class DocumentOut(BaseModel):
    id: int
    doc_key: str
    version: int
    title: str | None
    url: str | None
    site: str | None
    published: str | None
    ingested_at: str
    figures: int


class DocumentPage(BaseModel):
    items: list[DocumentOut]
    total: int
    limit: int
    offset: int


class DocumentDetail(BaseModel):
    id: int
    doc_key: str
    version: int
    title: str | None
    url: str | None
    site: str | None
    author: str | None
    published: str | None
    language: str | None
    text: str
    ingested_at: str
    previous_version_id: int | None
    figures: list[FigureOut]


class QuantityOut(BaseModel):
    """A quantity as compare groups it: what is counted, where, over what span."""

    key: str = Field(description="stable id (`claimtally chart KEY` draws it)")
    label: str
    family: str = Field(description="metric family: its metrics are listed together, never summed")
    span: str = Field(description="cumulative, event (one event or day), daily, period or historic")
    span_text: str
    place: str | None
    subject: str = Field(description="the subject as most often written")
    metric: str = Field(description="the metric most of its figures count")
    metrics: list[str]
    claimants: int = Field(description="distinct claimants (competing claims)")
    claims: int = Field(description="claims: one per claimant, figure and day, however many documents report it")
    figures: int
    first: str | None
    last: str | None


class QuantityPage(BaseModel):
    items: list[QuantityOut]
    total: int
    limit: int
    offset: int


class ReportOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    doc: str | None
    figure_id: int | None
    document_id: int | None
    url: str | None
    site: str | None
    published: str | None
    sentence: str | None
    link: str | None


class ClaimOut(BaseModel):
    metric: str
    claimant: str
    claimant_kind: str | None
    figure: str
    date: str | None
    date_basis: str | None
    figure_id: int = Field(description="the figure of the first report")
    reports: list[ReportOut] = Field(description="one per independent document, first report first")


class QuantityDetail(QuantityOut):
    rows: list[dict[str, Any]] = Field(
        description="the latest claim per metric and claimant, as `claimtally compare --format json` gives them")
    claims: list[ClaimOut]  # type: ignore[assignment]  # the claims themselves here, not their number
    figure_ids: list[int]


class ClaimantOut(BaseModel):
    """One source under every name the texts give it."""

    key: str
    claimant: str
    claimant_kind: str | None
    names: list[str] = Field(description="the names it is given in the texts, commonest first")
    claims: int
    figures: int
    quantities: int
    first: str | None
    last: str | None


class ClaimantPage(BaseModel):
    items: list[ClaimantOut]
    total: int
    limit: int
    offset: int


class AuditPage(BaseModel):
    items: list[AuditOut]
    total: int
    limit: int
    offset: int


class SessionOut(BaseModel):
    user: str | None
    csrf_token: str = Field(description=f"send it back in the {CSRF_HEADER} header on writes")


Count = Annotated[float | None, Field(ge=0, le=1e15)]
Name = Annotated[str, Field(min_length=1, max_length=300, pattern=NAME_PATTERN)]
Kind = Literal["government", "independent", "international", "media", "anonymous"]


class Changes(BaseModel):
    """The fields a correction sets; those left out keep their current values. Null clears."""

    model_config = ConfigDict(extra="forbid")
    value: Count = None
    low: Count = None
    high: Count = None
    metric: Metric | None = None
    subject: Name | None = None
    claimant: Name | None = None
    claimant_kind: Kind | None = None
    claim_date: date | None = None
    period_start: date | None = None
    period_end: date | None = None


class ReviewIn(BaseModel):
    """A review: `confirm` or `reject` as is, or `correct` with the fields that change.

    Corrections must agree with themselves and the figure (low <= value <= high, period start
    before end); one that does not is refused with 422 naming the field.
    """

    model_config = ConfigDict(extra="forbid")
    action: Literal["confirm", "correct", "reject"]
    changes: Changes = Field(default_factory=Changes)


class MergeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: Literal["claimant", "subject"]
    source: Name
    target: Name


class MergeOut(BaseModel):
    kind: str
    source: str
    target: str
    figures: int


class CorrectionIn(BaseModel):
    """A grouping correction. `move_figure`: `figure_ids` (or `figure_id`) to quantity `target`;
    `merge_quantity`: quantity `source` into `target`; `split_quantity`: `figure_ids` out of
    quantity `source` into a new quantity named by `label`; `merge_claimant`: claimant `source`
    into `target`; `split_claimant`: the name `source` becomes a claimant of its own;
    `claimant_kind`: claimant `source` has kind `target`."""

    model_config = ConfigDict(extra="forbid")
    action: Literal["move_figure", "merge_quantity", "split_quantity", "merge_claimant", "split_claimant",
                    "claimant_kind"]
    source: Name | None = None
    target: Name | None = None
    figure_id: Annotated[int | None, Field(ge=1, le=MAX_ROW_ID)] = None
    figure_ids: Annotated[list[Annotated[int, Field(ge=1, le=MAX_ROW_ID)]], Field(max_length=2000)] = Field(
        default_factory=list)
    label: Annotated[str | None, Field(max_length=100, pattern=NAME_PATTERN)] = None


class CorrectionOut(BaseModel):
    action: str
    source: str | None
    target: str | None
    corrections: list[int] = Field(description="ids of the stored correction rows (undo one with POST .../undo)")
    figure_ids: list[int] = Field(default_factory=list)


class CorrectionRow(BaseModel):
    id: int
    action: str
    source: str | None
    target: str | None
    figure_id: int | None
    user_id: int | None
    created_at: str
    undone_at: str | None


class UndoOut(BaseModel):
    undone: list[int]


# -- reads --------------------------------------------------------------------------------


def _page(found: tuple[list[dict[str, Any]], int], limit: int, offset: int) -> dict[str, Any]:
    """A page response: the store's (items, total) and the paging that asked for them."""
    items, total = found
    return {"items": items, "total": total, "limit": limit, "offset": offset}


@router.get("/figures", response_model=FigurePage, summary="Figures as reviewed, oldest first")
def list_figures(
    request: Request,
    metric: Annotated[list[Metric] | None, Query(description="exact metric (repeat for several)")] = None,
    claimant: Annotated[str | None, _text_param("case-insensitive substring of the claimant")] = None,
    subject: Annotated[str | None, _text_param("case-insensitive substring of the subject")] = None,
    since: Annotated[str | None, Query(pattern=DATE_PATTERN, description="claim (else publication) date >=")] = None,
    until: Annotated[str | None, Query(pattern=DATE_PATTERN, description="claim (else publication) date <=")] = None,
    doc: Annotated[str | None, _text_param("document key")] = None,
    q: Annotated[str | None, _text_param(
        "full-text search in the sentence ('a phrase', OR, -word), best match first; or a claimant or "
        "subject containing the text")] = None,
    include_rejected: bool = False,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    found = _store(request).figures(
        limit=limit,
        offset=offset,
        metric=metric,
        claimant=_clean("claimant", claimant),
        subject=_clean("subject", subject),
        since=since,
        until=until,
        doc=_clean("doc", doc),
        q=_clean("q", q),
        include_rejected=include_rejected,
    )
    return _page(found, limit, offset)


_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "no such id"}}
_NOT_FOUND_KEY: dict[int | str, dict[str, Any]] = {404: {"description": "no such quantity"}}


@router.get(
    "/figures/{figure_id}", response_model=FigureDetail, responses=_NOT_FOUND,
    summary="One figure with its history",
)
def get_figure(request: Request, figure_id: IdPath) -> dict[str, Any]:
    return _store(request).figure(figure_id)


@router.get("/documents", response_model=DocumentPage, summary="Documents, newest first")
def list_documents(
    request: Request,
    q: Annotated[str | None, _text_param(
        "full-text search in the title and text ('a phrase', OR, -word), best match first; or a document "
        "key containing the text")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return _page(_store(request).documents(limit=limit, offset=offset, q=_clean("q", q)), limit, offset)


@router.get(
    "/documents/{document_id}", response_model=DocumentDetail, responses=_NOT_FOUND,
    summary="A document and its figures",
)
def get_document(request: Request, document_id: IdPath) -> dict[str, Any]:
    return _store(request).document(document_id)


@router.get("/quantities", response_model=QuantityPage, summary="Quantities by competing claims")
def list_quantities(
    request: Request,
    q: Annotated[str | None, _text_param("words in the quantity's subject, place, metric or claimants")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return _page(_store(request).quantities(limit=limit, offset=offset, q=_clean("q", q)), limit, offset)


@router.get("/quantity", response_model=QuantityDetail, responses=_NOT_FOUND_KEY,
            summary="One quantity: latest claim per claimant, every claim and its reports")
def get_quantity(
    request: Request, key: Annotated[str, Query(min_length=1, max_length=300, pattern=NAME_PATTERN)]
) -> dict[str, Any]:
    return _store(request).compare.quantity(_clean("key", key) or "")


@router.get("/claimants", response_model=ClaimantPage, summary="Claimants by figures stated")
def list_claimants(
    request: Request,
    q: Annotated[str | None, _text_param("substring of the claimant name")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    return _page(_store(request).claimants(limit=limit, offset=offset, q=_clean("q", q)), limit, offset)


@router.get("/audit", response_model=AuditPage, summary="The audit log, newest first")
def list_audit(
    request: Request,
    target_kind: Annotated[Literal["figure", "claimant", "subject", "quantity", "user"] | None, Query()] = None,
    target: Annotated[str | None, _text_param("figure id or name")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    found = _store(request).audit(limit=limit, offset=offset, kind=target_kind, target=_clean("target", target))
    return _page(found, limit, offset)


@router.get("/session", response_model=SessionOut, summary="Who is signed in, and the CSRF token")
def get_session(request: Request) -> dict[str, Any]:
    user = current_user(request)
    return {"user": user.name if user else None, "csrf_token": csrf_token(request)}


# -- writes -------------------------------------------------------------------------------


def writer(
    request: Request, x_csrf_token: Annotated[str | None, Header(alias=CSRF_HEADER)] = None
) -> User:
    """The signed-in reviewer; checked before the body is read, so a refusal is always 401/403."""
    return require_writer(request, x_csrf_token)


_WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"description": "no signed-in session"},
    403: {"description": "missing or wrong CSRF token"},
    404: {"description": "no such figure or name"},
}


@router.post(
    "/figures/{figure_id}/review",
    response_model=FigureDetail,
    responses=_WRITE_RESPONSES,
    summary="Confirm, correct or reject a figure",
)
def review_figure(
    request: Request, figure_id: IdPath, body: ReviewIn, user: Annotated[User, Depends(writer)]
) -> dict[str, Any]:
    changes = body.changes.model_dump(mode="json", exclude_unset=True)
    return _store(request).review(figure_id, user, body.action, changes)


@router.post("/merges", response_model=MergeOut, responses=_WRITE_RESPONSES, summary="Merge two names")
def merge_names(request: Request, body: MergeIn, user: Annotated[User, Depends(writer)]) -> dict[str, Any]:
    return _store(request).merge(body.kind, body.source, body.target, user)


@router.get("/corrections", response_model=list[CorrectionRow], summary="Reviewers' grouping corrections")
def list_corrections(request: Request) -> list[dict[str, Any]]:
    return _store(request).compare.corrections()


@router.post("/corrections", response_model=CorrectionOut, responses=_WRITE_RESPONSES,
             summary="Move figures, merge or split quantities, merge, split or set the kind of claimants")
def make_correction(request: Request, body: CorrectionIn, user: Annotated[User, Depends(writer)]) -> dict[str, Any]:
    return _store(request).compare.correct(
        body.action, user, source=body.source, target=body.target, figure_id=body.figure_id,
        figure_ids=body.figure_ids, label=body.label)


@router.post("/corrections/{correction_id}/undo", response_model=UndoOut, responses=_WRITE_RESPONSES,
             summary="Undo a correction (a split's moves are undone together)")
def undo_correction(request: Request, correction_id: IdPath, user: Annotated[User, Depends(writer)]) -> dict[str, Any]:
    return _store(request).compare.undo(correction_id, user)
