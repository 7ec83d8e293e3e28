#!/usr/bin/env python3
"""Checks every record of the corpus against the schema in README.md and prints the counts.

    python3 tests/corpus/validate.py
"""
import collections
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KINDS = {"need", "offer", "order", "donation", "spending", "claim", "confirmation", "leave", "chatter"}
CATS = {"medicine", "cold_chain", "food", "daily", "other"}
GROUPS = {"elderly", "infant", "pregnant", None}
SUBTYPES = {"thanks", "advice", "news", "complaint", "question", "other"}
errors = []


def err(rid, msg):
    errors.append(f"{rid}: {msg}")


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def check_address(rid, a):
    if a is None:
        return
    if set(a) != {"building", "unit", "room"}:
        err(rid, f"address keys {sorted(a)}")
    for k, v in a.items():
        if v is not None and (not isinstance(v, str) or not v):
            err(rid, f"address {k} must be a non-empty string or null")
    for k in ("unit", "room"):
        if a[k] is not None and not re.fullmatch(r"[0-9]+", a[k]):
            err(rid, f"address {k} {a[k]!r} is not digits")


def check_items(rid, items, where="items"):
    if not isinstance(items, list):
        err(rid, f"{where} must be a list")
        return
    for it in items:
        if set(it) != {"name", "quantity", "unit"}:
            err(rid, f"{where} keys {sorted(it)}")
        if not isinstance(it.get("name"), str) or not it["name"]:
            err(rid, f"{where} name")
        if not is_int(it.get("quantity")) or it["quantity"] < 1:
            err(rid, f"{where} quantity {it.get('quantity')!r}")
        if it.get("unit") is not None and not isinstance(it["unit"], str):
            err(rid, f"{where} unit")


def check_message(r):
    rid = r["id"]
    lab = r["label"]
    k = lab.get("kind")
    if k not in KINDS:
        err(rid, f"kind {k!r}")
        return
    allowed = {"kind"}
    if k in ("need", "offer"):
        allowed |= {"address", "items", "money_cents", "category", "urgent", "urgency_reason",
                    "priority_group", "question", "exchange", "any_of"}
        for f in ("address", "items", "money_cents", "category", "urgent", "urgency_reason", "priority_group", "question"):
            if f not in lab:
                err(rid, f"missing {f}")
        check_address(rid, lab.get("address"))
        check_items(rid, lab.get("items"))
        if "exchange" in lab:
            check_items(rid, lab["exchange"], "exchange")
        if lab.get("money_cents") is not None and not is_int(lab["money_cents"]):
            err(rid, "money_cents")
        if lab.get("category") not in CATS:
            err(rid, f"category {lab.get('category')!r}")
        if not isinstance(lab.get("urgent"), bool) or not isinstance(lab.get("question"), bool):
            err(rid, "urgent/question must be booleans")
        if lab.get("urgent") != (lab.get("urgency_reason") is not None):
            err(rid, "urgent and urgency_reason disagree")
        if lab.get("priority_group") not in GROUPS:
            err(rid, "priority_group")
        if k == "offer" and (lab.get("urgent") or lab.get("question") or lab.get("priority_group")):
            err(rid, "offers carry no urgency, question or priority group")
        if k == "need" and any(it["name"] in ("", None) for it in lab.get("items", [])):
            err(rid, "need item without a name")
    elif k == "order":
        allowed |= {"quantity", "unit", "address"}
        if not is_int(lab.get("quantity")) or lab["quantity"] < 1:
            err(rid, "order quantity")
        check_address(rid, lab.get("address"))
    elif k == "donation":
        allowed |= {"money_cents"}
        if not is_int(lab.get("money_cents")) or lab["money_cents"] <= 0:
            err(rid, "donation money_cents")
    elif k == "spending":
        allowed |= {"request", "money_cents", "more_requests"}
        if lab.get("request") is not None and not is_int(lab["request"]):
            err(rid, "spending request")
        if not is_int(lab.get("money_cents")) or lab["money_cents"] <= 0:
            err(rid, "spending money_cents")
    elif k == "claim":
        allowed |= {"request", "task", "task_title", "more_requests"}
        if sum(f in lab for f in ("request", "task", "task_title")) != 1:
            err(rid, "claim needs exactly one of request / task / task_title")
    elif k == "confirmation":
        allowed |= {"answer"}
        if lab.get("answer") not in (1, 2):
            err(rid, "answer")
    elif k == "leave":
        allowed |= {"entry", "request", "task"}
    elif k == "chatter":
        allowed |= {"subtype"}
        if lab.get("subtype") not in SUBTYPES:
            err(rid, "chatter subtype")
    extra = set(lab) - allowed
    if extra:
        err(rid, f"fields not for {k}: {sorted(extra)}")


