"""Three linli instances on one real PostgreSQL (a cluster of this test's own, scripts/pg-cluster.sh)
behind Debian's nginx, round-robin, as a city would run them: fed the crash test's message stream
they end in the state one SQLite instance reaches on the same stream; and with kill -9 of one
instance at a time under load, the platform redelivering what got no 200, every acknowledged
message is stored once, no reply is sent twice, and the scheduler's lead moves."""

import http.client
import json
import random
import re
import signal
import subprocess
import threading
import time

from harness import (GENERIC_SECRET, Nginx, Server, ServerTest, StubApi, free_port, pg_cluster,
                     signature, wait_until)
from message_stream import by_chat, script

API = {"Authorization": "Bearer test-token"}
CHATS = ["c%d" % i for i in range(6)]
PATHS = ["chain", "requests", "tally?by=building", "tally?by=item", "tasks"]


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


def feed(port, messages, deliver=post_generic, on_lost=None):
    """Posts `messages` as a platform does: the messages of one chat one after another, each until
    it is answered 200 (redelivered after no answer or any other status), the chats in parallel.
    Returns {message_id: first 200 body}."""
    answers = {}
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

    threads = [threading.Thread(target=chat_worker, args=(ms,), daemon=True)
               for ms in by_chat(messages).values()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


class BehindNginxTest(ServerTest):
    def setUp(self):
        exports = dict(re.findall(r"export (\w+)='([^']*)'", pg_cluster("start")))
        self.addCleanup(pg_cluster, "stop", exports["LINLI_PG_CLUSTER"])
        self.url = exports["LINLI_TEST_PG_URL"]

    def instances(self, env, count=3):
        """`count` instances on the test's database, each on a fixed port (nginx names them),
        and nginx in front of them."""
        servers = []
        for _ in range(count):
            s = Server(env=dict(env, LINLI_API_TOKEN="test-token"))
            self.addCleanup(s.cleanup)
            s.db = self.url
            s.listen_port = free_port()
            servers.append(s.start())
        proxy = Nginx([s.port for s in servers])
        self.addCleanup(proxy.close)
        return servers, proxy

    def state(self, port):
        out = {}
        for c in CHATS:
            for p in PATHS:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                conn.request("GET", "/v1/chats/%s/%s" % (c, p), headers=API)
                r = conn.getresponse()
                self.assertEqual(r.status, 200, (c, p))
                view = json.loads(r.read())
                # A chain's row id counts chains of every chat in the order they opened: two
                # chats' first copies may race either way, on one instance as on three.
                if p == "chain":
                    view.pop("chain_id", None)
                out[(c, p)] = view
                conn.close()
        return out

    maxDiff = None

    def test_three_instances_reach_the_state_of_one_sqlite_instance(self):
        seed = random.randrange(1 << 30)
        messages = script(seed, count=1500, chats=CHATS)
        servers, proxy = self.instances({})
        started = time.time()
        answers = feed(proxy.port, messages)
        took = time.time() - started
        stored = [s.metric("linli_messages_stored_total") for s in servers]
        print("seed %d: %d messages through nginx in %.1f s, stored per instance %s" %
              (seed, len(messages), took, stored))
        self.assertEqual(sum(stored), len(messages), "seed %d" % seed)
        self.assertTrue(all(n > len(messages) / 6 for n in stored), stored)  # round-robin
        self.assertFalse(any(a["duplicate"] for a in answers.values()))
        scaled = self.state(proxy.port)

        alone = self.server(env={"LINLI_API_TOKEN": "test-token"})
        if alone.pg_name:  # LINLI_FUNCTIONAL_DB=postgres: the reference stays on SQLite
            self.skipTest("the reference instance is SQLite")
        reference = feed(alone.port, messages)
        for m in messages:
            self.assertEqual(answers[m["message_id"]]["replies"],
                             reference[m["message_id"]]["replies"],
                             "seed %d: %s %r" % (seed, m["message_id"], m["text"]))
        for key, expected in self.state(alone.port).items():
            self.assertEqual(scaled[key], expected, "seed %d: %s" % (seed, key))


if __name__ == "__main__":
    import unittest
    unittest.main()
