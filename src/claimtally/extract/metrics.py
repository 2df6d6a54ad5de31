"""What a number counts: its metric (spec section 1), its subject noun phrase, and where.

The evidence is read around the number, strongest first: an active verb or nominal just before
the number ("killing at least six", "the massacre of some 300"), a participle modifying the
counted noun ("40 wounded soldiers"), a predicate after it ("498 of its troops have been
killed"), a counted noun that carries the metric by itself ("11,000 casualties"), a noun that
implies one unless a verb says otherwise ("thousands of troops" are deployed), and a total named
earlier in the clause ("put the number of refugees at 5.01 million"). A number with no evidence
is not a figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from claimtally.extract import lexicon
from claimtally.extract.numbers import NumberExpr
from claimtally.extract.subject import GLUED
from claimtally.extract.text import Token, capitalised_words

# metrics whose counted people undergo the verb: with an object after it they are its agents instead
PATIENT_METRICS = frozenset(
    {"killed", "wounded", "missing", "trapped", "captured", "detained", "charged", "evacuated", "deployed"}
)
OBJECT_STARTERS = frozenset({"the", "a", "an", "their", "his", "her", "its", "our", "several", "dozens", "hundreds"})
WEAK_REFUGEE_VERBS = frozenset({"received", "welcomed", "hosting", "hosts", "in"})
PARTICIPLES = frozenset({"dead", "hurt", "missing", "slain", "shot", "held", "taken"})
POSSESSIVES = frozenset({"our", "your", "my"})  # "its", "their" stay: the possessor is resolved later
SINGULAR_VERBS = frozenset({"has", "is", "was", "says"})
NOUN_DETERMINERS = frozenset({"a", "an", "the", "his", "her", "their", "its", "this", "that"})
QUOTE_MARKS = frozenset({"“", "”", '"'})
CLAUSE_END = frozenset({".", ";", ":", "—", "–", "(", ")", "!", "?", "“", "”", '"'})
AFTER_WINDOW = 14
#: metrics whose nouns name the outcome itself ("bodies", "injured"): such a head noun outweighs a later predicate
OUTCOME_NOUN_METRICS = frozenset({"killed", "wounded"})
LIST_SEPARATORS = frozenset({",", "and", "or"})
MAX_LIST = 12  # items of one list followed back to the verb that governs them
NP_MAX_STEPS = 14
BACK_WINDOW = 14


@dataclass(slots=True)
class Counted:
    metric: str
    np: tuple[int, int]  # token span of the counted noun phrase (may be empty)
    subject_tokens: list[Token]
    evidence: str


@dataclass(frozen=True, slots=True)
class _MLex:
    strong: dict[tuple[str, ...], str]
    weak: dict[tuple[str, ...], str]
    after: dict[tuple[str, ...], tuple[str, ...]]
    before: dict[tuple[str, ...], tuple[str, ...]]
    targets: dict[tuple[str, ...], str]
    places: frozenset[str]
    place_preps: frozenset[str]
    persons: frozenset[str]
    grown_persons: frozenset[str]
    general: dict[tuple[str, ...], str]
    person_metrics: frozenset[str]
    events: frozenset[str]
    materiel: frozenset[str]
    population: frozenset[str]
    months: frozenset[str]
    measure_units: frozenset[str]
    continuation: dict[tuple[str, ...], str]
    np_stop: frozenset[str]
    report_heads: frozenset[str]
    lead_skip: frozenset[str]
    after_heads: frozenset[str]
    metric_heads: frozenset[str]
    continues: dict[tuple[str, ...], str]
    total_words: frozenset[str]
    total_nouns: dict[str, str]
    finite_verbs: frozenset[str]
    troop_verbs: frozenset[str]
    no_zero_metrics: frozenset[str]
    auxiliaries: frozenset[str]
    passive_markers: frozenset[str]
    dwellings: frozenset[str]
    case_verbs: frozenset[str]
    protest_events: frozenset[str]
    migration_context: frozenset[str]
    attack_verbs: frozenset[str]
    protest_nouns: frozenset[str]
    victim_verbs: frozenset[str]
    victim_heads: frozenset[str]
    clause_openers: frozenset[str]
    sense_breakers: frozenset[str]
    time_nouns: frozenset[str]
    agent_links: frozenset[str]
    compound_heads: frozenset[str]
    copulas: frozenset[str]
    civilian_verbs: frozenset[str]
    clause_verbs: frozenset[str]
    total_links: frozenset[str]


@cache
def _lex() -> _MLex:
    data = lexicon.load("metrics")
    grammar = lexicon.load("grammar")
    classes = lexicon.load("wordclasses")
    strong: dict[tuple[str, ...], str] = {}
    weak: dict[tuple[str, ...], str] = {}
    after: dict[tuple[str, ...], tuple[str, ...]] = {}
    before: dict[tuple[str, ...], tuple[str, ...]] = {}
    # nouns: the highest-weight metric wins a shared noun; verbs keep every metric they may name,
    # highest weight first, and the counted noun decides ("launched 6 missiles" / "launched 20 attacks")
    for name, spec in sorted(data["metrics"].items(), key=lambda kv: -kv[1].get("weight", 5)):
        for key, target in (("nouns", strong), ("weak_nouns", weak)):
            for phrase in lexicon.expand_all(spec.get(key, [])):
                target.setdefault(tuple(phrase.split()), name)
        for key, verbs in (("after", after), ("before", before)):
            for phrase in lexicon.expand_all(spec.get(key, [])):
                words = tuple(phrase.split())
                if name not in verbs.get(words, ()):
                    verbs[words] = (*verbs.get(words, ()), name)
    strong, weak, after, before = (lexicon.PhraseIndex(d) for d in (strong, weak, after, before))
    return _MLex(
        strong=strong,
        weak=weak,
        after=after,
        before=before,
        targets=lexicon.phrases(data["target_nouns"]),
        places=frozenset(data["place_nouns"]),
        place_preps=frozenset(data["place_preps"]),
        persons=frozenset(data["person_nouns"]),
        grown_persons=frozenset(w.lower() for w in classes["person_nouns"]),
        general=lexicon.phrases(data["general_before"]),
        person_metrics=frozenset(data["person_metrics"]),
        events=frozenset(data.get("event_words", [])),
        materiel=frozenset(data["materiel_nouns"]) | frozenset(classes["materiel_nouns"]),
        population=frozenset(data["population_heads"]),
        months=frozenset(lexicon.load("exclusions")["months"]),
        measure_units=_units(lexicon.load("exclusions")["after"]),
        continuation=lexicon.phrases(data["continuation"]),
        np_stop=frozenset(grammar["np_stop"]),
        report_heads=frozenset(grammar.get("report_heads", ())),
        lead_skip=frozenset(grammar["np_lead_skip"]),
        after_heads=frozenset(k[0] for k in after),
        metric_heads=frozenset({"casualties", "casualty", "deaths", "fatalities", "losses", "injuries", "death", "toll"}),
        total_words=frozenset(lexicon.expand_all(data["total_words"])),
        total_nouns=data["total_nouns"],
        finite_verbs=frozenset(classes["finite_verbs"]),
        troop_verbs=frozenset(lexicon.expand_all(data["troop_verbs"])),
        no_zero_metrics=frozenset(data["no_zero_metrics"]),
        auxiliaries=frozenset(grammar["auxiliaries"]),
        passive_markers=frozenset(grammar["passive_markers"]),
        dwellings=frozenset(data["dwellings"]),
        case_verbs=frozenset(lexicon.expand_all(data["case_verbs"])),
        protest_events=frozenset(lexicon.expand_all(data["protest_events"])),
        attack_verbs=frozenset(lexicon.expand_all(data.get("attack_verbs", []))),
        migration_context=frozenset(lexicon.expand_all(data.get("migration_context", [])))
        | frozenset(w.lower() for w in grammar["demonyms"]),
        protest_nouns=frozenset(data["protest_nouns"]),
        victim_verbs=frozenset(lexicon.expand_all(data["victim_verbs"])),
        victim_heads=frozenset(data["victim_heads"]),
        clause_openers=frozenset(grammar["clause_openers"]),
        sense_breakers=frozenset(grammar.get("sense_breakers", ())),
        time_nouns=frozenset(grammar.get("time_nouns", ())),
        agent_links=frozenset(grammar.get("agent_links", ())),
        compound_heads=frozenset(grammar["compound_heads"]),
        copulas=frozenset(grammar["copulas"]),
        civilian_verbs=frozenset(lexicon.expand_all(data["civilian_verbs"])),
        clause_verbs=frozenset(lexicon.expand_all(lexicon.load("cues")["verbs"])) | frozenset(grammar["clause_verbs"]),
        total_links=frozenset(lexicon.expand_all(data["total_links"])),
        continues=lexicon.PhraseIndex(
            {tuple(p.split()): scope for scope, phrases in data["continues_count"].items() for p in phrases}
        ),
    )


def metric_noun(word: str) -> str | None:
    """The metric a counted noun carries by itself ('bodies': killed, 'refugees'), if any."""
    return _lex().strong.get((word.lower(),))


def counts_people(metric: str) -> bool:
    """Killed, wounded, detained...: metrics whose counted things are people."""
    return metric in _lex().person_metrics


def total_lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """The words that name a total ('number', 'toll') and those that link it to its number ('reached')."""
    lx = _lex()
    return lx.total_words, lx.total_links


def has_predicate(words: list[str], k: int) -> bool:
    """Does a verb of its own follow a noun phrase ending at word k ("40 girls were married off",
    "a few Africans see out their contract")? Then the phrase is a clause's subject."""
    lx = _lex()
    while k < len(words) and (words[k].endswith("ly") or words[k] in ("still", "also", "all")):
        k += 1
    return k < len(words) and (words[k] in lx.auxiliaries or words[k] in lx.finite_verbs)


