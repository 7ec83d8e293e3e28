"""The rota page (排班) against the real binary: the day's posts, who holds them, why places are
open and what /assign would place, from the same views the read API uses; 确认排班 goes through
the chat's own /assign as the coordinator, is stored in the inbox and announced in the group."""

import datetime
import unittest
import urllib.parse
import zoneinfo

from dash_support import CoordinatorTest, add_user, call, logged_in

TOKEN = {"Authorization": "Bearer " + CoordinatorTest.TOKEN}
HEADER = "#接龙 明天志愿者\n限3人\n\n"


class DashRotaTest(CoordinatorTest):
    def setUp(self):
        super().setUp()
        shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
        self.tomorrow = (datetime.datetime.now(shanghai).date() + datetime.timedelta(days=1)).isoformat()

    def sign_up(self):
        self.post("c1", HEADER + "1. 张三 上午", sender="zhang", name="张三")
        self.post("c2", HEADER + "1. 张三 上午\n2. 李四 全天", sender="li", name="李四")
        self.post("c3", HEADER + "1. 张三 上午\n2. 李四 全天\n3. 王五 下午", sender="wang5", name="王五")

    def boss(self, mid, text):
        status, body = self.s.post_message("g1", mid, text, sender_id="boss", name="boss",
                                           role="admin", secret="dash-test-secret")
        self.assertEqual(status, 200, body)
        return body

    def rota(self, query="", chat="g1", cookie=None):
        return call(self.s, "GET", "/dash/api/chats/%s/rota%s" % (chat, query),
                    headers={"Cookie": cookie or self.cookie})

    def confirm(self, date, chat="g1", csrf=None):
        headers = {"Cookie": self.cookie, "Content-Type": "application/x-www-form-urlencoded"}
        if csrf is not False:
            headers["X-CSRF-Token"] = csrf or self.csrf
        return call(self.s, "POST", "/dash/api/chats/%s/rota/confirm" % chat,
                    urllib.parse.urlencode({"date": date} if date is not None else {}), headers)

    def test_the_page_proposes_what_assign_would_do_and_confirming_does_it(self):
        self.sign_up()
        self.boss("t1", "/task add 东门岗 明天 08:00-12:00 需1人")
        self.boss("t2", "/task add 核酸点 明天 19:00-21:00 需2人")
        r = self.rota()  # tomorrow by default, as /assign
        self.assertEqual(r.status, 200, r.raw)
        view = r.json()
        self.assertEqual(view["date"], self.tomorrow)
        self.assertEqual([t["id"] for t in view["tasks"]], ["T1", "T2"])
        self.assertEqual(view["assignments"], [])
        self.assertEqual(view["max_minutes"], 480)
        self.assertEqual(view["proposed"], [
            {"task_id": "T1", "volunteer_id": "zhang", "name": "张三"},
            {"task_id": "T2", "volunteer_id": "li", "name": "李四"}])
        self.assertEqual([(p["name"], p["minutes"], p["proposed_minutes"]) for p in view["people"]],
                         [("张三", 0, 240), ("李四", 0, 120), ("王五", 0, 0)])
        # T2 needs two: the second place stays open, and the page says why in data.
        self.assertEqual(self.rota("?date=" + self.tomorrow).json(), view)

        r = self.confirm(self.tomorrow)
        self.assertEqual(r.status, 200, r.raw)
        body = r.json()
        self.assertTrue(body["done"], body)
        day = self.tomorrow[5:]
        self.assertEqual(body["announcement"], "后台：%s 排班已确认，2 人次（协调员 wang）" % day)
        self.assertIn("@张三", body["replies"][0])  # the chat's own rota
        sent = [c["body"]["text"] for c in self.stub.wait("/out", 1)]
        self.assertIn(body["announcement"], sent)

        # The page and the read API now agree on who holds what.
        after = self.rota().json()
        self.assertEqual([(a["task_id"], a["name"], a["confirmed"]) for a in after["assignments"]],
                         [("T1", "张三", False), ("T2", "李四", False)])
        status, api = self.s.request("GET", "/v1/chats/g1/assignments?date=" + self.tomorrow,
                                     headers=TOKEN)
        self.assertEqual(status, 200)
        self.assertEqual(api["assignments"], after["assignments"])
        self.assertEqual(api["unfilled"], after["unfilled"])
        self.assertEqual(after["unfilled"][0]["task_id"], "T2")
        self.assertEqual(after["unfilled"][0]["why"]["code"], "refused")
        self.assertEqual(after["unfilled"][0]["why"]["refused"],
                         {"outside_slot": 2, "already_on_it": 1})
        self.assertEqual(after["proposed"], [])
        # Recorded as the coordinator's /assign in the chat's inbox.
        status, messages = self.s.request("GET", "/v1/chats/g1/messages", headers=TOKEN)
        self.assertIn(("dash:wang", "/assign " + self.tomorrow),
                      [(m["sender"]["id"], m["text"]) for m in messages["messages"]])
        status, audit = self.s.request("GET", "/v1/chats/g1/audit", headers=TOKEN)
        self.assertEqual(status, 200)
        self.assertIn(({"id": "dash:wang", "name": "wang"}, "/assign", self.tomorrow),
                      [(e["actor"], e["action"], e["target"]) for e in audit["entries"]])

        # Confirming again places nobody: the chat's answer, and nothing announced.
        again = self.confirm(self.tomorrow).json()
        self.assertFalse(again["done"])
        self.assertNotIn("announcement", again)

    def test_a_day_without_posts(self):
        r = self.rota("?date=2030-01-02")
        self.assertEqual(r.status, 200, r.raw)
        self.assertEqual(r.json()["tasks"], [])
        self.assertEqual(r.json()["people"], [])
        body = self.confirm("2030-01-02").json()
        self.assertFalse(body["done"])
        self.assertIn("没有任务", body["replies"][0])

    def test_bad_requests_change_nothing(self):
        self.sign_up()
        self.boss("t1", "/task add 东门岗 明天 08:00-12:00 需1人")
        self.assertEqual(self.rota("?date=2026-13-01").status, 400)
        self.assertEqual(self.confirm(None).status, 400)
        self.assertEqual(self.confirm("明天").status, 400)
        self.assertEqual(self.confirm(self.tomorrow, csrf=False).status, 403)
        self.assertEqual(self.confirm(self.tomorrow, csrf="0" * 64).status, 403)
        headers = {"Cookie": self.cookie, "X-CSRF-Token": self.csrf}
        self.assertEqual(call(self.s, "POST", "/dash/api/chats/g1/rota/explode", "", headers).status,
                         404)
        self.assertEqual(self.rota().json()["assignments"], [])
        self.assertEqual(self.stub.delivered("/out"), [])

    def test_an_account_sees_and_fills_only_its_own_chats(self):
        self.post("x1", "/task add 东门岗 明天 08:00-12:00", chat="g2", sender="boss2")
        self.assertEqual(self.rota(chat="g2").status, 403)
        self.assertEqual(self.confirm(self.tomorrow, chat="g2").status, 403)
        self.assertEqual(call(self.s, "GET", "/dash/api/chats/g1/rota").status, 401)
        add_user(self, self.s.db, "zhou", ["g2"])
        other = logged_in(self, self.s, "zhou")
        self.assertEqual(self.rota(chat="g1", cookie=other).status, 403)


if __name__ == "__main__":
    unittest.main()
