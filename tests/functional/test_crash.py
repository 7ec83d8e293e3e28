"""kill -9 at random moments while messages arrive: what linli acknowledged is there exactly once,
what it did not is wholly there or wholly absent, the database stays sound, and the state equals
the stored inbox replayed from scratch."""

import http.client
import json
import queue
import random
import signal
import sqlite3
import threading
import time

from harness import GENERIC_SECRET, Server, ServerTest, signature
from message_stream import CHATS, script

TOKEN = {"Authorization": "Bearer test-token"}
ENV = {"LINLI_API_TOKEN": "test-token"}
KILLS = 22


class CrashTest(ServerTest):
    def post(self, port, message):
        """200 body, or None when the server did not answer (killed, restarting)."""
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            body = json.dumps(message).encode()
            conn.request("POST", "/v1/webhook/generic", body,
                         {"Content-Type": "application/json",
                          "X-Linli-Signature": signature(GENERIC_SECRET, body)})
            r = conn.getresponse()
            body = r.read()
            conn.close()
            return json.loads(body) if r.status == 200 else None
        except (OSError, http.client.HTTPException):
            return None

    def test_kill_nine_loses_nothing_acknowledged(self):
        seed = random.randrange(1 << 30)
        messages = script(seed)
        pending = queue.Queue()
        for m in messages:
            pending.put(m)
        acked = {}  # message_id -> first answer's replies
        unacked = set()
        lost_answers = [0]  # requests that got no answer because of a kill
        lock = threading.Lock()
        server = {"port": None}
        done = threading.Event()

        def sender():
            while not done.is_set():
                try:
                    m = pending.get(timeout=0.05)
                except queue.Empty:
                    continue
                port = server["port"]
                answer = self.post(port, m) if port else None
                with lock:
                    if answer is None:
                        lost_answers[0] += 1
                        unacked.add(m["message_id"])
                        pending.put(m)  # the platform redelivers later
                        time.sleep(0.01)
                    else:
                        unacked.discard(m["message_id"])
                        acked.setdefault(m["message_id"], answer["replies"])

        live = Server(env=ENV)
        self.addCleanup(live.cleanup)
        threads = [threading.Thread(target=sender, daemon=True) for _ in range(3)]
        for t in threads:
            t.start()
        rng = random.Random(seed)
        kills = 0
        while kills < KILLS:
            live.start()
            server["port"] = live.port
            time.sleep(rng.uniform(0.02, 0.25))
            server["port"] = None
            live.stop(sig=signal.SIGKILL)
            kills += 1
        acked_while_killing = len(acked)
        live.start()
        server["port"] = live.port
        deadline = time.time() + 120
        while len(acked) < len(messages) and time.time() < deadline:
            time.sleep(0.05)
        done.set()
        for t in threads:
            t.join()
        self.assertEqual(len(acked), len(messages), "seed %d: not all acknowledged" % seed)
        # The kills really landed on traffic: messages were answered between them and after the
        # last, and some requests were cut off mid-way.
        self.assertGreater(acked_while_killing, KILLS, "seed %d" % seed)
        self.assertLess(acked_while_killing, len(messages), "seed %d" % seed)
        self.assertGreater(lost_answers[0], 0, "seed %d" % seed)
        print("seed %d: %d kills, %d answered between kills, %d requests cut off" %
              (seed, KILLS, acked_while_killing, lost_answers[0]))

        # A redelivery of anything gets its original answer back.
        again = self.post(live.port, messages[0])
        self.assertTrue(again["duplicate"])
        self.assertEqual(again["replies"], acked[messages[0]["message_id"]])
        paths = ["chain", "requests", "tally?by=building", "tally?by=item"]
        state = {(c, p): live.request("GET", "/v1/chats/%s/%s" % (c, p), headers=TOKEN)[1]
                 for c in CHATS for p in paths}
        self.assertEqual(live.stop(), 0)

        db = sqlite3.connect("file:%s?mode=ro" % live.db, uri=True)
        self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        # The inbox names its chat and kind by number (storage/sqlite/sqlite_inbox.cpp).
        counts = dict(db.execute("SELECT CAST(delivery_id AS TEXT), count(*) FROM inbox "
                                 "GROUP BY chat, delivery_id"))
        self.assertEqual(sorted(counts), sorted(m["message_id"] for m in messages),
                         "seed %d" % seed)
        self.assertEqual(set(counts.values()), {1})
        # Each stored request message made exactly one request, and no request lacks its message;
        # a request names its chat by number too (storage/sqlite/sqlite_requests.cpp).
        made = dict(db.execute("SELECT message_id, count(*) FROM requests GROUP BY chat, message_id"))
        stored = {row[0] for row in db.execute(
            "SELECT CAST(delivery_id AS TEXT) FROM inbox JOIN inbox_kinds k ON k.id = inbox.kind "
            "WHERE k.name = 'request'")}
        self.assertEqual(set(made), stored, "seed %d" % seed)
        self.assertEqual(set(made.values()), {1})
        db.close()

        # The state equals the inbox replayed from scratch.
        rebuilt, summary = self.replayed(live.db, env=ENV)
        self.assertIn("0 would now be answered differently", summary)
        for (c, p), before in state.items():
            after = rebuilt.request("GET", "/v1/chats/%s/%s" % (c, p), headers=TOKEN)[1]
            self.assertEqual(after, before, "seed %d: %s %s" % (seed, c, p))


if __name__ == "__main__":
    import unittest
    unittest.main()
