"""The dashboard's HTML pages and its form posts (sign-in, review, merge).

Pages are server-rendered Jinja2 with autoescaping; the only script is static/app.js (record
pop-ups on the document page). Form posts carry the session's CSRF token in `csrf_token`.
"""

from __future__ import annotations

from typing import Any

import jinja2
from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from claimtally.model import CLAIMANT_KINDS, METRICS
from claimtally.web.auth import (
    CSRF_FIELD,
    authenticate,
    check_csrf,
    csrf_token,
    current_user,
    require_writer,
    sign_in,
    sign_out,
)
from claimtally.web.charts import timeline_svg
from claimtally.web.store import REVIEW_ACTIONS, NotFound, ReviewError, WebStore
from claimtally.web.tables import REVIEW_FIELDS

router = APIRouter(include_in_schema=False)

_env = jinja2.Environment(
    loader=jinja2.PackageLoader("claimtally.web", "templates"),
    autoescape=True,  # every template, whatever its name: article text is hostile input
    undefined=jinja2.StrictUndefined,
)


def fmt_num(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else str(value)


def fmt_figure(rec: dict[str, Any]) -> str:
    """The figure as bounds a reader understands: "498", "≥ 100", "~ 300", "200–999"."""
    value, low, high = rec.get("value"), rec.get("low"), rec.get("high")
    mark = "~ " if rec.get("approx") else ""
    if value is not None and (low is None or high is None or low != high):
        if low is not None and high is None:
            return f"≥ {fmt_num(low)}"
        if high is not None and low is None:
            return f"{mark}≤ {fmt_num(high)}"
        return f"{mark}{fmt_num(value)}"
    if value is not None:
        return f"{mark}{fmt_num(value)}"
    if low is not None and high is not None:
        return f"{mark}{fmt_num(low)}–{fmt_num(high)}"
    if low is not None:
        return f"≥ {fmt_num(low)}"
    if high is not None:
        return f"≤ {fmt_num(high)}"
    return "?"


_env.filters["num"] = fmt_num
_env.filters["figure"] = fmt_figure
templates = Jinja2Templates(env=_env)


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """A page with what every template needs: the user, the CSRF token, the mode."""
    ctx = {
        "user": current_user(request),
        "csrf": csrf_token(request),
        "private": request.app.state.private,
        "error": None,
        **context,
    }
    return templates.TemplateResponse(request, name, ctx, status_code=status_code)


def _store(request: Request) -> WebStore:
    return request.app.state.store


def _q(value: str | None, name: str) -> str | None:
    if value is None or not value.strip():
        return None
    if "\x00" in value or len(value) > 300:
        raise HTTPException(422, f"{name}: too long or holds a NUL character")
    return value.strip()


def segments(text: str, figs: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any] | None]]:
    """The text cut into plain runs and figure spans; a span overlapping an earlier one is skipped."""
    out: list[tuple[str, dict[str, Any] | None]] = []
    pos = 0
    for fig in sorted(figs, key=lambda f: (f["start"], -f["end"])):
        start, end = fig["start"], fig["end"]
        if start < pos or end > len(text) or start >= end:
            continue
        if start > pos:
            out.append((text[pos:start], None))
        out.append((text[start:end], fig))
        pos = end
    if pos < len(text):
        out.append((text[pos:], None))
    return out


# -- pages --------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    store = _store(request)
    quantities, qtotal = store.quantities(limit=15)
    docs, dtotal = store.documents(limit=15)
    claimants, ctotal = store.claimants(limit=15)
    return render(
        request,
        "overview.html",
        {"quantities": quantities, "qtotal": qtotal, "docs": docs, "dtotal": dtotal,
         "claimants": claimants, "ctotal": ctotal},
    )


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: str | None = None, offset: int = Query(0, ge=0, le=10**9)) -> HTMLResponse:
    q = _q(q, "q")
    store = _store(request)
    figs, ftotal = store.figures(limit=100, offset=offset, q=q) if q else ([], 0)
    docs, dtotal = store.documents(limit=50, q=q) if q else ([], 0)
    return render(
        request, "search.html", {"q": q or "", "figures": figs, "ftotal": ftotal, "docs": docs,
                                 "dtotal": dtotal, "offset": offset},
    )


