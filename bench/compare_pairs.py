"""Same-quantity precision and recall of compare's grouping on hand-judged figure pairs.

The judgements (tests/compare/data/judged_quantities.json) group gold figures of the dev and
world sets that count one quantity; every other same-metric pair in a set counts two. Compare
groups the figures twice: from their gold fields, and from what the extractor gives for the
same articles (every extracted figure is grouped; gold figures it found are scored through
their match). Prints both scores; --misses lists the pairs it gets wrong.

    python bench/compare_pairs.py [--shared ../shared] [--misses]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimtally.eval.grouping import (
    fingerprint,
    load_judgements,
    quantity_of_extracted,
    quantity_of_gold,
    score_pairs,
)

HERE = Path(__file__).resolve().parent
JUDGED = HERE.parent / "tests" / "compare" / "data" / "judged_quantities.json"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", default=str(HERE.parent.parent / "shared"))
    ap.add_argument("--judged", default=str(JUDGED))
    ap.add_argument("--misses", action="store_true", help="list the pairs compare gets wrong")
    args = ap.parse_args(argv)
    from claimtally.extract import extract

    judged = Path(args.judged)
    sets, group_of, specs = load_judgements(judged, Path(args.shared))
    print(f"judgements {judged.name} ({fingerprint(judged)}): {len(group_of)} figures in "
          f"{len(set(group_of.values()))} groups, gold sets {', '.join(s['gold'] for s in specs)}")
    for name, quantity in (("gold fields", quantity_of_gold([r for s in sets for r in s])),
                           ("extractor output", quantity_of_extracted([r for s in sets for r in s], extract))):
        score = score_pairs(sets, group_of, quantity)
        print(f"{name}: {score.line()}")
        if args.misses:
            for kind, a, b in score.misses:
                print(f"    {kind:6} {a}  {b}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