def check_chain(r):
    rid = r["id"]
    lab = r["label"]
    need = {"chain_post", "title", "example", "capacity", "deadline", "entries"}
    if not need <= set(lab):
        err(rid, f"missing {sorted(need - set(lab))}")
    extra = set(lab) - need - {"tail", "slot_caps", "stock"}
    if extra:
        err(rid, f"unknown chain fields {sorted(extra)}")
    if not isinstance(lab.get("chain_post"), bool):
        err(rid, "chain_post")
    first = next((l for l in r["text"].split("\n") if l.strip()), "")
    tagged = "#接龙" in first or "#接龍" in first or "#group note" in first.lower()
    if lab.get("chain_post") != tagged:
        err(rid, "chain_post disagrees with the first non-blank line")
    if lab.get("capacity") is not None and not is_int(lab["capacity"]):
        err(rid, "capacity")
    if lab.get("deadline") is not None and not re.fullmatch(r"\d\d:\d\d", lab["deadline"]):
        err(rid, "deadline must be HH:MM")
    for i, e in enumerate(lab.get("entries", []), 1):
        if e.get("position") != i:
            err(rid, f"entry positions must run 1..n (got {e.get('position')} at {i})")
        if not isinstance(e.get("name"), str) or not e["name"]:
            err(rid, f"entry {i} name")
        if e.get("slot") is not None and not re.fullmatch(r"上午|下午|全天|晚上|\d\d:\d\d-\d\d:\d\d", e["slot"]):
            err(rid, f"entry {i} slot {e['slot']!r}")
        if not (set(e) <= {"position", "number", "name", "detail", "slot", "waitlist"}):
            err(rid, f"entry {i} keys {sorted(e)}")


def main():
    counts = {}
    for name, check in (("messages.jsonl", check_message), ("chains.jsonl", check_chain)):
        raw = (HERE / name).read_bytes()
        if raw.startswith(b"\xef\xbb\xbf"):
            errors.append(f"{name}: has a BOM")
        records = []
        for n, line in enumerate(raw.decode("utf-8").split("\n"), 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as e:
                errors.append(f"{name}:{n}: {e}")
        ids = [r.get("id") for r in records]
        if len(ids) != len(set(ids)):
            errors.append(f"{name}: duplicate ids")
        for r in records:
            for f in ("id", "split", "source", "text", "label"):
                if f not in r:
                    err(r.get("id"), f"missing {f}")
            if "batch" in r and r["batch"] not in (2, 3, 4):
                err(r.get("id"), "batch must be 2, 3 or 4 when present (batch-1 records have no batch field)")
            # Later batches carry "pending" until split.py draws their part, once, after all are written.
            if r.get("split") not in ("dev", "heldout") and not (r.get("split") == "pending" and "batch" in r):
                err(r.get("id"), "split")
            if not isinstance(r.get("text"), str) or not r["text"]:
                err(r.get("id"), "text")
            check(r)
        counts[name] = records
    msgs, chains = counts["messages.jsonl"], counts["chains.jsonl"]

    def origin(r):
        s = r["source"]
        if s.startswith("written:"):
            return "written"
        if s.startswith("doc:"):
            return "quoted (linli documentation)"
        if s.startswith("http"):
            return "quoted (web page)"
        return "quoted (repository)"

    for label, recs in (("messages", msgs), ("chains", chains)):
        print(f"{label}: {len(recs)}")
        print("  per split :", dict(collections.Counter(r["split"] for r in recs)))
        print("  per origin:", dict(collections.Counter(origin(r) for r in recs)))
        for batch in sorted({r.get("batch", 1) for r in recs}):
            part = [r for r in recs if r.get("batch", 1) == batch]
            print(f"  batch {batch}  : {len(part)}", dict(collections.Counter(r["split"] for r in part)),
                  dict(collections.Counter(origin(r) for r in part)))
    print("messages per kind:", dict(collections.Counter(r["label"]["kind"] for r in msgs).most_common()))
    print("messages per kind and split:")
    for k, n in collections.Counter((r["label"]["kind"], r["split"]) for r in sorted(msgs, key=lambda r: r["label"]["kind"])).items():
        print(f"  {k[0]:<13} {k[1]:<8} {n}")
    needs = [r for r in msgs if r["label"]["kind"] == "need"]
    print("needs per category:", dict(collections.Counter(r["label"]["category"] for r in needs)))
    print("needs urgent:", sum(r["label"]["urgent"] for r in needs), " questions:", sum(r["label"]["question"] for r in needs),
          " with address:", sum(r["label"]["address"] is not None for r in needs),
          " priority groups:", dict(collections.Counter(r["label"]["priority_group"] for r in needs if r["label"]["priority_group"])))
    print("chains: tagged", sum(r["label"]["chain_post"] for r in chains), " in fork/edit groups",
          sum("group" in r for r in chains), " entries", sum(len(r["label"]["entries"]) for r in chains))
    if errors:
        print(f"\n{len(errors)} problems:")
        for e in errors:
            print(" ", e)
        sys.exit(1)
    print("\nschema OK")


if __name__ == "__main__":
    main()
