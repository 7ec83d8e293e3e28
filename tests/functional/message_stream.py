"""The crash test's message stream, shared by the tests that feed linli a realistic load: signup
chain copies (each extending what that sender last saw), supply requests with money, and chatter,
across a few chats; each message with its own id, in the generic webhook's JSON. And a
platform's way of delivering them: per chat in order, redelivered until answered 200."""

import http.client
import json
import random
import threading
import time

from harness import GENERIC_SECRET, signature

CHATS = ["c%d" % i for i in range(4)]
TOKEN = "123456:linli-test"  # the Telegram bot's, for streams sent as Telegram updates
SECRET = "tg-webhook-secret"
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


def post(port, path, body, headers):
    """(status, parsed body); (None, None) when no answer came (an instance killed mid-way)."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("POST", path, body, headers)
        r = conn.getresponse()
        data = r.read()
        conn.close()
        return r.status, (json.loads(data) if data.startswith(b"{") else data)
    except (OSError, http.client.HTTPException):
        return None, None


def post_generic(port, message):
    body = json.dumps(message).encode()
    return post(port, "/v1/webhook/generic", body,
                {"Content-Type": "application/json",
                 "X-Linli-Signature": signature(GENERIC_SECRET, body)})


def telegram_update(m):
    """A stream message (message_stream) as the Telegram update a platform would POST: the
    message number is the update id, the chat a supergroup."""
    n = int(m["message_id"][1:])
    chat = -1001000000000 - int(m["chat_id"][1:])
    return {"update_id": 10000 + n, "message": {
        "message_id": n + 1, "date": m["timestamp"], "text": m["text"],
        "chat": {"id": chat, "type": "supergroup", "title": "楼 %s" % m["chat_id"]},
        "from": {"id": 100 + int(m["sender"]["id"][1:]), "is_bot": False,
                 "first_name": m["sender"]["name"]}}}


def post_telegram(port, m):
    return post(port, "/v1/webhook/telegram", json.dumps(telegram_update(m)).encode(),
                {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET})


def feed(port, messages, deliver=post_generic, on_lost=None, pause=0, answers=None):
    """Posts `messages` as a platform does: the messages of one chat one after another, each until
    it is answered 200 (redelivered after no answer or any other status), the chats in parallel,
    each chat waiting up to `pause` seconds (at random) after each message. Returns {message_id:
    first 200 body}: `answers`, filled as the answers come, when given."""
    answers = {} if answers is None else answers
    lock = threading.Lock()

    def chat_worker(chat_messages):
        for m in chat_messages:
            while True:
                status, body = deliver(port, m)
                if status == 200:
                    break
                if on_lost:
                    on_lost(m, status)
                time.sleep(0.02)
            with lock:
                answers[m["message_id"]] = body
            if pause:
                time.sleep(random.uniform(0, pause))

    threads = [threading.Thread(target=chat_worker, args=(ms,), daemon=True)
               for ms in by_chat(messages).values()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers
