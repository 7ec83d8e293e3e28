"""The needs board's actions against the real binary: they go through the chat's own commands as
the coordinator, are stored in the inbox, and announce themselves in the group through the
outbox; a request without the session's CSRF token changes nothing."""

import unittest
import urllib.parse

from dash_support import CoordinatorTest, call

TOKEN = CoordinatorTest.TOKEN


class DashActionsTest(CoordinatorTest):
    def act(self, number, action, chat="g1", csrf=None, form=None):
        headers = {"Cookie": self.cookie, "Content-Type": "application/x-www-form-urlencoded"}
        if csrf is not False:
            headers["X-CSRF-Token"] = csrf or self.csrf
        return call(self.s, "POST", "/dash/api/chats/%s/requests/%d/%s" % (chat, number, action),
                    urllib.parse.urlencode(form or {}), headers)

    def requests(self, chat="g1"):
        status, body = self.s.request("GET", "/v1/chats/%s/requests" % chat,
                                      headers={"Authorization": "Bearer " + TOKEN})
        self.assertEqual(status, 200, body)
        return body["requests"]

    def test_delivered_from_the_board_is_announced_and_agrees_with_the_read_api(self):
        self.post("m1", "3号楼2单元501 需要 硝苯地平 2盒")
        self.post("m2", "认领 #1", sender="v1", name="小李")
        r = self.act(1, "delivered")
        self.assertEqual(r.status, 200, r.raw)
        self.assertTrue(r.json()["done"])
        self.assertEqual(r.json()["announcement"], "后台：#1 已送达（协调员 wang）")
        self.assertTrue(r.json()["replies"])
        self.assertEqual(self.requests()[0]["status"], "delivered")
        sent = self.stub.wait("/out", 1)
        self.assertIn("后台：#1 已送达（协调员 wang）", [c["body"]["text"] for c in sent])
        # The action is a message of the chat's inbox, from the dashboard's account.
        status, messages = self.s.request("GET", "/v1/chats/g1/messages",
                                          headers={"Authorization": "Bearer " + TOKEN})
        self.assertEqual(status, 200)
        texts = [m["text"] for m in messages["messages"]]
        self.assertIn("已送达 #1", texts)

    def test_the_chats_rules_apply(self):
        self.post("m1", "3号楼2单元501 需要 硝苯地平 2盒")
        # An open request cannot be delivered: the chat's own answer, nothing announced.
        r = self.act(1, "delivered")
        self.assertEqual(r.status, 200, r.raw)
        self.assertFalse(r.json()["done"])
        self.assertNotIn("announcement", r.json())
        self.assertEqual(self.requests()[0]["status"], "open")
        r = self.act(1, "cancel")
        self.assertTrue(r.json()["done"])
        self.assertEqual(self.requests()[0]["status"], "cancelled")
        self.assertEqual(self.act(1, "explode").status, 404)
        self.assertEqual(self.act(1, "bought", form={"paid": "12.345"}).status, 400)

    def test_without_the_csrf_token_or_the_chat_nothing_changes(self):
        self.post("m1", "3号楼2单元501 需要 硝苯地平 2盒")
        self.post("m1", "5号楼 需要 大米", chat="g2")
        self.assertEqual(self.act(1, "cancel", csrf=False).status, 403)
        self.assertEqual(self.act(1, "cancel", csrf="0" * 64).status, 403)
        self.assertEqual(self.act(1, "cancel", chat="g2").status, 403)
        self.assertEqual(self.requests()[0]["status"], "open")
        self.assertEqual(self.requests("g2")[0]["status"], "open")

    def form_post(self, path, form=None, csrf=None):
        headers = {"Cookie": self.cookie, "Content-Type": "application/x-www-form-urlencoded"}
        if csrf is not False:
            headers["X-CSRF-Token"] = csrf or self.csrf
        return call(self.s, "POST", path, urllib.parse.urlencode(form or {}), headers)

    def test_the_category_is_edited_from_the_board(self):
        self.post("m1", "3-2-501 需要 口罩 2包")
        r = self.act(1, "category", form={"category": "medicine"})
        self.assertEqual(r.status, 200, r.raw)
        self.assertTrue(r.json()["done"], r.json())
        self.assertEqual(r.json()["announcement"], "后台：#1 类别改为 药品（协调员 wang）")
        self.assertEqual(self.requests()[0]["category"], "medicine")
        self.assertEqual(self.act(1, "category", form={"category": "toys"}).status, 400)
        self.assertEqual(self.act(1, "category", form={"category": "food"}, csrf=False).status,
                         403)
        self.assertEqual(self.requests()[0]["category"], "medicine")
        # The chat's own form does the same.
        self.post("m2", "改 #1 类别:食品", sender="r1")
        self.assertEqual(self.requests()[0]["category"], "food")

    def test_a_need_is_assigned_to_a_volunteer_from_the_board(self):
        self.post("m1", "3号楼2单元501 需要 硝苯地平 2盒")
        self.post("m2", "5号楼 需要 大米", sender="r2")
        self.post("m3", "认领 #2", sender="v1", name="小李")
        r = self.act(1, "assign", form={"volunteer": "小李"})
        self.assertEqual(r.status, 200, r.raw)
        self.assertTrue(r.json()["done"], r.json())
        self.assertEqual(r.json()["announcement"], "后台：#1 指派给 小李（协调员 wang）")
        need = self.requests()[0]
        self.assertEqual((need["status"], need["claimed_by"]), ("claimed", "v1"))
        sent = self.stub.wait("/out", 1)
        self.assertIn("后台：#1 指派给 小李（协调员 wang）", [c["body"]["text"] for c in sent])
        # The volunteer carries on in the chat.
        self.post("m4", "已送达 #1", sender="v1", name="小李")
        self.assertEqual(self.requests()[0]["status"], "delivered")
        refused = self.act(1, "assign", form={"volunteer": "小张"}).json()
        self.assertFalse(refused["done"])
        self.assertIn("不能再指派", " ".join(refused["replies"]))
        for bad in [{}, {"volunteer": ""}, {"volunteer": "a\nb"}, {"volunteer": "x" * 65}]:
            self.assertEqual(self.act(2, "assign", form=bad).status, 400, bad)
        self.assertEqual(self.act(2, "assign", form={"volunteer": "小张"}, csrf=False).status,
                         403)

    def chain(self):
        status, body = self.s.request("GET", "/v1/chats/g1/chain",
                                      headers={"Authorization": "Bearer " + TOKEN})
        self.assertEqual(status, 200, body)
        return body

    def test_the_chain_is_closed_opened_and_capped_from_the_page(self):
        self.post("m1", "#接龙 明天核酸\n限2人\n1. 张老师", sender="t1", name="张老师")
        self.post("m2", "#接龙 明天核酸\n限2人\n1. 张老师\n2. 刘洋\n3. 赵敏", sender="t2",
                  name="刘洋")
        base = "/dash/api/chats/g1/chain/"
        r = self.form_post(base + "close")
        self.assertEqual(r.status, 200, r.raw)
        self.assertEqual(r.json()["announcement"], "后台：接龙「明天核酸」已截止（协调员 wang）")
        self.assertTrue(self.chain()["closed"])
        # Closing it again changes nothing: no second announcement, and the reply says so.
        again = self.form_post(base + "close").json()
        self.assertFalse(again["done"], again)
        self.assertNotIn("announcement", again)
        self.assertIn("本来就已截止", " ".join(again["replies"]))
        r = self.form_post(base + "open")
        self.assertEqual(r.json()["announcement"], "后台：接龙「明天核酸」重新开放报名（协调员 wang）")
        self.assertFalse(self.chain()["closed"])
        r = self.form_post(base + "cap", {"cap": "3"})
        self.assertEqual(r.json()["announcement"], "后台：接龙「明天核酸」名额 3（协调员 wang）")
        view = self.chain()
        self.assertEqual(view["capacity"], 3)
        # The third one moved up from 候补, as when the chat's /chain cap does it.
        self.assertEqual([e["status"] for e in view["entries"]], ["confirmed"] * 3)
        sent = [c["body"]["text"] for c in self.stub.wait("/out", 3)]
        self.assertIn("后台：接龙「明天核酸」名额 3（协调员 wang）", sent)
        r = self.form_post(base + "cap", {"cap": "none"})
        self.assertTrue(r.json()["done"], r.json())
        self.assertIsNone(self.chain()["capacity"])
        for bad in [{"cap": "0"}, {"cap": "x"}, {"cap": "3", "slot": "半夜"}]:
            self.assertEqual(self.form_post(base + "cap", bad).status, 400, bad)
        self.assertEqual(self.form_post(base + "explode").status, 404)
        self.assertEqual(self.form_post(base + "close", csrf=False).status, 403)
        self.assertEqual(self.form_post("/dash/api/chats/g2/chain/close").status, 403)
        self.assertFalse(self.chain()["closed"])


if __name__ == "__main__":
    unittest.main()
