"""A PostgreSQL outage under a running linli: on a server of its own (scripts/pg-cluster.sh), stopped
and started again while linli serves. During the outage every message is answered 503 (so the
platform redelivers it), /healthz and the read API answer 503, never 500; after it linli reconnects
by itself and the redelivered messages are stored once each: nothing is lost. And a pg_ctl restart
under load on two instances: 503s, then every message stored once and every reply sent once."""

import random
import re
import threading

from harness import (Server, ServerTest, StubApi, own_pg_cluster, pg_cluster, pg_rows,
                     wait_until)
from message_stream import SECRET, feed, post_telegram, script
from message_stream import TOKEN as BOT_TOKEN

TOKEN = {"Authorization": "Bearer test-token"}


class PostgresOutageTest(ServerTest):
    def setUp(self):
        exports = dict(re.findall(r"export (\w+)='([^']*)'", pg_cluster("start")))
        self.dir = exports["LINLI_PG_CLUSTER"]
        self.addCleanup(pg_cluster, "stop", self.dir)
        self.url = exports["LINLI_TEST_PG_URL"]

    def start_linli(self):
        s = Server(env={"LINLI_API_TOKEN": "test-token"})
        self.addCleanup(s.cleanup)
        s.db = self.url  # the cluster is this test's own: nothing to create or drop
        return s.start()

    def say(self, s, n, text):
        return s.post_message("g1", "m%d" % n, text, sender_id="u%d" % n, name="住户%d" % n)

    def test_an_outage_gives_503s_and_then_full_recovery(self):
        s = self.start_linli()
        for n in range(5):
            status, body = self.say(s, n, "5-1-%d01 需要 大米 %d袋" % (n + 1, n + 1))
            self.assertEqual(status, 200, body)
        self.assertEqual(s.request("GET", "/healthz"),
                         (200, {"status": "ok", "database": "ok", "leader": True}))
        self.assertEqual(s.metric('linli_db_connections{role="writer"}'), 1)
        self.assertEqual(s.metric("linli_scheduler_leader"), 1)

        pg_cluster("down", self.dir)
        for n in range(5, 10):
            status, body = self.say(s, n, "6-1-%d01 需要 鸡蛋 %d盒" % (n + 1, n + 1))
            self.assertEqual(status, 503, body)
            self.assertIn("error", body)
        status, health = s.request("GET", "/healthz")
        self.assertEqual((status, health["database"]), (503, "unreachable"))
        status, body = s.request("GET", "/v1/chats/g1/requests", headers=TOKEN)
        self.assertEqual(status, 503, body)
        self.assertEqual(s.metric('linli_db_connections{role="writer"}'), 0)
        self.assertGreater(s.metric("linli_storage_errors_total"), 0)
        # The leader lock went with the server's session: no schedule runs without a database.
        self.assertTrue(wait_until(lambda: s.metric("linli_scheduler_leader") == 0, timeout=10))
        self.assertIsNone(s.proc.poll())  # still serving

        pg_cluster("up", self.dir)
        # Reconnected by itself, within the backoff (at most 5 s between attempts).
        self.assertTrue(wait_until(lambda: s.request("GET", "/healthz")[0] == 200, timeout=30))
        # The platform redelivers what was refused; what was stored before is a duplicate.
        for n in range(5, 10):
            status, body = wait_until(
                lambda n=n: (lambda r: r if r[0] == 200 else None)(
                    self.say(s, n, "6-1-%d01 需要 鸡蛋 %d盒" % (n + 1, n + 1))), timeout=30)
            self.assertFalse(body["duplicate"], n)
            self.assertIn("#%d" % (n + 1), "\n".join(r["text"] for r in body["replies"]))
        status, body = self.say(s, 0, "5-1-101 需要 大米 1袋")
        self.assertEqual((status, body["duplicate"]), (200, True))
        self.assertEqual(s.metric('linli_db_connections{role="writer"}'), 1)
        self.assertTrue(wait_until(lambda: s.metric("linli_scheduler_leader") == 1, timeout=15))

        status, listing = s.request("GET", "/v1/chats/g1/messages?limit=100", headers=TOKEN)
        self.assertEqual(status, 200, listing)
        self.assertEqual(sorted(m["message_id"] for m in listing["messages"]),
                         sorted("m%d" % n for n in range(10)))
        status, needs = s.request("GET", "/v1/chats/g1/requests", headers=TOKEN)
        self.assertEqual(status, 200, needs)
        self.assertEqual(len(needs["requests"]), 10)
        self.assertEqual(s.stop(), 0)