def never_zero(metric: str) -> bool:
    """'No officer assigned', 'no crowds': a zero of these metrics is not a count anyone makes."""
    return metric in _lex().no_zero_metrics


def continues_count(words_before: list[str]) -> str | None:
    """'across_sentences' or 'within_sentence' when the words just before a number make it the same
    count as the one named before it ('up from 65', 'including four children'), else None."""
    return _phrase_ending_at(_lex().continues, words_before, len(words_before))


def _is_word(tok: Token) -> bool:
    return tok.text[0].isalpha()


def _units(after: list[str]) -> frozenset[str]:
    """Units of measure (from the exclusions' 'after' words), singular forms too ("500-pound")."""
    units = {w for w in after if w not in ("%", "percent", "per", "percentage", "points", "percentage points")}
    return frozenset(units | {w[:-1] for w in units if w.endswith("s") and len(w) > 3})


def _past_measure(toks: list[Token], k: int) -> int:
    """The token after a measure that modifies the counted noun ("120 mm", "155mm", "500-pound")."""
    n = len(toks)
    if k >= n or not toks[k].text[:1].isdigit():
        return k
    units = _lex().measure_units
    if k + 1 < n and toks[k + 1].start == toks[k].end and toks[k + 1].lower in units:
        return k + 2  # "155mm"
    if k + 2 < n and toks[k + 1].text in ("-", "–") and toks[k + 2].lower in units:
        return k + 3  # "500-pound"
    if k + 1 < n and toks[k + 1].lower in units:
        return k + 2  # "120 mm"
    return k


def noun_phrase(toks: list[Token], j: int, skip: set[int]) -> tuple[int, int]:
    """Token span of the noun phrase a number counts, starting at token j ("of" partitives included).

    `skip` holds token indices of other number expressions that may sit inside the phrase
    ("12 of Russia's 70-plus battalion tactical groups").
    """
    lx = _lex()
    n = len(toks)
    k = j
    if k < n and toks[k].lower == "of":
        k += 1
        if k < n and toks[k].lower in ("the", "them", "those", "these"):
            if toks[k].lower != "the":
                # "three of them were killed", "three of those killed": the predicate follows the pronoun
                nxt = toks[k + 1].lower if k + 1 < n else ""
                verb = nxt in lx.auxiliaries or (nxt in lx.after_heads and _participle(nxt))
                return (k + 1, k + 1) if verb else (k, k)  # "the three of them in the hospital" says nothing
            k += 1
        elif k < n and toks[k].lower in POSSESSIVES:
            k += 1  # "2 of our deputies were shot": the noun after the possessive is counted
    while k < n and toks[k].lower in lx.lead_skip and toks[k].lower not in ("its", "their", "his", "her"):
        k += 1
    lead = k
    k = _past_measure(toks, k)  # "two 120 mm rounds", "three 155mm shells": a calibre, then the noun
    start = k
    end = k
    if start < n and w_is_predicate(toks, start):
        return (start, start)  # "85 taken prisoner", "59 injured and ...": no noun, the predicate follows
    words = 0
    steps = 0
    while k < n and words < 7 and steps < NP_MAX_STEPS:
        steps += 1
        t = toks[k]
        w = t.lower
        if k in skip:
            k += 1
            continue
        if t.text in ("-", "–") and end > start and k + 1 < n and toks[k + 1].start == t.end and t.start == toks[k - 1].end:
            k += 1
            continue
        if w in ("its", "their", "his", "her") and k == start:
            k += 1
            end = k
            continue
        if (
            t.text[0].isdigit()
            and end > start
            and k > 0
            and toks[k - 1].text in ("-", "–")
            and toks[k - 1].start == toks[k - 2].end
        ):
            k += 1
            end = k
            continue  # a model number inside a name: "MiG-29 jets", "Kh-101 missiles"
        if not _is_word(t):
            if t.text == "," and end > start and _list_continues(toks, k):
                k += 1
                continue
            break
        if (
            w == "and"
            and end > start
            and k + 1 < n
            and (k + 1) not in skip  # "nine soldiers and three civilians": that count has its own noun
            and _is_word(toks[k + 1])
            and (toks[k + 1].lower not in lx.np_stop or toks[k + 1].lower == "other")
            and not toks[k + 1].lower.endswith(("ed", "ing"))
            and toks[k + 1].lower not in lx.after_heads
            and (toks[k + 1].lower,) not in lx.before
            and not _new_clause_subject(toks, k + 1)
        ):
            k += 1
            continue
        if w == "of" and end > start and toks[k - 1].lower in lx.report_heads and k + 1 < n and _is_word(toks[k + 1]):
            k += 1  # "2,000 reports of crimes against civilians": the complement says what is counted
            continue
        if w in lx.np_stop and not (w == "other" and end > start and toks[k - 1].lower == "and"):
            break
        if k > start and toks[k].start - toks[k - 1].end > 1:
            break  # a gap left by a stripped dash or line break
        if w.endswith("ing") and not (k == start and (w,) in lx.strong) and not w.endswith("killing"):
            break  # a participle ends the phrase, unless it leads it as a metric ("40 missing sailors")
        if w.endswith("ed") and end > start and _known_noun(toks[k - 1].lower):
            break  # a verb after the head noun: "demonstrators | blocked roads"
        if (
            end > start
            and w in lx.after_heads
            and (w in PARTICIPLES or w.endswith("ed") or not _known_noun(w))
            and names_people(toks[k - 1 : k], [toks[k - 1].lower])
        ):
            break  # "left four people | dead", "20 guards | wounded": a predicate after a people noun
        if end > start and w in lx.finite_verbs and not _known_noun(w):
            break  # "a crowd of 150 people | threw stones", "demonstrators | demand"
        if (
            (w in lx.after_heads or w.endswith("ed"))
            and ((k == start and (w.endswith("ed") or w in PARTICIPLES)) or not _known_noun(w))
            and (k + 1 >= n or not _is_word(toks[k + 1]) or toks[k + 1].lower in lx.np_stop)
        ):
            break
        k += 1
        end = k
        words += 1
        if w == "others" or GLUED.match(w):
            break
    return (lead if end > start else start, end)  # the calibre stays in the subject: "120 mm rounds"


def _new_clause_subject(toks: list[Token], k: int) -> bool:
    """Is the capitalised word at k, with a verb right after it, the subject of a new clause
    ("nine more deaths and Wales has reported one"), not a conjunct of the phrase?"""
    lx = _lex()
    if not toks[k].text[:1].isupper() or k + 1 >= len(toks):
        return False
    nxt = toks[k + 1].lower
    if nxt in SINGULAR_VERBS:
        return True  # "... and Wales has": a conjunct would take "have"
    return (nxt in lx.auxiliaries or nxt in lx.finite_verbs) and not names_people(toks[k : k + 1], [toks[k].lower])


def w_is_predicate(toks: list[Token], k: int) -> bool:
    """Does a metric predicate of several words start at token k and end the phrase there
    ("taken prisoner.", "lost their lives,")? One-word predicates are read in `noun_phrase`."""
    lx = _lex()
    words = [t.lower for t in toks[k : k + 5]]
    hit = lexicon.longest_match(lx.after, words, 0, 4)
    if not hit or hit[0] < 2 or words[0] not in lexicon.verb_forms():
        return False
    nxt = k + hit[0]
    return nxt >= len(toks) or not _is_word(toks[nxt]) or toks[nxt].lower in lx.np_stop


def _known_noun(word: str) -> bool:
    lx = _lex()
    return (
        word in lx.persons
        or word in lx.grown_persons
        or word in lx.materiel
        or word in lx.places
        or (word,) in lx.strong
        or (word,) in lx.weak
        or (word,) in lx.targets
    )


def _list_continues(toks: list[Token], k: int) -> bool:
    """After a comma inside a noun phrase: does a list of modifiers ending in "and X" follow?"""
    lx = _lex()
    seen_and = False
    for m in range(k + 1, min(k + 12, len(toks))):
        w = toks[m].lower
        if w == "and":
            seen_and = True
        elif w == "," or w == "other":
            continue
        elif not _is_word(toks[m]) or (w in lx.np_stop):
            return False
        elif seen_and:
            return True
    return False


def _phrase_in(index: dict[tuple[str, ...], str], words: list[str], lo: int, hi: int) -> tuple[str, int, int] | None:
    """The rightmost longest phrase of `index` inside words[lo:hi]: (value, start, length)."""
    best = None
    for p in range(lo, hi):
        hit = lexicon.longest_match(index, words, p, 4)
        if hit and p + hit[0] <= hi:
            best = (hit[1], p, hit[0])
    return best


def _attacked_with(words: list[str], i: int) -> bool:
    """'struck the cruiser Moskva with two missiles': an attack verb earlier in the clause, then
    'with' right before the number."""
    if i < 2 or words[i - 1] != "with":
        return False
    lx = _lex()
    for p in range(i - 2, max(-1, i - 16), -1):
        if words[p] in CLAUSE_END or words[p] == ",":
            return False
        if words[p] in lx.attack_verbs:
            return True
    return False


def _munitions(metric: str, weak: tuple[str, int, int] | None) -> str:
    """Missiles and drones that are shot down or downed were intercepted, not destroyed."""
    if metric == "destroyed" and weak and weak[0] == "launched":
        return "intercepted"
    return metric


def _head_phrase(index: dict[tuple[str, ...], str], np_words: list[str]) -> tuple[str, int, int] | None:
    """A phrase of `index` that ends the noun phrase (its head): 'troops', not 'troops concentrations'."""
    hit = _phrase_in(index, np_words, 0, len(np_words))
    if hit and hit[1] + hit[2] == len(np_words):
        return hit
    return None


def _coordinated_before(
    toks: list[Token], words: list[str], expr: NumberExpr, others: list[NumberExpr], skip: set[int]
) -> tuple[str, ...] | None:
    """'hit 1,260 facilities and 1,214 concentrations', 'destroyed 838 tanks, 2,162 armoured vehicles,
    176 planes and 153 helicopters': every object of a list shares the first one's verb."""
    current = expr
    for _ in range(MAX_LIST):
        k = current.i
        while k > 0 and words[k - 1] in LIST_SEPARATORS:
            k -= 1
        if k == current.i:
            return None
        prev = next((o for o in others if o is not current and o.j <= k and noun_phrase(toks, o.j, skip)[1] == k), None)
        if prev is None:
            return None
        found = _before_evidence(words, prev.i)
        if found:
            return found
        current = prev
    return None


def _phrase_ending_at(index: lexicon.PhraseIndex, words: list[str], end: int) -> Any:
    if end <= 0 or words[end - 1] not in index.lasts:
        return None
    for n in index.lengths:
        if end - n >= 0:
            hit = index.get(tuple(words[end - n : end]))
            if hit:
                return hit
    return None


def general_size(words: list[str], expr: NumberExpr) -> bool:
    """'a battalion usually has about 800 troops', 'a city of 430,000': sizes, not counts."""
    lx = _lex()
    i = expr.i
    if i >= 2 and words[i - 1] == "of" and words[i - 2] in lx.population:
        return True
    if i >= 3 and words[i - 1] == "of" and words[i - 3] in lx.population:
        return True
    if i >= 1 and words[i - 1].rstrip("’'s") in lx.population and words[i - 1].endswith(("'s", "’s")):
        return True  # "the city's 200,000 residents" is its population
    lo = max(0, i - 6)
    for p in range(lo, i):
        if words[p] in CLAUSE_END or words[p] == ",":
            lo = p + 1
    return _phrase_in(lx.general, words, lo, i) is not None


def classify(
    toks: list[Token],
    expr: NumberExpr,
    others: list[NumberExpr],
    words: list[str] | None = None,
    skip: set[int] | None = None,
    migration: bool | None = None,
) -> Counted | None:
    """The metric and counted noun phrase of a number, or None when it counts nothing in scope.

    `others` are the sentence's number expressions; callers classifying many numbers of one
    sentence pass its lower-cased `words` and the token indices of all numbers (`skip`) once.
    `migration` says whether the document is about people on the move (see `mentions_migration`);
    None reads it from the sentence alone.
    """
    lx = _lex()
    if words is None:
        words = [t.lower for t in toks]
    if general_size(words, expr):
        return None
    if skip is None:
        skip = {k for o in others for k in range(o.i, o.j)}
    np_start, np_end = noun_phrase(toks, expr.j, skip)
    np_words = [words[k] for k in range(np_start, np_end) if k not in skip]
    subject = [toks[k] for k in range(np_start, np_end) if k not in skip]

    # places counted in a clause about other counts: "across more than 100 cities"
    if np_words and np_words[-1] in lx.places and expr.i > 0 and words[expr.i - 1] in lx.place_preps:
        return Counted("locations", (np_start, np_end), subject, "place")
    # places that events befell: "five towns were shelled", "struck 30 villages"
    if np_words and np_words[-1] in lx.places:
        attacked = _before_evidence(words, expr.i) or _after_evidence(words, np_end, toks, AFTER_WINDOW, tight=True)
        if attacked and "incidents" in attacked:
            return Counted("locations", (np_start, np_end), subject, "place")

    strong = _phrase_in(lx.strong, np_words, 0, len(np_words))
    weak = _head_phrase(lx.weak, np_words)
    target = _phrase_in(lx.targets, np_words, 0, len(np_words))
    person = names_people(subject, np_words)

    # "bursts of nine and 12 shots", "four or five people": the first number counts the second's noun
    if not np_words and expr.j + 1 < len(words) and words[expr.j] in ("and", "or"):
        nxt = next((o for o in others if o.i == expr.j + 1), None)
        if nxt is not None:
            np_start, np_end = noun_phrase(toks, nxt.j, skip)
            np_words = [words[k] for k in range(np_start, np_end) if k not in skip]
            subject = [toks[k] for k in range(np_start, np_end) if k not in skip]
            strong = _phrase_in(lx.strong, np_words, 0, len(np_words))
            weak = _head_phrase(lx.weak, np_words)
            target = _phrase_in(lx.targets, np_words, 0, len(np_words))
            person = names_people(subject, np_words)

    # appositive with no noun of its own: "the refugees, over 2.8 million, fled"
    if not np_words and expr.i >= 2 and words[expr.i - 1] == "," and expr.j < len(words) and words[expr.j] == ",":
        a_start, a_end = _noun_phrase_before(toks, expr.i - 1)
        if a_end > a_start:
            subject = toks[a_start:a_end]
            np_words = words[a_start:a_end]
            strong = _phrase_in(lx.strong, np_words, 0, len(np_words))
            weak = _head_phrase(lx.weak, np_words)

    via: tuple[str, ...] = ()

    def allowed(metric: str) -> bool:
        if (
            metric == "refugees"
            and via
            and via[0] in WEAK_REFUGEE_VERBS
            and not ((strong and strong[0] == "refugees") or any(w in lx.persons for w in np_words))
        ):
            return False  # "received 2", "hosts several manufacturers": hosting is not fleeing
        moving = mentions_migration(words) if migration is None else migration
        if metric == "refugees" and not (strong and strong[0] == "refugees") and not moving:
            return False  # "five players have left", "95 staff were seen entering the building"
        if metric == "evacuated" and np_words and np_words[-1] in lx.dwellings:
            return True  # "dozens of homes were evacuated"
        head_strong = strong and strong[0] == metric and strong[1] + strong[2] == len(np_words)
        if metric in lx.person_metrics and np_words and not person and not head_strong:
            return False  # "thousands of dead fish": "dead" is a modifier here, and fish are not people
        if metric == "deployed" or (metric == "casualties" and via and via[0] in lx.troop_verbs):
            # a verb that deploys ("fighting for", "enrolled in", "sent") counts people of any kind
            verb_deploys = (
                metric == "deployed"
                and person
                and not (strong and strong[0] != "deployed")
                and not (via and via[0] in lx.troop_verbs)  # "added 36 million subscribers" deploys no one
            )
            return bool(weak and weak[0] == "deployed") or bool(strong and strong[0] == "deployed") or verb_deploys
        if metric in ("launched", "intercepted"):
            return bool(weak and weak[0] == "launched")
        if metric == "destroyed":
            if weak and weak[0] == "launched":
                return True  # becomes "intercepted"
            if not np_words:
                return True  # "1,500 homes had been destroyed and 300 damaged": the noun is the sibling's
            return bool(np_words) and not names_people(subject[-1:], np_words[-1:]) and any(w in lx.materiel for w in np_words)
        protest_noun = strong and strong[0] == "participants" and np_words[-1] in lx.protest_nouns
        if metric == "participants" and not protest_noun and not any(w in lx.protest_events for w in words):
            return False  # "attracts two million customers", "15,180 turned out" for a football match
        if metric == "incidents":
            named_crime = strong and strong[0] == "incidents" and strong[2] > 1  # "criminal cases", "cases of torture"
            if target and np_words[-1:] == ["cases"] and not named_crime and not (via and via[0] in lx.case_verbs):
                return False  # "reported 6 million cases" of a disease; "opened 90 cases" are criminal cases
            return bool(target) or bool(strong and strong[0] == "incidents")
        return True

    def first_allowed(metrics: tuple[str, ...] | None) -> str | None:
        return next((m for m in metrics or () if allowed(m)), None)

    # a participle modifying the counted noun: "40 wounded soldiers", "7 million displaced people"
    partitive = expr.j < len(words) and words[expr.j] == "of"
    # ("dozens of missing sailors": the "of" of a vague number is no partitive)
    modifier = None
    if not (partitive and expr.kind != "vague") and len(np_words) >= 2:
        modifier = _phrase_in(lx.after, np_words, 0, len(np_words) - 1)
    if modifier and not _participle(np_words[modifier[1]]):
        modifier = None  # "four protest leaders": a noun modifier, not "40 wounded soldiers"
    # "at least five of the seven cars derailed": the verb counts the five; the seven is the whole
    # ("only one of the three officers was charged": "one of" is no number, but the three is a whole;
    # "one of thousands of Africans who fought" is no whole: it counts the Africans)
    of_at = expr.i - 1 if expr.i > 0 and words[expr.i - 1] == "of" else expr.i - 2
    one_of_the = words[of_at - 1 : of_at + 2] == ["one", "of", "the"]
    whole = of_at > 0 and words[of_at] == "of" and ((of_at - 1) in skip or one_of_the) and (of_at - 1) < expr.i
    before_metrics = None if whole else _before_evidence(words, expr.i) or _coordinated_before(toks, words, expr, others, skip)
    via = (words[expr.i - 1],) if expr.i else ()
    lost_materiel = via and via[0] in lx.troop_verbs and any(w in lx.materiel for w in np_words)
    if before_metrics and "casualties" in before_metrics and lost_materiel:
        before_metrics = ("destroyed",)  # "Russia has lost 3,000 tanks"
    before = first_allowed(before_metrics)
    if before:
        return Counted(_munitions(before, weak), (np_start, np_end), subject, "before")
    if weak and weak[0] == "launched" and _attacked_with(words, expr.i):
        return Counted("launched", (np_start, np_end), subject, "before")
    modified = first_allowed(modifier[0]) if modifier else None
    if modifier and modified:
        # "40 wounded soldiers" counts soldiers; the participle is the metric
        rest = subject[: modifier[1]] + subject[modifier[1] + modifier[2] :]
        return Counted(modified, (np_start, np_end), rest or subject, "modifier")
    # the object of a verb ("the floods affected 33 million people and killed 1,100") has no predicate
    # of its own after it, only a reduced or relative clause right after its noun ("people killed", "who died")
    relative = max(np_end, expr.j) < len(words) and words[max(np_end, expr.j)] in ("who", "that", "which")
    window = (6 if relative else 1) if _object_of_verb(words, expr.i) else (AFTER_WINDOW if np_words else 4)
    after = None if whole else first_allowed(_after_evidence(words, max(np_end, expr.j), toks, window, not np_words))
    if after and strong and strong[0] in OUTCOME_NOUN_METRICS and strong[0] != after and strong[1] + strong[2] == len(np_words):
        after = strong[0]  # "counted 3,000 bodies in the rubble": bodies are dead, whatever the clause says next
    if after:
        return Counted(_munitions(after, weak), (np_start, np_end), subject, "after")
    if strong and allowed(strong[0]):
        return Counted(strong[0], (np_start, np_end), subject, "noun")
    if weak and weak[0] != "launched":
        return Counted(weak[0], (np_start, np_end), subject, "weak-noun")
    back = _back_evidence(toks, words, expr.i)
    if back:
        metric, b_subject = back
        return Counted(metric, (np_start, np_end), b_subject if not np_words else subject, "back")
    return None


