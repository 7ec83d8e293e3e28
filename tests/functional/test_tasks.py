"""Tasks and shifts against the real binary: claims under a race, the rota, the confirmation and
refill flow driven by a test clock, the outbox delivered to a stub platform (retries, 429 and a
restart included), and the tasks/assignments read API."""

import datetime
import json
import threading
import time
import zoneinfo

from harness import ServerTest, StubApi

TOKEN = {"Authorization": "Bearer test-token"}
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
HEADER = "#接龙 明天志愿者\n限3人\n\n"


class StubPlatform(StubApi):
    """The generic outbound URL: records what linli sends; answers from a script of statuses
    (then 200); a 429 says retry_after 1."""

    def __init__(self, script=()):
        answers = [(status, {"ok": False, "retry_after": 1} if status == 429 else {"ok": status == 200},
                    {}) for status in script]
        super().__init__(lambda path: {"ok": True}, {"/send": answers})
        self.url = self.base + "/send"

    @property
    def received(self):
        return [call["body"] for call in self.delivered("/send")]

    def wait_for(self, count, timeout=20):
        self.wait("/send", count, timeout)
        return self.received


def local(day, hour, minute=0):
    """Seconds since 1970 of a Shanghai wall-clock time."""
    return int(datetime.datetime.combine(day, datetime.time(hour, minute), SHANGHAI).timestamp())


