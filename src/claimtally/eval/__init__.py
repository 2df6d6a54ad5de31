"""Scoring the extractor against gold records (spec section 7): `claimtally eval`.

`score(gold, predicted)` works on in-memory records; `evaluate(gold_dir, corpus)` runs the
extractor over a gold directory's articles and scores the result.
"""

from __future__ import annotations

from claimtally.eval.runner import EvalInputError, ExtractorFailed, evaluate
from claimtally.eval.scoring import Report, is_match, name_matches, normalise_name, score

__all__ = [
    "EvalInputError", "ExtractorFailed", "Report", "evaluate", "is_match", "name_matches",
    "normalise_name", "score",
]