# endings that name people in words no lexicon knows ("Mariupolians"); "-ers", "-ists", "-ees" also
# end "lasers", "lists" and "fees", and the people among them are in the grown person nouns
PEOPLE_SUFFIXES = ("ians", "men", "women", "people", "children", "folk")


def mentions_migration(words: list[str]) -> bool:
    """Do the words speak of people on the move (refugees, a border, a country, a war)? Only then
    do verbs like "left" or "entered" count refugees."""
    ctx = _lex().migration_context
    return any(w in ctx for w in words)


def mentions_metric(words: list[str]) -> bool:
    """Does a sentence speak of counted events at all (a participle or noun from the metric lexicon)?"""
    lx = _lex()
    return any(w in lx.events for w in words) or any(
        lexicon.longest_match(lx.after, words, p, 4) or lexicon.longest_match(lx.strong, words, p, 4) for p in range(len(words))
    )


def names_people(subject: list[Token], np_words: list[str]) -> bool:
    """Does the counted noun phrase name people? Its head decides ('Russian soldiers', 'protesters',
    'Jews'; not 'reports', 'RBIs', 'dead fish'), read past trailing adverbs a loose phrase may hold."""
    lx = _lex()
    k = len(np_words) - 1
    while k > 0 and (np_words[k].endswith("ly") or np_words[k] in lx.np_stop):
        k -= 1
    if k < 0:
        return False
    t, w = subject[k], np_words[k]
    glued = GLUED.match(w)
    if glued:
        w = glued.group(1)  # "civiliansin" -> "civilians"
    if w in lx.persons or w in lx.grown_persons or lx.strong.get((w,)) in lx.person_metrics or lx.weak.get((w,)) == "deployed":
        return True
    if any(s in lx.grown_persons for s in _singulars(w)):
        return True  # a regular plural the grown list lacks ("cops", "countesses")
    if w.endswith(PEOPLE_SUFFIXES) and not t.text.isupper() and w not in lx.materiel:
        return True
    capitals = sum(x.text[:1].isupper() for x in subject)
    # a capitalised plural no lexicon knows ("Yazidis", "Rohingyas"), alone in its phrase
    return t.text[:1].isupper() and t.text[1:].islower() and w.endswith("s") and len(w) > 3 and capitals == 1


def _singulars(w: str) -> tuple[str, ...]:
    """The singulars a regular English plural may have: "cops" -> "cop", "countesses" -> "countess",
    "deputies" -> "deputy"."""
    if len(w) < 4 or not w.endswith("s") or w.endswith("ss"):
        return ()
    if w.endswith("ies"):
        return (w[:-3] + "y",)
    return (w[:-1], w[:-2]) if w.endswith("es") else (w[:-1],)


