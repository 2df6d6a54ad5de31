"""Which rules read a text: English, Russian or Ukrainian, per document or per paragraph.

The language comes from the caller when known (`--lang`, a page's metadata, ingest's detection)
and otherwise from the alphabet (`slavic.script`): a text mostly in Latin letters is read by the
English rules, one mostly in Cyrillic by the Russian or Ukrainian ones. A document that mixes
them (an English article quoting a Russian statement, a Ukrainian text with a Russian quote) is
read paragraph by paragraph, each by the rules of its own alphabet and letters. English texts
never load the morphology dictionaries.
"""

from __future__ import annotations

from datetime import date

from claimtally.model import Figure

#: Languages with rules (ISO 639-1); "auto" asks for detection.
LANGUAGES: tuple[str, ...] = ("en", "ru", "uk")
SLAVIC = frozenset({"ru", "uk"})
#: A paragraph this Cyrillic (share of letters) is read by the Russian/Ukrainian rules.
CYRILLIC_PARAGRAPH = 0.5


def _normalise(lang: str | None) -> str | None:
    if not lang or lang == "auto":
        return None
    return lang.strip().replace("_", "-").split("-")[0].lower() or None


def detect(text: str) -> str | None:
    """'en', 'ru' or 'uk' from the alphabet; None for a text without letters."""
    from claimtally.extract.slavic.script import script_language

    return script_language(text)


def segments(text: str, lang: str | None) -> list[tuple[int, int, str]]:
    """(start, end, language) stretches of `text`: whole paragraphs, neighbours of one language merged.

    `lang` is the document's language (or None); it decides between Russian and Ukrainian for a
    Cyrillic paragraph whose letters do not tell, and English paragraphs stay English.
    """
    from claimtally.extract.slavic.script import cyrillic_share, has_cyrillic, ru_or_uk

    lang = _normalise(lang)
    if not has_cyrillic(text):
        return [(0, len(text), "en" if lang in SLAVIC or lang is None else lang)]
    doc_slavic = lang if lang in SLAVIC else ru_or_uk(text, default="ru")
    out: list[tuple[int, int, str]] = []
    pos = 0
    for para in text.split("\n"):
        end = pos + len(para)
        if cyrillic_share(para) >= CYRILLIC_PARAGRAPH:
            here = ru_or_uk(para, default=doc_slavic) if lang not in SLAVIC else _paragraph_language(para, lang)
        elif any(ch.isalpha() for ch in para):
            here = "en"
        else:
            here = out[-1][2] if out else (lang or "en")
        if out and out[-1][2] == here:
            out[-1] = (out[-1][0], end, here)
        else:
            out.append((pos, end, here))
        pos = end + 1
    return out


def _paragraph_language(para: str, lang: str) -> str:
    """A paragraph of a Ukrainian text that is clearly Russian (a quote) is read as Russian, and
    the other way round; one whose letters do not tell keeps the document's language."""
    from claimtally.extract.slavic.script import ru_or_uk

    return ru_or_uk(para, default=lang) if len(para) >= 40 else lang


def route(text: str, published: date | None, doc_id: str, lang: str | None) -> list[Figure] | None:
    """Figures for a text in a language we read, or None for a language we do not read (the caller
    stores such a document and marks it)."""
    from claimtally.extract.pipeline import extract_figures

    code = _normalise(lang)
    if code is not None and code not in LANGUAGES:
        return None
    parts = segments(text, code)
    if len(parts) == 1 and parts[0][2] == "en":
        return extract_figures(text, published, doc_id)
    from claimtally.extract.slavic.pipeline import extract_figures as slavic_figures

    figures: list[Figure] = []
    for start, end, part_lang in parts:
        # each stretch is read on its own and its offsets moved back into the document: reading every
        # stretch against the whole (blanked) text would make a text of many short stretches quadratic
        part = text[start:end]
        if part_lang == "en":
            found = extract_figures(part, published, doc_id)
        else:
            found = slavic_figures(part, published, doc_id, part_lang)
        for f in found:
            f.start, f.end = f.start + start, f.end + start
        figures.extend(found)
    return figures