class RestartUnderLoadTest(ServerTest):
    def setUp(self):
        self.dir, self.url = own_pg_cluster(self)

    def sql(self, query):
        return pg_rows(self.url, query)

    def test_a_restart_under_load_gives_503s_then_everything_once(self):
        seed = random.randrange(1 << 30)
        messages = script(seed, count=240, chats=["c%d" % i for i in range(30)])
        api = StubApi(lambda path: {"ok": True, "result": {"message_id": 1}})
        self.addCleanup(api.close)
        servers = []
        for _ in range(2):
            s = Server(env={"LINLI_TELEGRAM_TOKEN": BOT_TOKEN, "LINLI_TELEGRAM_SECRET": SECRET,
                            "LINLI_TELEGRAM_API_BASE": api.base})
            self.addCleanup(s.cleanup)
            s.db = self.url
            servers.append(s.start())
        refused = []
        # Each delivery to either instance, at random, as two load-balanced paths would.
        deliver = lambda port, m: post_telegram(random.choice(servers).port, m)
        feeder = threading.Thread(target=feed, args=(None, messages, deliver),
                                  kwargs={"on_lost": lambda m, status: refused.append(status),
                                          "pause": 3})
        feeder.start()
        self.assertTrue(wait_until(lambda: sum(s.metric("linli_messages_stored_total")
                                               for s in servers) >= 60, timeout=30))
        pg_cluster("restart", self.dir)
        feeder.join(timeout=120)
        self.assertFalse(feeder.is_alive(), "seed %d: not all acknowledged" % seed)
        # The restart was felt: messages refused with 503 while the database was away, or, when
        # it came back before any message needed it, the first write after it failed (a claim
        # round, a batch) and the connection was made again, with nothing refused.
        felt = [line for s in servers for line in s.log().splitlines()
                if "storage failed" in line or "background write failed" in line]
        self.assertTrue(503 in refused or felt, "seed %d: %s" % (seed, refused))
        self.assertTrue(all(status in (503, None) for status in refused), refused)

        counts = self.sql("SELECT delivery_id, count(*) FROM inbox GROUP BY chat_id, delivery_id")
        self.assertEqual(len(counts), len(messages), "seed %d" % seed)
        self.assertEqual({n for _, n in counts}, {"1"})
        self.assertTrue(wait_until(
            lambda: self.sql("SELECT count(*) FROM outbox WHERE state <> 'sent'") == [["0"]],
            timeout=60), "seed %d: %s\n%s" % (seed, self.sql(
                "SELECT state, leased_by, count(*), max(last_error) FROM outbox GROUP BY 1, 2"),
                "".join(line for s in servers for line in s.log().splitlines(True)
                        if "given up" in line or "error" in line)[-3000:]))
        rows = self.sql("SELECT chat_id, text FROM outbox")
        sends = [(str(c["body"]["chat_id"]), c["body"]["text"])
                 for c in api.delivered("/bot%s/sendMessage" % BOT_TOKEN)]
        self.assertEqual(sorted(sends), sorted(tuple(r) for r in rows), "seed %d" % seed)
        print("seed %d: %d messages, %d refused during the restart, %d failed writes logged, "
              "%d replies sent once" % (seed, len(messages), refused.count(503), len(felt),
                                        len(rows)))
        for s in servers:
            self.assertEqual(s.stop(), 0)
