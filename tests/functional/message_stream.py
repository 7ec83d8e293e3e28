"""The crash test's message stream, shared by the tests that feed linli a realistic load: signup
chain copies (each extending what that sender last saw), supply requests with money, and chatter,
across a few chats; each message with its own id, in the generic webhook's JSON."""

import random

CHATS = ["c%d" % i for i in range(4)]
HEADER = "#接龙 明日值守 第%d轮\n限6人\n\n"


def script(seed, count=4000, chats=None):
    """`count` messages over `chats` (CHATS by default), the same for the same seed."""
    chats = chats or CHATS
    rng = random.Random(seed)
    chains = {c: [] for c in chats}
    rounds = {c: 0 for c in chats}
    out = []
    for n in range(count):
        chat = rng.choice(chats)
        kind = rng.random()
        who = "u%d" % rng.randrange(30)
        if kind < 0.35:
            if len(chains[chat]) == 20:  # a new day's chain
                chains[chat] = []
                rounds[chat] += 1
            chains[chat].append("%s %d号楼" % (who, rng.randrange(1, 9)))
            lines = ["%d. %s" % (i + 1, e) for i, e in enumerate(chains[chat])]
            text = HEADER % rounds[chat] + "\n".join(lines)
        elif kind < 0.75:
            text = "%d号楼%d单元%d 需要 硝苯地平 %d盒 %d.%02d元" % (
                rng.randrange(1, 20), rng.randrange(1, 4), rng.randrange(101, 1802),
                rng.randrange(1, 5), rng.randrange(5, 200), rng.randrange(100))
        else:
            text = "辛苦了 %d" % n
        out.append({"chat_id": chat, "message_id": "m%d" % n, "text": text,
                    "sender": {"id": who, "name": who}, "timestamp": 1669000000 + n})
    return out


def by_chat(messages):
    """The messages of each chat, in stream order: {chat_id: [message, ...]}."""
    out = {}
    for m in messages:
        out.setdefault(m["chat_id"], []).append(m)
    return out