def _noun_phrase_before(toks: list[Token], end: int) -> tuple[int, int]:
    lx = _lex()
    k = end
    while k > 0 and _is_word(toks[k - 1]) and toks[k - 1].lower not in lx.np_stop and end - k < 5:
        k -= 1
    return (k, end)


def _after_evidence(
    words: list[str], start: int, toks: list[Token], window: int = AFTER_WINDOW, tight: bool = False
) -> tuple[str, ...] | None:
    """The first predicate after the counted noun that names a metric, within the clause.

    `tight` (a number with no noun of its own: "and 300 damaged", "59 injured") lets only
    auxiliaries and adverbs stand between the number and its predicate, so "the Sweet 16 before
    losing" or "16 ... and more" do not borrow a verb from another clause.
    """
    lx = _lex()
    p = start
    counted = 0
    title_case: bool | None = None  # read only when a capitalised word would be a predicate
    deed = False
    while p < len(words) and counted < window:
        w = words[p]
        if w in QUOTE_MARKS:
            p += 1  # 'four assailants, including an "Arab", were killed': a quoted word, not a clause end
            continue
        if w in CLAUSE_END or w in ("along", "while", "whereas", "but"):
            break
        if w in lx.clause_openers and p > start:
            break  # "executives who've sniped that Sony has sent ...", "... as 30 were arrested": a new clause
        if w[0].isalnum():
            counted += 1
        if w in ("and", ",") and p + 1 < len(words) and toks[p + 1].text[0].isdigit() and p > start:
            break
        hit = lexicon.longest_match(lx.after, words, p, 6)
        if hit and w in lx.victim_verbs and (start == 0 or words[start - 1] not in lx.victim_heads):
            hit = None  # "40 victims were buried" were killed; "two Picts were buried as Vikings" says nothing
        if hit and w in lx.civilian_verbs and (
            (start > 0 and (words[start - 1],) in lx.weak) or words[p + 1 : p + 2] in (["back"], ["home"])
        ):
            hit = None  # "5,000 migrants crossed the Channel" fled; troops crossing a river, people crossing back did not
        if hit and hit[0] == 1 and w in lx.troop_verbs and (start == 0 or (words[start - 1],) not in lx.weak):
            hit = None  # "30 troops were sent"; "five players sent off" deploys no one
        if hit and hit[0] == 1 and not w.endswith("ed") and p + 1 < len(words) and _noun_like(toks[p + 1]):
            hit = None  # "mountain rescue teams", "protest leaders": a noun modifier, not a predicate
        if hit and w.endswith("ing") and _determined(words, p, start):
            hit = None  # "survivors of a drive-by shooting", "involved in his killing": a noun, not a predicate
        if hit and _sense_broken(words, p + hit[0]):
            hit = None  # "demonstrated that ...", "missing out on": another sense of the verb
        if hit and toks[p].text[:1].isupper() and title_case is None:
            title_case = _title_case(toks)
        if hit and toks[p].text[:1].isupper() and (w in lx.months or not title_case):
            hit = None  # "on March 30", "pupils in Bury": a name, not a verb (unless the line is a title-case headline)
        agents = hit and hit[0] == 1 and PATIENT_METRICS.intersection(hit[1]) and _active(toks, words, p)
        if hit and not (p > 0 and words[p - 1] in ("the", "a", "an")) and not agents and not deed:
            return hit[1]  # "12 teachers surrounded the Statehouse" counts agents, not the trapped
        if w in lx.agent_links:
            deed = True  # "the three officers involved in his killing": the deed is theirs, not what befell them
        elif deed and w in lx.auxiliaries:
            deed = False  # "... responsible for the attack were arrested": the main clause is back
        if w in lx.copulas and p + 1 < len(words):
            noun = _copular_noun(words, p + 1)
            if noun:
                return noun  # "21.3 million were refugees", "most were civilians" is no metric
        if tight and w not in lx.auxiliaries and not w.endswith("ly"):
            break
        p += 1
    return None


def _determined(words: list[str], p: int, start: int) -> bool:
    """Does a determiner stand within four tokens before the gerund at p ("a drive-by shooting",
    "his killing", "the deadly stabbing")? Then the gerund is a noun."""
    return any(words[k] in NOUN_DETERMINERS for k in range(max(start, p - 4), p))


def _sense_broken(words: list[str], k: int) -> bool:
    """Does the word at k, right after a metric predicate, give the predicate another sense? "that"
    before a time noun is a demonstrative ("killed that night"), not a clause."""
    lx = _lex()
    if k >= len(words) or words[k] not in lx.sense_breakers:
        return False
    return not (words[k] == "that" and k + 1 < len(words) and words[k + 1] in lx.time_nouns)


def _active(toks: list[Token], words: list[str], p: int) -> bool:
    """Is the verb at p active with an object after it ("12 teachers surrounded the Statehouse",
    "one recruiter allegedly charged victims fees")? Then its subject is the agent, not the count."""
    lx = _lex()
    nxt = p + 1
    if nxt >= len(words):
        return False
    if words[nxt] in OBJECT_STARTERS:
        return True
    back = p - 1
    while back > 0 and (words[back].endswith("ly") or words[back] in ("also", "then", "later")):
        back -= 1  # "were reportedly killed"
    if back >= 0 and words[back] in lx.passive_markers:
        return False  # "were charged", "had been arrested"
    w = toks[nxt].text
    return w[:1].islower() and w.isalpha() and words[nxt] not in lx.np_stop and not w.endswith("ly") and _known_noun(words[nxt])


