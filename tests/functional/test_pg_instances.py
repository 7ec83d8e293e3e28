"""Two linli instances on one PostgreSQL (a cluster of this test's own, scripts/pg-cluster.sh):
messages alternate between them, every reply leaves through the platform's send API (Telegram's,
a stub here) exactly once, one instance leads the scheduler, and after a kill -9 of the leader
the other takes the lead within seconds."""

import json
import re
import signal
import time

from harness import Server, ServerTest, StubApi, pg_cluster, wait_until

TOKEN = "123456:linli-test"
SECRET = "tg-webhook-secret"
CHATS = [-1001000000001, -1001000000002, -1001000000003, -1001000000004, -1001000000005]


class TwoInstancesTest(ServerTest):
    def setUp(self):
        exports = dict(re.findall(r"export (\w+)='([^']*)'", pg_cluster("start")))
        self.addCleanup(pg_cluster, "stop", exports["LINLI_PG_CLUSTER"])
        self.url = exports["LINLI_TEST_PG_URL"]
        self.api = StubApi(lambda path: {"ok": True, "result": {"message_id": 1}})
        self.addCleanup(self.api.close)
        self.update_id = 1000

    def start_linli(self):
        # No manual clock: the senders' rate limits would run on it, and it never moves here.
        s = Server(env={"LINLI_TELEGRAM_TOKEN": TOKEN, "LINLI_TELEGRAM_SECRET": SECRET,
                        "LINLI_TELEGRAM_API_BASE": self.api.base})
        self.addCleanup(s.cleanup)
        s.db = self.url  # both on the one database
        return s.start()

    def say(self, s, chat, n):
        self.update_id += 1
        body = json.dumps({"update_id": self.update_id, "message": {
            "message_id": n, "date": int(time.time()), "text": "/ping",
            "chat": {"id": chat, "type": "supergroup", "title": "楼 %d" % chat},
            "from": {"id": 100 + n, "is_bot": False, "first_name": "住户%d" % n}}})
        status, answer = s.request("POST", "/v1/webhook/telegram", body,
                                   {"Content-Type": "application/json",
                                    "X-Telegram-Bot-Api-Secret-Token": SECRET})
        self.assertEqual(status, 200, answer)

    def sends(self):
        return self.api.delivered("/bot%s/sendMessage" % TOKEN)

    def leaders(self, *servers):
        return [s.metric("linli_scheduler_leader") for s in servers]

    def test_each_reply_is_sent_once_and_the_lead_moves_when_the_leader_dies(self):
        a = self.start_linli()
        b = self.start_linli()
        self.assertEqual(self.leaders(a, b), [1, 0])
        self.assertTrue(a.request("GET", "/healthz")[1]["leader"])
        self.assertFalse(b.request("GET", "/healthz")[1]["leader"])

        # Ten messages, alternating between the instances, two per chat.
        for n in range(10):
            self.say((a, b)[n % 2], CHATS[n % len(CHATS)], n + 1)
        self.assertTrue(wait_until(lambda: len(self.sends()) >= 10, timeout=30), self.sends())
        time.sleep(4)  # a claim round (3 s) on each instance: nothing is sent again
        sends = self.sends()
        self.assertEqual(len(sends), 10, [c["body"] for c in sends])
        per_chat = {}
        for c in sends:
            per_chat[c["body"]["chat_id"]] = per_chat.get(c["body"]["chat_id"], 0) + 1
        self.assertEqual(sorted(per_chat.values()), [2] * len(CHATS))

        # kill -9 of the leader: its session ends with it, and the follower takes the lock.
        killed_at = time.time()
        a.proc.send_signal(signal.SIGKILL)
        a.proc.wait()
        self.assertTrue(wait_until(lambda: b.metric("linli_scheduler_leader") == 1, timeout=10))
        took = time.time() - killed_at
        self.assertLess(took, 10)
        print("lead moved %.1f s after the kill" % took)
        self.assertTrue(b.request("GET", "/healthz")[1]["leader"])

        # The survivor goes on serving; its replies too are sent once.
        self.say(b, CHATS[0], 11)
        self.assertTrue(wait_until(lambda: len(self.sends()) >= 11, timeout=30), b.log()[-3000:])
        time.sleep(1)
        self.assertEqual(len(self.sends()), 11)

    def test_a_reply_held_by_an_instance_that_died_is_sent_by_the_other(self):
        a = self.start_linli()
        b = self.start_linli()
        # The platform fails the first two attempts: the reply stays pending under a's lease.
        path = "/bot%s/sendMessage" % TOKEN
        self.api.scripts[path] = [(503, {"ok": False}, {})] * 2
        self.say(a, CHATS[0], 1)
        self.assertTrue(wait_until(lambda: len(self.api.calls) >= 1, timeout=10))
        killed_at = time.time()
        a.proc.send_signal(signal.SIGKILL)
        a.proc.wait()
        # b claims it once a's lease (30 s) has run out, and sends it.
        self.assertTrue(wait_until(lambda: len(self.sends()) >= 1, timeout=60), b.log()[-3000:])
        print("sent by the survivor %.1f s after the kill" % (time.time() - killed_at))
        time.sleep(4)  # another claim round: not sent again
        self.assertEqual(len(self.sends()), 1)
        self.assertIn("claimed 1 message", b.log())