class TasksTest(ServerTest):
    def setUp(self):
        self.today = datetime.datetime.now(SHANGHAI).date()
        self.tomorrow = self.today + datetime.timedelta(days=1)

    def start(self, stub=None, db_from=None):
        env = {"LINLI_API_TOKEN": "test-token"}
        if stub:
            env["LINLI_GENERIC_OUTBOUND_URL"] = stub.url
        server = self.server(config={"scheduler": {"manual_clock": True}}, env=env,
                             workdir=db_from.workdir if db_from else None)
        return server

    def say(self, server, who, text, n=[0]):
        n[0] += 1
        status, body = server.post_message("g1", "m%d-%s" % (n[0], who), text, sender_id=who,
                                           name=who, role="admin" if who == "boss" else None)
        self.assertEqual(status, 200, body)
        return "\n".join(r["text"] for r in body["replies"])

    def tick(self, server, seconds):
        status, body = server.request("POST", "/v1/admin/clock", json.dumps({"now": seconds}),
                                      dict(TOKEN, **{"Content-Type": "application/json"}))
        self.assertEqual(status, 200, body)
        return body["messages"]

    def sign_up(self, server):
        self.say(server, "张三", HEADER + "1. 张三 上午")
        self.say(server, "李四", HEADER + "1. 张三 上午\n2. 李四 全天")
        self.say(server, "王五", HEADER + "1. 张三 上午\n2. 李四 全天\n3. 王五 下午")
        self.say(server, "赵六", HEADER + "1. 张三 上午\n2. 李四 全天\n3. 王五 下午\n4. 赵六")

    def test_two_volunteers_race_for_the_last_place(self):
        server = self.start()
        self.assertIn("T1", self.say(server, "boss", "/task add 东门岗 明天 08:00-12:00 需1人"))
        answers = []

        def claim(who):
            answers.append(self.say(server, who, "认领 T1"))

        threads = [threading.Thread(target=claim, args=(w,)) for w in ("甲", "乙")]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(sum("✅" in a for a in answers), 1, answers)
        self.assertEqual(sum("已满" in a for a in answers), 1, answers)
        status, body = server.request("GET", "/v1/chats/g1/tasks?date=%s" % self.tomorrow,
                                      headers=TOKEN)
        self.assertEqual(status, 200)
        task = body["tasks"][0]
        self.assertEqual(task["id"], "T1")
        self.assertEqual(task["status"], "full")
        self.assertEqual(task["start"], "08:00")
        self.assertEqual(len(task["volunteers"]), 1)

    def test_confirmation_cutoff_refill_and_reminder_through_the_outbox(self):
        stub = StubPlatform(script=[500, 429])  # the first delivery fails twice, then lands
        self.addCleanup(stub.close)
        server = self.start(stub)
        self.sign_up(server)
        self.say(server, "boss", "/task add 3号楼 配送 明天 09:00-11:00 需2人")
        rota = self.say(server, "boss", "/assign 明天")
        self.assertIn("@张三 明天 09:00-11:00 3号楼 配送", rota)

        status, body = server.request(
            "GET", "/v1/chats/g1/assignments?date=%s" % self.tomorrow, headers=TOKEN)
        self.assertEqual(status, 200)
        self.assertEqual([a["name"] for a in body["assignments"]], ["张三", "李四"])
        self.assertFalse(any(a["confirmed"] for a in body["assignments"]))

        self.assertEqual(self.tick(server, local(self.today, 19, 59)), 0)
        self.assertEqual(self.tick(server, local(self.today, 20, 0)), 1)
        ask = stub.wait_for(1)
        self.assertEqual(len(ask), 1, "the ask survives a 500 and a 429")
        self.assertEqual(ask[0]["chat_id"], "g1")
        self.assertIn("@张三 @李四 T1", ask[0]["text"])

        self.assertIn("已确认", self.say(server, "张三", "1"))
        self.assertEqual(self.tick(server, local(self.tomorrow, 7, 0)), 1)
        cutoff = stub.wait_for(2)[1]["text"]
        self.assertIn("未确认 李四", cutoff)
        self.assertIn("@赵六", cutoff)
        self.assertIn("已确认", self.say(server, "赵六", "1"))

        self.assertEqual(self.tick(server, local(self.tomorrow, 8, 30)), 1)
        self.assertIn("即将开始", stub.wait_for(3)[2]["text"])
        status, body = server.request(
            "GET", "/v1/chats/g1/assignments?date=%s&format=csv" % self.tomorrow, headers=TOKEN)
        self.assertEqual(status, 200)
        self.assertIn("赵六", body)
        self.assertNotIn("李四", body)

    def test_a_restart_loses_no_outbound_message(self):
        down = StubPlatform(script=[503] * 1000)
        self.addCleanup(down.close)
        server = self.start(down)
        self.sign_up(server)
        self.say(server, "boss", "/task add 东门岗 明天 08:00-10:00")
        self.say(server, "boss", "/assign")
        self.assertEqual(self.tick(server, local(self.today, 20, 0)), 1)
        time.sleep(0.5)  # at least one failed attempt
        self.assertEqual(server.stop(), 0)

        up = StubPlatform()
        self.addCleanup(up.close)
        again = self.start(up, db_from=server)
        received = up.wait_for(1)
        self.assertEqual(len(received), 1)
        self.assertIn("请确认", received[0]["text"])
        self.assertEqual(self.tick(again, local(self.today, 20, 5)), 0)  # not asked twice

    def test_unfilled_places_are_explained_and_the_clock_is_guarded(self):
        server = self.start()
        self.sign_up(server)
        self.say(server, "boss", "/task add 核酸点 明天 19:00-21:00 需3人")
        self.say(server, "boss", "/assign")
        status, body = server.request(
            "GET", "/v1/chats/g1/assignments?date=%s" % self.tomorrow, headers=TOKEN)
        self.assertEqual(status, 200)
        self.assertEqual(body["unfilled"][0]["missing"], 2)
        self.assertIn("signed up for another time", body["unfilled"][0]["reason"])
        self.assertEqual(server.request("GET", "/v1/chats/g1/assignments", headers=TOKEN)[0], 400)
        self.assertEqual(
            server.request("GET", "/v1/chats/g1/tasks?date=2026-13-01", headers=TOKEN)[0], 400)
        self.assertEqual(server.request("POST", "/v1/admin/clock", "{}", TOKEN)[0], 400)
        self.assertEqual(server.request("POST", "/v1/admin/clock", '{"now": 1}')[0], 401)


class ClockOffTest(ServerTest):
    def test_the_admin_clock_exists_only_when_configured(self):
        server = self.server(env={"LINLI_API_TOKEN": "test-token"})
        status, _ = server.request("POST", "/v1/admin/clock", '{"now": 1}', TOKEN)
        self.assertEqual(status, 404)
