#!/usr/bin/env python3
"""Assigns the dev / heldout split of the corpus, once per batch, by a seeded random draw.

    python3 tests/corpus/split.py            # draw every batch that is still "pending" (refuses to redraw one)
    python3 tests/corpus/split.py --check    # verify the recorded splits are exactly these draws

Each batch of each file is drawn by itself: batch 1 (records without a "batch" field) with
random.Random(20261201), batch 2 ("batch": 2) with random.Random(20261202), batch 3 with
random.Random(20261204), batch 4 with random.Random(20261205). Within a batch, records
that share a "group" (the copies of one forked or edited chain) are one unit and land in the same
part. Units are shuffled and taken in that order into heldout until at least 30% of the batch's
records are heldout; the rest are dev. A draw depends only on the batch's ids, groups and seed, so
adding a batch never moves a record of an earlier one, and a draw can be checked but not tuned:
heldout records are never edited to fit the code that is scored on them.
"""
import json
import math
import random
import sys
from pathlib import Path

SEEDS = {1: 20261201, 2: 20261202, 3: 20261204, 4: 20261205}
HELDOUT_SHARE = 0.30
HERE = Path(__file__).resolve().parent
FILES = ["messages.jsonl", "chains.jsonl"]


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def batch_of(r):
    return r.get("batch", 1)


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
        assignment = {}
        changed = False
        for batch in sorted({batch_of(r) for r in records}):
            if batch not in SEEDS:
                sys.exit(f"{name}: batch {batch} has no seed")
            part = [r for r in records if batch_of(r) == batch]
            drawn = draw(part, random.Random(SEEDS[batch]))
            assignment.update(drawn)
            heldout = sum(v == "heldout" for v in drawn.values())
            recorded = {r.get("split") for r in part}
            if check:
                bad = [r["id"] for r in part if r.get("split") != drawn[r["id"]]]
                print(f"{name} batch {batch}: {len(part)} records, {heldout} heldout, "
                      f"{'matches the draw' if not bad else 'MISMATCH ' + ', '.join(bad[:10])}")
                ok = ok and not bad
            elif recorded <= {None, "pending"}:
                changed = True
                print(f"{name} batch {batch}: {len(part)} records, {heldout} heldout (drawn now)")
            elif recorded <= {"dev", "heldout"}:
                print(f"{name} batch {batch}: already drawn; the draw is done once (use --check)")
            else:
                sys.exit(f"{name} batch {batch}: some records are drawn and some pending; refusing")
        if changed:
            with open(path, "w", encoding="utf-8") as f:
                for r in records:
                    split = r.get("split")
                    if split in (None, "pending"):
                        split = assignment[r["id"]]
                    f.write(json.dumps(with_split(r, split), ensure_ascii=False) + "\n")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
