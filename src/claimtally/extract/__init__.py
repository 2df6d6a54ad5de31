"""Attributed-figure extraction: pure functions, text in, `Figure` records out, no I/O.

The public call is `extract(text, published=None, doc_id=None)`. Everything under this
package is rules a reader can follow and lexicons (in `data/`) a user can extend.
"""

from __future__ import annotations

from datetime import date

from claimtally.model import Figure
from claimtally.safetext import strip_controls

#: Inputs larger than this are refused rather than processed slowly (characters).
DEFAULT_MAX_CHARS = 5_000_000


class InputTooLarge(ValueError):
    """The text is larger than the configured limit; the message names the input."""


class UnsupportedLanguage(ValueError):
    """The text is in a language the extractor has no rules for; the message names the input."""


def extract(
    text: str,
    published: str | date | None = None,
    doc_id: str | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
    lang: str | None = None,
) -> list[Figure]:
    """Every attributed figure in `text`, in document order.

    `published` (ISO date or `date`) anchors relative dates such as "last Wednesday"; without
    it they stay null. `doc_id` becomes each record's `doc`. `lang` is the text's language
    (ISO 639-1: "en", "ru", "uk"; None or "auto" to tell from the alphabet). A text in a language
    with no rules gives `UnsupportedLanguage`; Russian and Ukrainian need the `ru-uk` extra.
    """
    if len(text) > max_chars:
        raise InputTooLarge(f"{doc_id or 'input'}: {len(text):,} characters is over the limit of {max_chars:,}")
    if isinstance(published, str):
        published = date.fromisoformat(published) if published else None
    # --- language routing (router.py): English, Russian, Ukrainian, per paragraph where mixed ---
    from claimtally.extract.router import route

    figures = route(text, published, doc_id or "-", lang)
    if figures is None:
        raise UnsupportedLanguage(f"{doc_id or 'input'}: no extraction rules for language {lang!r} (en, ru, uk)")
    # --- end of language routing ---
    # Labels taken from hostile text must not carry control characters on to terminals and
    # chart renderers (issue 11); `text` and `sentence` stay exact slices, escaped on display.
    for fig in figures:
        fig.claimant, fig.place = strip_controls(fig.claimant) or None, strip_controls(fig.place) or None
        fig.cue, fig.qualifier = strip_controls(fig.cue) or None, strip_controls(fig.qualifier) or None
        fig.subject = strip_controls(fig.subject) or ""
        fig.remarks = [r for r in (strip_controls(r) for r in fig.remarks) if r]
    return figures


__all__ = ["DEFAULT_MAX_CHARS", "InputTooLarge", "UnsupportedLanguage", "extract"]
