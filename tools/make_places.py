"""Write src/claimtally/compare/data/places.json: the names of countries and territories in
English, Russian and Ukrainian, each folded as compare folds a place, mapped to one English key.

Why: "В Турции погибли 6234 человека" and "6,234 people were killed in Turkey" count one thing;
compare must see one place in both. Country names are a closed, well-kept list: the Unicode
CLDR's territory names (read here through Babel, which ships them) in the three languages, and
every case form of the Russian and Ukrainian names from pymorphy3's dictionaries ("Турции",
"Туреччині"), so the runtime needs neither library: it looks the folded form up in the file.

Run it again when a language is added or CLDR changes:
    python tools/make_places.py   (needs babel and pymorphy3 with its ru and uk dictionaries)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel import Locale

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from claimtally.compare.scope import place_fold  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "src" / "claimtally" / "compare" / "data" / "places.json"
#: The English name the news uses where CLDR's differs (the key compare shows and groups by).
ENGLISH = {
    "TR": "Turkey", "CZ": "Czech Republic", "MM": "Myanmar", "PS": "Palestinian territories",
    "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo", "CI": "Ivory Coast",
    "HK": "Hong Kong", "MO": "Macau", "KP": "North Korea", "KR": "South Korea", "US": "United States",
    "GB": "United Kingdom", "MK": "North Macedonia", "SZ": "Eswatini", "VA": "Vatican City",
}
#: Further names in any of the languages, as the press writes them.
ALIASES = {
    "US": ["США", "Соединённые Штаты Америки", "Сполучені Штати Америки", "USA", "America"],
    "GB": ["Великобритания", "Британия", "Британія", "Britain", "Great Britain"],
    "PS": ["Палестина"], "KP": ["КНДР", "Северная Корея", "Північна Корея"], "KR": ["Южная Корея", "Південна Корея"],
    "CZ": ["Czechia", "Чехия", "Чехія"], "TR": ["Türkiye"], "MD": ["Молдавия"], "BY": ["Белоруссия"],
}
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


def _forms(name: str, morph) -> set[str]:
    """Every case form of a Cyrillic name, agreeing word by word ("Южная Корея", "Южной Кореи")."""
    out = {name}
    words = name.split()
    for case in CASES:
        inflected = []
        for w in words:
            p = morph.parse(w)[0]
            f = p.inflect({case}) if p.tag.POS in ("NOUN", "ADJF") else None
            inflected.append(f.word if f else w.lower())
        out.add(" ".join(inflected))
    return out


def main() -> None:
    import pymorphy3

    morphs = {"ru": pymorphy3.MorphAnalyzer(lang="ru"), "uk": pymorphy3.MorphAnalyzer(lang="uk")}
    en = Locale("en").territories
    table: dict[str, str] = {}
    for code, name in sorted(en.items()):
        if not code.isalpha() or len(code) != 2 or code in ("ZZ", "EU", "EZ", "UN", "QO", "XA", "XB", "XK"):
            continue
        key = place_fold(ENGLISH.get(code, name))
        names = [name, *ALIASES.get(code, [])]
        for lang in morphs:
            local = Locale(lang).territories.get(code)
            if local:
                names.append(local)
        for n in names:
            forms = {n}
            if any("\u0400" <= ch <= "\u04ff" for ch in n):
                forms |= _forms(n, morphs["uk" if any(ch in n for ch in "іїєґІЇЄҐ") else "ru"])
                forms |= _forms(n, morphs["ru"])
            for f in forms:
                k = place_fold(f)
                if k and k != key:
                    table.setdefault(k, key)
        table.setdefault(key, key)
    # a nationality adjective standing as a place ("to the Nigerian government" placed "Nigerian")
    demonyms = json.loads((OUT.parents[2] / "extract" / "data" / "grammar.json").read_text(encoding="utf-8"))["demonyms"]
    for country, adjective in demonyms.items():
        country_key = table.get(place_fold(country))
        if country_key and place_fold(adjective) not in table:
            table[place_fold(adjective)] = country_key
    about = ("Country and territory names in English, Russian and Ukrainian (Unicode CLDR, every case form "
             "from pymorphy3), folded as compare folds a place, mapped to one English key. Written by "
             "tools/make_places.py (nationality adjectives from extract/data/grammar.json); add a name by hand as "
             "\"folded form\": \"english key\".")
    OUT.write_text(json.dumps({"about": about, "places": dict(sorted(table.items()))}, ensure_ascii=False, indent=0)
                   + "\n", encoding="utf-8")
    print(f"{OUT}: {len(table)} names")


if __name__ == "__main__":
    main()