@router.get("/quantity", response_class=HTMLResponse)
def quantity(request: Request, key: str | None = None, metric: str | None = None,
             subject: str | None = None) -> Response:
    """One quantity: the chart, the latest claim per claimant, every claim with its reports,
    and (signed in) the forms that move figures and merge or split quantities. A link from
    before quantities had keys (`?metric=&subject=`) leads to the quantity of those figures."""
    view = _store(request).compare
    if key is None:
        subject = _q(subject, "subject") or ""
        if metric not in METRICS:
            raise NotFound(f"no metric {metric!r}")
        found = view.quantity_key_for(metric, subject)
        if found is None:
            raise NotFound(f"no figures for {metric} of {subject!r}")
        return RedirectResponse(f"/quantity?key={_quote(found)}", status_code=303)
    key = _q(key, "key") or ""
    detail = view.quantity(key)
    figures = _store(request).figures_by_id(detail["figure_ids"])
    return render(request, "quantity.html", {"q": detail, "figures": figures, "total": len(figures),
                                             "corrections": [c for c in view.corrections() if not c["undone_at"]
                                                             and key in (c["source"], c["target"])]})


@router.get("/quantity/chart.svg")
def quantity_chart(request: Request, key: str) -> Response:
    q = _store(request).compare.chart_quantity(_q(key, "key") or "")
    return Response(
        timeline_svg(q),
        media_type="image/svg+xml",
        headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"},
    )


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document(request: Request, document_id: int) -> HTMLResponse:
    doc = _store(request).document(document_id)
    return render(
        request, "document.html", {"doc": doc, "segments": segments(doc["text"], doc["figures"])}
    )


@router.get("/figures/{figure_id}", response_class=HTMLResponse)
def figure(request: Request, figure_id: int) -> HTMLResponse:
    return _figure_page(request, figure_id)


def _figure_page(
    request: Request, figure_id: int, error: str | None = None, status_code: int = 200
) -> HTMLResponse:
    fig = _store(request).figure(figure_id)
    return render(
        request,
        "figure.html",
        {"fig": fig, "fields": REVIEW_FIELDS, "metrics": METRICS, "kinds": CLAIMANT_KINDS,
         "error": error},
        status_code=status_code,
    )


@router.get("/claimant", response_class=HTMLResponse)
def claimant(request: Request, name: str) -> HTMLResponse:
    """A claimant under any of its names: every figure it claimed, oldest first, the names it
    goes by and (signed in) the forms that merge, split and set its kind."""
    name = _q(name, "name") or ""
    store = _store(request)
    who = store.compare.claimant(name)
    figs = store.figures_by_id(who["figure_ids"])
    return render(request, "claimant.html", {"name": who["claimant"], "who": who, "figures": figs,
                                             "total": len(figs), "kinds": CLAIMANT_KINDS})


@router.get("/claimants", response_class=HTMLResponse)
def claimants(request: Request, q: str | None = None, offset: int = Query(0, ge=0, le=10**9)) -> HTMLResponse:
    items, total = _store(request).claimants(limit=100, offset=offset, q=_q(q, "q"))
    return render(request, "claimants.html", {"items": items, "total": total, "q": q or "", "offset": offset})


@router.get("/audit", response_class=HTMLResponse)
def audit(request: Request, offset: int = Query(0, ge=0, le=10**9)) -> HTMLResponse:
    items, total = _store(request).audit(limit=100, offset=offset)
    return render(request, "audit.html", {"items": items, "total": total, "offset": offset})


# -- sign-in ------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return render(request, "login.html", {"name": ""})


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    form = await request.form()
    check_csrf(request, _field(form, CSRF_FIELD))
    name = (_field(form, "name") or "")[:200]
    client = request.client.host if request.client else "-"
    throttle = request.app.state.login_throttle
    wait = throttle.retry_after(name, client)
    if wait:
        response = render(
            request, "login.html",
            {"name": name, "error": f"Too many failed sign-ins; try again in {wait // 60 + 1} minutes."},
            status_code=429,
        )
        response.headers["Retry-After"] = str(wait)
        return response
    user = authenticate(_store(request), name, _field(form, "password") or "")
    if user is None:
        throttle.failed(name, client)
        return render(
            request, "login.html", {"name": name, "error": "Wrong name or password."}, status_code=401
        )
    throttle.succeeded(name)
    sign_in(request, user)
    return RedirectResponse(_safe_next(_field(form, "next")), status_code=303)