def _noun_like(tok: Token) -> bool:
    """A noun that a metric word can modify as part of a compound ("rescue teams", "protest leaders")."""
    w = tok.lower
    return tok.text.islower() and (_known_noun(w) or w in _lex().compound_heads)


def _participle(word: str) -> bool:
    return word.endswith(("ed", "en", "ing")) or word in PARTICIPLES or word in ("homeless", "stranded", "besieged")


def _object_of_verb(words: list[str], i: int) -> bool:
    """Does the number stand right after a verb that takes it as object ('affected 33 million')? Cue verbs
    take a clause ('said 12 people were killed') and do not count."""
    lx = _lex()
    if i == 0:
        return False
    prev = words[i - 1]
    if prev in lx.clause_verbs or prev in lx.auxiliaries or prev in lx.np_stop:
        return False
    return prev in lx.finite_verbs or (prev.endswith("ed") and len(prev) > 4)


def _copular_noun(words: list[str], k: int) -> tuple[str, ...] | None:
    """The metric of a predicate noun after a copula: 'were refugees', 'are asylum seekers'."""
    lx = _lex()
    while k < len(words) and words[k] in ("a", "an", "the", "all", "now", "still"):
        k += 1
    hit = lexicon.longest_match(lx.strong, words, k, 3)
    if hit and (k + hit[0] >= len(words) or words[k + hit[0]] in CLAUSE_END or words[k + hit[0]] in (",", "and")):
        return (hit[1],)
    return None


def _title_case(toks: list[Token]) -> bool:
    """A headline in title case ("Twelve People Die In Bus Crash"), where capitals say nothing of names."""
    upper, wordy = capitalised_words(toks)
    return bool(wordy) and upper >= 0.6 * wordy


def _before_evidence(words: list[str], i: int) -> tuple[str, ...] | None:
    lx = _lex()
    end = i
    if end > 1 and words[end - 2] in ("a", "an", "the") and words[end - 1].isalpha() and words[end - 1] not in lx.np_stop:
        end -= 2  # "killed a staggering 65,000", "wounded an estimated 300"
    elif end > 0 and words[end - 1] in ("the", "an", "a", "deliberate", "mass", "brutal", "reported", "alleged", "total"):
        end -= 1
    if end > 0 and words[end - 1] in ("more", "another", "nearly", "almost") and words[end - 2 : end - 1] != ["than"]:
        end -= 1
    return _phrase_ending_at(lx.before, words, end) or _inverted_among(words, end)


def _inverted_among(words: list[str], end: int) -> tuple[str, ...] | None:
    """'Among the dead were 12 children', 'among those evacuated were 50 patients': the group
    named before the copula says what the number after it counts."""
    lx = _lex()
    if end < 4 or words[end - 1] not in lx.copulas:
        return None
    for a in range(max(0, end - 6), end - 2):
        if words[a] == "among" and words[a + 1] in ("the", "those"):
            hit = lexicon.longest_match(lx.after, words, a + 2, 4) or lexicon.longest_match(lx.strong, words, a + 2, 4)
            if hit and a + 2 + hit[0] == end - 1:
                return hit[1] if isinstance(hit[1], tuple) else (hit[1],)
    return None


ASIDE_OPENERS = {"—": "—", "–": "–", ")": "("}


def _aside_start(words: list[str], p: int, lo: int) -> int | None:
    """Where the aside closed by the dash or bracket at p opens, if it opens within reach."""
    opener = ASIDE_OPENERS.get(words[p])
    if opener is None:
        return None
    for q in range(p - 1, max(lo, p - 12) - 1, -1):
        if words[q] == opener:
            return q
        if words[q] in CLAUSE_END:
            return None
    return None


def _back_evidence(toks: list[Token], words: list[str], i: int) -> tuple[str, list[Token]] | None:
    """A total named earlier in the clause: 'put the number of refugees at 5.01 million'."""
    lx = _lex()
    if i == 0 or (words[i - 1] not in lx.total_links and words[i] not in lx.total_links):
        cont = _phrase_ending_at(lx.continuation, words, i)
        if cont is None:
            return None
    window = words[max(0, i - BACK_WINDOW) : i]
    if not any(w in lx.total_words for w in window):
        return None
    p = i
    while p > max(0, i - BACK_WINDOW):
        p -= 1
        if words[p] in CLAUSE_END:
            opener = _aside_start(words, p, max(0, i - BACK_WINDOW))
            if opener is None:
                break
            p = opener  # "the death toll — released yesterday — stood at 41,501": past the aside
            continue
        hit = lexicon.longest_match(lx.after, words, p, 4)
        if hit and p > 0 and words[p - 1] in ("that", "which", "who"):
            hit = None  # "the toll from the earthquakes that struck Turkey rose to 6,234": the clause's own verb
        if hit and p > 0 and words[p - 1] not in ("the", "a", "an"):
            # "the number of people detained ... at 3,500": the participle names the metric, its noun the subject
            noun = p - 1 if p > 0 and words[p - 1][0].isalpha() and words[p - 1] not in lx.np_stop else p
            return hit[1][0], toks[noun:p] if noun < p else []
        if words[p] in lx.total_nouns:
            return lx.total_nouns[words[p]], []  # "Russian losses exceed 21,000"
        for index in (lx.strong, lx.weak):
            hit = lexicon.longest_match(index, words, p, 4)
            if hit:
                noun = toks[p : p + hit[0]]
                # "the death toll rose to 2,300": a toll counts people, not "deaths"
                return hit[1], [] if noun[-1].lower in lx.metric_heads else noun
    return None
