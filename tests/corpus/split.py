#!/usr/bin/env python3
"""Assigns the dev / heldout split of the corpus, once, by a seeded random draw.

    python3 tests/corpus/split.py            # assign (refuses if splits are already present)
    python3 tests/corpus/split.py --check    # verify the recorded splits are exactly this draw

Each file is drawn separately with random.Random(20261201). Records that share a "group"
(the copies of one forked or edited chain) are one unit and land in the same part. Units are
shuffled and taken in that order into heldout until at least 30% of the file's records are
heldout; the rest are dev. The draw depends only on the ids, the groups and the seed, so it can
be checked but not tuned: heldout records are never edited to fit the code that is scored on them.
"""
import json
import math
import random
import sys
from pathlib import Path

SEED = 20261201
HELDOUT_SHARE = 0.30
HERE = Path(__file__).resolve().parent
FILES = ["messages.jsonl", "chains.jsonl"]


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def draw(records, rng):
    units = {}
    for r in records:
        units.setdefault(r.get("group") or r["id"], []).append(r["id"])
    keys = sorted(units)
    rng.shuffle(keys)
    need = math.ceil(HELDOUT_SHARE * len(records))
    heldout = set()
    for k in keys:
        if len(heldout) >= need:
            break
        heldout.update(units[k])
    return {r["id"]: ("heldout" if r["id"] in heldout else "dev") for r in records}


def with_split(r, split):
    out = {"id": r["id"], "split": split}
    out.update((k, v) for k, v in r.items() if k not in ("id", "split"))
    return out


def main():
    check = "--check" in sys.argv
    ok = True
    for name in FILES:
        path = HERE / name
        records = load(path)
        assignment = draw(records, random.Random(SEED))
        present = [r for r in records if "split" in r]
        if check:
            bad = [r["id"] for r in records if r.get("split") != assignment[r["id"]]]
            print(f"{name}: {len(records)} records, {sum(v == 'heldout' for v in assignment.values())} heldout, "
                  f"{'matches the draw' if not bad else 'MISMATCH ' + ', '.join(bad[:10])}")
            ok = ok and not bad
            continue
        if present:
            sys.exit(f"{name}: splits already assigned; the draw is done once (use --check)")
        with open(path, "w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(with_split(r, assignment[r["id"]]), ensure_ascii=False) + "\n")
        print(f"{name}: {len(records)} records, {sum(v == 'heldout' for v in assignment.values())} heldout")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
