"""One language's word lists (`data/ru/*.json`, `data/uk/*.json`), with every form generated.

The files list lemmas; this module turns them, once per language, into lookup tables from a
written form (folded lower case) to what the rules need: a number's value, a metric, a cue.
They load through `extract.lexicon.load`, so a `CLAIMTALLY_LEXICON_DIR/ru/metrics.json` extends
the Russian lists exactly as `CLAIMTALLY_LEXICON_DIR/metrics.json` extends the English ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claimtally.extract import lexicon
from claimtally.extract.slavic import morph

LANGUAGES = ("ru", "uk")


def load(lang: str, name: str) -> dict:
    return lexicon.load(f"{lang}/{name}")


def _words(phrases: list[str]) -> list[tuple[str, ...]]:
    return [tuple(morph.fold(w) for w in p.split()) for p in phrases]


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: one per language
class Lex:
    lang: str
    lemma: dict[str, frozenset[str]]  # written form -> the lexicon lemmas it can be a form of
    values: dict[str, float]  # number word form -> value
    collective: frozenset[str]
    scales: dict[str, float]  # form -> multiplier (тысяча, млн)
    halves: dict[str, float]
    singular_genitive: dict[str, float]
    half_words: dict[str, float]
    dozens: dict[str, float]
    vague_key: dict[str, str]  # form -> key used in vague phrases ("десятков" -> "десятки")
    vague: lexicon.PhraseIndex
    low_q: lexicon.PhraseIndex
    high_q: lexicon.PhraseIndex
    approx_q: lexicon.PhraseIndex
    approx_high: frozenset[tuple[str, ...]]
    low_verbs: frozenset[str]
    range_joiners: frozenset[str]
    range_openers: frozenset[str]
    more: frozenset[str]
    # metrics
    verbs: dict[str, str]  # lemma -> metric
    nouns: dict[str, str]
    phrases: lexicon.PhraseIndex  # lemma tuple -> metric
    persons: frozenset[str]
    military: frozenset[str]
    munitions: frozenset[str]
    launched_by_default: frozenset[str]
    materiel: frozenset[str]
    targets: frozenset[str]
    events: frozenset[str]
    places: frozenset[str]
    place_preps: frozenset[str]
    place_heads: frozenset[str]
    settlements: frozenset[str]
    kinds_all: frozenset[str]  # every counted-noun lemma of the kind lists
    exclusion_verbs: frozenset[str]
    partitive: frozenset[str]
    partitive_heads: frozenset[str]
    count_nouns: frozenset[str]
    count_verbs: frozenset[str]
    default_subject: str
    nominative: dict[str, str]
    from_which: lexicon.PhraseIndex
    copulas: frozenset[str]
    # exclusions
    after: frozenset[str]
    before: frozenset[str]
    # cues
    cue_verbs: frozenset[str]  # lemmas
    preps: lexicon.PhraseIndex
    nested: frozenset[tuple[str, ...]]
    impersonal: lexicon.PhraseIndex
    hedges: frozenset[str]
    pronouns: frozenset[str]
    backrefs: lexicon.PhraseIndex
    continuations: lexicon.PhraseIndex
    among: lexicon.PhraseIndex
    in_org: frozenset[str]
    np_break: frozenset[str]
    np_inner: frozenset[str]
    time_words: frozenset[str]
    channels: frozenset[str]
    remarks: tuple[re.Pattern[str], ...]
    kinds: list[tuple[str, tuple[str, ...], tuple[str, ...]]]  # kind, whole words, word starts
    default_kind: str
    dates: dict
    months: frozenset[str]

    def lemmas(self, word: str) -> frozenset[str]:
        return self.lemma.get(word, frozenset((word,)))


@cache
def get(lang: str) -> Lex:
    """The tables for `lang`; the first call loads the morphology dictionary (about a second)."""
    if lang not in LANGUAGES:
        raise ValueError(f"no Russian/Ukrainian rules for language {lang!r}")
    n, m, x, c, k, d = (load(lang, f) for f in ("numbers", "metrics", "exclusions", "cues", "claimants", "dates"))
    lemma: dict[str, set[str]] = {}

    def add(lemmas: list[str], pos: str | None = None) -> None:
        for phrase in lemmas:
            for w in phrase.split():
                w = morph.fold(w)
                for f in morph.forms(lang, w, pos) | morph.gerunds(lang, w):
                    lemma.setdefault(f, set()).add(w)

    def forms_of(lemmas: list[str] | dict, pos: str | None = None) -> dict[str, float]:
        items = lemmas.items() if isinstance(lemmas, dict) else ((w, 1) for w in lemmas)
        out: dict[str, float] = {}
        for w, v in items:
            for f in morph.forms(lang, morph.fold(w), pos):
                out.setdefault(f, v)
        return out

    values = forms_of(n["values"], "NUMR")
    values.update(forms_of({w: v for w, v in n["values"].items() if v == 1}, "ADJF"))
    collective = forms_of(n["collective"], "NUMR")
    values.update(collective)
    values.update({morph.fold(f): v for f, v in n["forms"].items()})
    scales = forms_of(n["scales"], "NOUN")
    scales.update({morph.fold(a): v for a, v in n["scale_abbreviations"].items()})
    vague_key: dict[str, str] = {}
    for key, base in n["vague_plurals"].items():
        for f in morph.forms(lang, morph.fold(base), "NOUN", tag="plur"):
            vague_key[f] = key
    for word in n["vague"]:
        first = word.split()[0]
        if first not in n["vague_plurals"]:
            for f in morph.forms(lang, first):
                vague_key.setdefault(f, first)
    q = n["qualifiers"]
    metric_spec = m["metrics"]
    verbs: dict[str, str] = {}
    nouns: dict[str, str] = {}
    phrases: dict[tuple[str, ...], str] = {}
    for name, spec in sorted(metric_spec.items(), key=lambda kv: kv[1].get("weight", 5)):
        for w in spec["verbs"]:
            verbs[morph.fold(w)] = name
        for w in spec["nouns"]:
            nouns[morph.fold(w)] = name
        for p in spec["phrases"]:
            phrases[tuple(morph.fold(w) for w in p.split())] = name
        add(spec["verbs"] + spec["nouns"] + spec["phrases"])
    word_lists = [
        m.get(key, [])
        for key in ("person_nouns", "military_nouns", "munitions", "materiel", "event_nouns", "place_nouns", "target_nouns")
    ]
    months = {f for forms in d["months"] for f in forms}
    add(c.get("channels", []))
    add(m.get("place_heads", []))
    for words in word_lists + [
        m["exclusion_verbs"],
        m["count_nouns"],
        m["count_verbs"],
        x["after"],
        x["before"],
        c["verbs"],
        q["low_verbs"],
    ]:
        add(words)
    kinds = []
    for kind in k["order"]:
        entries = [morph.fold(e) for e in k["kinds"][kind]]
        kinds.append((kind, tuple(e for e in entries if not e.endswith("*")), tuple(e[:-1] for e in entries if e.endswith("*"))))

    def fset(words: list[str]) -> frozenset[str]:
        return frozenset(morph.fold(w) for w in words)

    return Lex(
        lang=lang,
        lemma={f: frozenset(v) for f, v in lemma.items()},
        values=values,
        collective=frozenset(collective),
        scales=scales,
        halves=forms_of(n["halves"]),
        singular_genitive={morph.fold(k): v for k, v in n.get("singular_genitive", {}).items()},
        half_words={morph.fold(w): v for w, v in n["half_words"].items()},
        dozens=forms_of(n["dozens"], "NOUN"),
        vague_key=vague_key,
        vague=lexicon.PhraseIndex({tuple(w.split()): tuple(b) for w, b in n["vague"].items()}),
        low_q=lexicon.PhraseIndex({w: " ".join(w) for w in _words(q["low"])}),
        high_q=lexicon.PhraseIndex({w: " ".join(w) for w in _words(q["high"])}),
        approx_q=lexicon.PhraseIndex({w: " ".join(w) for w in _words(q["approx"])}),
        approx_high=frozenset(_words(q["approx_high"])),
        low_verbs=fset(q["low_verbs"]),
        range_joiners=fset(n["range_joiners"]),
        range_openers=fset(n["range_openers"]),
        more=fset(n["more"]),
        verbs=verbs,
        nouns=nouns,
        phrases=lexicon.PhraseIndex(phrases),
        persons=fset(m["person_nouns"]),
        military=fset(m["military_nouns"]),
        munitions=fset(m["munitions"]),
        launched_by_default=fset(m["launched_by_default"]),
        materiel=fset(m["materiel"]),
        targets=fset(m.get("target_nouns", [])),
        events=fset(m["event_nouns"]),
        places=fset(m["place_nouns"]),
        place_preps=fset(m.get("place_preps", [])),
        place_heads=fset(m.get("place_heads", [])),
        settlements=fset(m.get("settlement_words", [])),
        kinds_all=fset(
            m["person_nouns"]
            + m["military_nouns"]
            + m["munitions"]
            + m["materiel"]
            + m["event_nouns"]
            + m.get("target_nouns", [])
        ),
        exclusion_verbs=fset(m["exclusion_verbs"]),
        partitive=fset(m["partitive"]),
        partitive_heads=fset(c.get("partitive_heads", [])),
        count_nouns=fset(m["count_nouns"]),
        count_verbs=fset(m["count_verbs"]),
        default_subject=m["default_subject"],
        nominative={morph.fold(k): v for k, v in m.get("nominative", {}).items()},
        from_which=lexicon.PhraseIndex({w: " ".join(w) for w in _words(m["from_which"])}),
        copulas=fset(m.get("copulas", [])),
        after=fset(x["after"]) | fset(x["after_forms"]),
        before=fset(x["before"]) | fset(x["before_forms"]),
        cue_verbs=fset(c["verbs"]),
        preps=lexicon.PhraseIndex({w: " ".join(w) for w in _words(c["prepositional"])}),
        nested=frozenset(_words(c["nested"])),
        impersonal=lexicon.PhraseIndex({w: " ".join(w) for w in _words(c["impersonal"])}),
        hedges=frozenset(" ".join(w) for w in _words(c.get("hedges", []))),
        pronouns=fset(c["pronouns"]),
        backrefs=lexicon.PhraseIndex({w: " ".join(w) for w in _words(c["backrefs"])}),
        continuations=lexicon.PhraseIndex({w: " ".join(w) for w in _words(c["continuations"])}),
        among=lexicon.PhraseIndex({w: " ".join(w) for w in _words(m["among"])}),
        in_org=fset(c["in_org"]),
        np_break=fset(c["np_break"]),
        np_inner=fset(c["np_inner"]),
        time_words=fset(c["time_words"]),
        channels=fset(c.get("channels", [])),
        remarks=tuple(re.compile(p, re.IGNORECASE) for p in c.get("remarks", [])),
        kinds=kinds,
        default_kind=k["default_kind"],
        dates=d,
        months=frozenset(months),
    )
