"""Placeholder while the rules are written; replaced in the next commit."""

from __future__ import annotations

from datetime import date

from claimtally.model import Figure


def extract_figures(text: str, published: date | None, doc_id: str) -> list[Figure]:
    return []
