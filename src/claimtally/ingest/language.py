"""Which language a document is in, so texts the extractor cannot read are stored but not extracted.

py3langid (Lui & Baldwin's langid.py, with its model inside the PyPI wheel, so nothing is
downloaded at run time) classifies the text. Very short texts are unreliable to classify; for
those the page's own `lang` declaration is used when it has one, and otherwise the language
stays unknown (None), which the pipeline treats as "try extraction": losing figures from an
English text is worse than running the extractor over a few words of something else.
"""

from __future__ import annotations

from functools import lru_cache

#: Languages the extractor has rules for (ISO 639-1).
SUPPORTED_LANGUAGES: frozenset[str] = frozenset({"en", "ru", "uk"})

#: Below this many letters a statistical guess is not trusted.
MIN_LETTERS = 40

#: Enough prose to classify reliably (langid.py is accurate from a few sentences); classifying
#: a whole article would cost as much as a tenth of the HTML extraction.
SAMPLE_CHARS = 300


@lru_cache(maxsize=1)
def _identifier():  # noqa: ANN202 - py3langid has no public type for it
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _normalise_tag(tag: str | None) -> str | None:
    """`en-GB`, `EN_us` -> `en`; None for empty or odd values."""
    if not tag:
        return None
    primary = tag.strip().replace("_", "-").split("-")[0].lower()
    return primary if 2 <= len(primary) <= 3 and primary.isalpha() else None


def detect_language(text: str, declared: str | None = None) -> str | None:
    """ISO 639-1 code of `text`'s language, or None when it cannot be told.

    `declared` is what the source says (HTML `lang`, feed language); it is used only when the
    text is too short to classify, because page templates often declare the wrong language.
    """
    sample = text[:SAMPLE_CHARS]
    letters = sum(1 for ch in sample if ch.isalpha())
    if letters < MIN_LETTERS:
        return _normalise_tag(declared)
    lang, prob = _identifier().classify(sample)
    if prob < 0.5:
        return _normalise_tag(declared) or lang
    return lang


def is_supported(language: str | None) -> bool:
    """True when the extractor should run: a supported language, or one we could not tell."""
    return language is None or language in SUPPORTED_LANGUAGES
