"""Three linli instances on one real PostgreSQL (a cluster of this test's own, scripts/pg-cluster.sh)
behind Debian's nginx, round-robin, as a city would run them: fed the crash test's message stream
they end in the state one SQLite instance reaches on the same stream; and with kill -9 of one
instance at a time under load, the platform redelivering what got no 200, every acknowledged
message is stored once, no reply is sent twice, and the scheduler's lead moves."""

import http.client
import json
import random
import signal
import threading
import time

from harness import (Nginx, Server, ServerTest, StubApi, free_port, own_pg_cluster, pg_rows,
                     wait_until)
from message_stream import SECRET, TOKEN, feed, post_telegram, script

API = {"Authorization": "Bearer test-token"}
KILLS = 10
CHATS = ["c%d" % i for i in range(6)]
PATHS = ["chain", "requests", "tally?by=building", "tally?by=item", "tasks"]


class BehindNginxTest(ServerTest):
    def setUp(self):
        self.url = own_pg_cluster(self)[1]

    def instances(self, envs):
        """An instance per environment in `envs` on the test's database, each on a fixed port
        (nginx names them), and nginx in front of them."""
        servers = []
        for env in envs:
            s = Server(env=dict(env, LINLI_API_TOKEN="test-token"))
            self.addCleanup(s.cleanup)
            s.db = self.url
            s.listen_port = free_port()
            servers.append(s.start())
        proxy = Nginx([s.port for s in servers])
        self.addCleanup(proxy.close)
        return servers, proxy

    def sql(self, query):
        return pg_rows(self.url, query)

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
        servers, proxy = self.instances([{}] * 3)
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

    def test_kill_nine_under_load_stores_once_sends_once_and_moves_the_lead(self):
        seed = random.randrange(1 << 30)
        rng = random.Random(seed)
        # Many chats, few messages each: Telegram's per-chat send limits (17 a minute) keep the
        # drain short.
        messages = script(seed, count=1200, chats=["c%d" % i for i in range(200)])
        # A send API per instance: each send is known by who made it and when.
        apis = [StubApi(lambda path: {"ok": True, "result": {"message_id": 1}}) for _ in range(3)]
        for api in apis:
            self.addCleanup(api.close)
        servers, proxy = self.instances(
            [{"LINLI_TELEGRAM_TOKEN": TOKEN, "LINLI_TELEGRAM_SECRET": SECRET,
              "LINLI_TELEGRAM_API_BASE": api.base} for api in apis])

        lost = []
        answers = {}
        # About 55 messages a second, for longer than the kills take (20 s or so).
        feeder = threading.Thread(target=feed, args=(proxy.port, messages, post_telegram), kwargs={
            "on_lost": lambda m, status: lost.append(status), "pause": 7, "answers": answers})
        feeder.start()
        kills = []  # (instance index, time)
        acked_at_kills = []
        moves = 0
        for k in range(KILLS):
            time.sleep(rng.uniform(0.3, 1.2))
            leaders = [i for i, s in enumerate(servers) if s.metric("linli_scheduler_leader")]
            self.assertEqual(len(leaders), 1, "seed %d: leaders %s" % (seed, leaders))
            # Every other kill takes the leader down.
            victim = leaders[0] if k % 2 == 0 else rng.randrange(len(servers))
            servers[victim].stop(sig=signal.SIGKILL)
            kills.append((victim, time.time()))
            acked_at_kills.append(len(answers))
            others = [s for i, s in enumerate(servers) if i != victim]
            if victim == leaders[0]:
                self.assertTrue(wait_until(
                    lambda: sum(s.metric("linli_scheduler_leader") for s in others) == 1,
                    timeout=10), "seed %d: the lead did not move" % seed)
                moves += 1
            servers[victim].start()  # the same port: nginx sends it traffic again
        feeder.join(timeout=120)
        self.assertFalse(feeder.is_alive(), "seed %d: not all acknowledged" % seed)
        self.assertEqual(len(answers), len(messages))
        # The kills landed on traffic: messages were answered between the first and the last, and
        # some after it.
        self.assertLess(0, acked_at_kills[0], "seed %d: %s" % (seed, acked_at_kills))
        self.assertLess(acked_at_kills[0], acked_at_kills[-1], "seed %d" % seed)
        self.assertLess(acked_at_kills[-1], len(messages), "seed %d: %s" % (seed, acked_at_kills))

        # Every message stored once; each request message made one request.
        counts = self.sql("SELECT delivery_id, count(*) FROM inbox GROUP BY chat_id, delivery_id")
        self.assertEqual(sorted(int(d) for d, _ in counts),
                         sorted(10000 + int(m["message_id"][1:]) for m in messages))
        self.assertEqual({n for _, n in counts}, {"1"})
        made = self.sql("SELECT message_id, count(*) FROM requests GROUP BY chat_id, message_id")
        stored = {row[0] for row in self.sql("SELECT delivery_id FROM inbox WHERE kind = 'request'")}
        self.assertEqual({m for m, _ in made}, stored, "seed %d" % seed)
        self.assertEqual({n for _, n in made}, {"1"})

        # Every reply row is sent (those a killed instance held, once its lease ran out)...
        self.assertTrue(wait_until(
            lambda: self.sql("SELECT count(*) FROM outbox WHERE state <> 'sent'") == [["0"]],
            timeout=90), "seed %d: %s" % (seed, self.sql(
                "SELECT state, count(*) FROM outbox GROUP BY state")))
        rows = self.sql("SELECT chat_id, text FROM outbox")
        self.assertGreater(len(rows), len(messages) / 2)
        # ... and once. The one exception the design allows (README, "Delivery"): a kill between
        # a send and the commit of its record, so the first copy came from the instance killed
        # right after it.
        time.sleep(4)  # a claim round (3 s) on each instance: nothing more goes out
        sends = {}
        for i, api in enumerate(apis):
            for c in api.delivered("/bot%s/sendMessage" % TOKEN):
                key = (str(c["body"]["chat_id"]), c["body"]["text"])
                sends.setdefault(key, []).append((c["at"], i))
        expected = {}
        for chat, text in rows:
            expected[(chat, text)] = expected.get((chat, text), 0) + 1
        self.assertEqual(set(sends), set(expected), "seed %d" % seed)
        crash_window = 0
        for key, copies in sends.items():
            extra = len(copies) - expected[key]
            self.assertGreaterEqual(extra, 0, key)
            copies.sort()
            for at, who in copies[:extra]:
                self.assertTrue(any(v == who and 0 <= t - at < 1.0 for v, t in kills),
                                "seed %d: %r sent %d times: %s, kills %s" % (
                                    seed, key, len(copies), copies, kills))
                crash_window += 1
        print("seed %d: %d kills, lead moved %d times, %d requests redelivered (cut off by a "
              "kill), %d replies, %d sent again after a kill between send and record" %
              (seed, KILLS, moves, len(lost), len(rows), crash_window))


if __name__ == "__main__":
    import unittest
    unittest.main()