@router.post("/logout")
async def logout(request: Request) -> Response:
    form = await request.form()
    check_csrf(request, _field(form, CSRF_FIELD))
    sign_out(request)
    return RedirectResponse("/", status_code=303)


def _field(form: Any, name: str) -> str | None:
    value = form.get(name)
    return value if isinstance(value, str) else None


def _safe_next(target: str | None) -> str:
    """Only local paths: an open redirect would let a link send reviewers elsewhere."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


# -- review forms -------------------------------------------------------------------------


@router.post("/figures/{figure_id}/review", response_class=HTMLResponse)
async def review(request: Request, figure_id: int) -> Response:
    if current_user(request) is None:
        raise HTTPException(401, "sign in to review figures")
    form = await request.form()
    user = require_writer(request, _field(form, CSRF_FIELD))
    action = _field(form, "action") or ""
    if action not in REVIEW_ACTIONS:
        return _figure_page(request, figure_id, f"action: {action!r} is not a review action", 422)
    changes = {k: _field(form, k) for k in REVIEW_FIELDS if k in form} if action == "correct" else {}
    try:
        _store(request).review(figure_id, user, action, changes)
    except ReviewError as exc:
        return _figure_page(request, figure_id, str(exc), 422)
    return RedirectResponse(f"/figures/{figure_id}", status_code=303)


@router.post("/merge", response_class=HTMLResponse)
async def merge(request: Request) -> Response:
    if current_user(request) is None:
        raise HTTPException(401, "sign in to merge names")
    form = await request.form()
    user = require_writer(request, _field(form, CSRF_FIELD))
    kind = _field(form, "kind") or ""
    source = _field(form, "source") or ""
    target = _field(form, "target") or ""
    try:
        result = _store(request).merge(kind, source, target, user)
    except (ReviewError, NotFound) as exc:
        return render(request, "error.html", {"status": 422, "message": str(exc)}, status_code=422)
    if kind == "claimant":
        return RedirectResponse(f"/claimant?name={_quote(result['target'])}", status_code=303)
    return RedirectResponse("/", status_code=303)


@router.post("/corrections", response_class=HTMLResponse)
async def correction(request: Request) -> Response:
    """A reviewer's grouping correction from the quantity and claimant pages' forms."""
    if current_user(request) is None:
        raise HTTPException(401, "sign in to correct the grouping")
    form = await request.form()
    user = require_writer(request, _field(form, CSRF_FIELD))
    action = _field(form, "action") or ""
    view = _store(request).compare
    back = _safe_next(_field(form, "next"))
    try:
        if action == "undo":
            view.undo(_int(_field(form, "correction_id")), user)
        else:
            figure_ids = [_int(v) for v in form.getlist("figure_ids") if isinstance(v, str)]
            figure_id = _field(form, "figure_id")
            result = view.correct(action, user, source=_field(form, "source"), target=_field(form, "target"),
                                  figure_id=_int(figure_id) if figure_id else None, figure_ids=figure_ids,
                                  label=_field(form, "label"))
            back = _after_correction(action, result, back)
    except (ReviewError, NotFound) as exc:
        return render(request, "error.html", {"status": 422, "message": str(exc)}, status_code=422)
    return RedirectResponse(back, status_code=303)


def _after_correction(action: str, result: dict[str, Any], back: str) -> str:
    """Where a reviewer lands after a correction: the quantity or claimant it made."""
    if action in ("merge_quantity", "split_quantity", "move_figure") and result.get("target"):
        return f"/quantity?key={_quote(result['target'])}"
    if action == "merge_claimant" and result.get("target"):
        return f"/claimant?name={_quote(result['target'])}"
    if action in ("split_claimant", "claimant_kind") and result.get("source"):
        return f"/claimant?name={_quote(result['source'])}"
    return back


def _int(value: str | None) -> int:
    try:
        return int(value or "")
    except ValueError:
        raise ReviewError(f"figure or correction id: {value!r} is not a number") from None


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")
