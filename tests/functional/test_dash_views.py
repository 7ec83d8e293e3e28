"""The dashboard's pages and data against the real binary: an account sees only its chats, the
needs board and overview come from the messages the webhook stored, and the embedded assets are
served small, gzipped and with ETags."""

import unittest
import urllib.parse

from dash_support import SECRET, add_user, call, logged_in
from harness import ServerTest


class DashViewsTest(ServerTest):
    def setUp(self):
        self.s = self.server(env={"LINLI_GENERIC_SECRET": SECRET})
        add_user(self, self.s.db, "wang", ["g1"])
        self.cookie = logged_in(self, self.s, "wang")

    def get(self, path, cookie=None):
        # Non-ASCII query text percent-encoded as a browser would.
        return call(self.s, "GET", urllib.parse.quote(path, safe="/?&=%"),
                    headers={"Cookie": cookie or self.cookie})

    def post(self, chat, mid, text, sender="r1", name="王阿姨"):
        status, body = self.s.post_message(chat, mid, text, sender_id=sender, name=name,
                                           secret=SECRET)
        self.assertEqual(status, 200, body)

    def test_an_account_sees_only_its_own_chats(self):
        self.post("g2", "m1", "3号楼2单元501 需要 硝苯地平 2盒")
        self.assertEqual(self.get("/dash/api/chats/g2/requests").status, 403)
        self.assertEqual(self.get("/dash/api/chats/g2/overview").status, 403)
        # Same chat id, another platform: another chat.
        self.assertEqual(self.get("/dash/api/chats/g1/requests?platform=telegram").status, 403)
        self.assertEqual(call(self.s, "GET", "/dash/api/chats/g1/requests").status, 401)
        self.assertEqual(self.get("/dash/api/chats/g1/requests").json(),
                         {"requests": [], "total": 0, "offset": 0, "limit": 100})
        # Filters never widen what an account sees: g2's need is not found from g1, and g2 stays
        # refused whatever the query.
        self.assertEqual(self.get("/dash/api/chats/g1/requests?q=硝苯地平").json()["total"], 0)
        self.assertEqual(self.get("/dash/api/chats/g2/requests?q=硝苯地平&limit=5").status, 403)
        # A malformed query is refused for what it is, whichever chat it names.
        self.assertEqual(self.get("/dash/api/chats/g2/requests?status=bad").status, 400)

    def test_the_needs_board_and_overview_show_the_chats_needs(self):
        self.post("g1", "m1", "5-1-1202 求购 大米10斤")
        self.post("g1", "m2", "12栋602 胰岛素 急 需冷藏", sender="r2", name="李叔")
        board = self.get("/dash/api/chats/g1/requests").json()["requests"]
        self.assertEqual(len(board), 2)
        # Urgent first, whatever arrived first.
        self.assertEqual(board[0]["requester_name"], "李叔")
        self.assertTrue(board[0]["urgent"])
        self.assertEqual(board[0]["address"]["building"], "12")
        self.assertEqual(board[0]["text"], "12栋602 胰岛素 急 需冷藏")
        self.assertEqual(board[1]["status"], "open")
        self.assertEqual([r["rank"] for r in board], [0, 1])

        o = self.get("/dash/api/chats/g1/overview").json()
        self.assertEqual(o["by_status"]["open"], 2)
        self.assertEqual(len(o["urgent_open"]), 1)
        self.assertEqual(o["urgent_open"][0]["building"], "12")
        self.assertEqual(sum(h["requests"] for h in o["per_hour"]), 2)
        self.assertEqual(len(o["per_hour"]), 72)
        self.assertEqual(sorted(b["key"] for b in o["by_building"]), ["12", "5"])
        self.assertEqual(o["posts"]["tasks"], 0)
        self.assertIsNone(o["chain"])

    def test_the_board_is_filtered_sorted_and_paged_by_the_server(self):
        self.post("g1", "m1", "5-1-1202 求购 大米10斤")
        self.post("g1", "m2", "12栋602 胰岛素 急 需冷藏", sender="r2", name="李叔")
        self.post("g1", "m3", "3号楼2单元501 需要 硝苯地平 2盒", sender="r3", name="Zhang Wei")
        self.post("g1", "m4", "3号楼1单元101 需要 口罩 2包", sender="r4", name="小赵")
        self.post("g2", "m5", "3号楼 需要 硝苯地平 1盒", sender="r5")

        def ids(query):
            r = self.get("/dash/api/chats/g1/requests?" + query)
            self.assertEqual(r.status, 200, r.raw)
            return [x["id"] for x in r.json()["requests"]]

        self.assertEqual(ids(""), [2, 3, 1, 4])  # urgent, medicine, food, daily
        self.assertEqual(ids("building=3"), [3, 4])
        self.assertEqual(ids("category=medicine"), [2, 3])
        self.assertEqual(ids("urgent=1"), [2])
        self.assertEqual(ids("q=%E5%8F%A3%E7%BD%A9"), [4])  # 口罩, percent-encoded
        self.assertEqual(ids("q=zhang"), [3])  # ASCII in any case
        self.assertEqual(ids("status=open&building=3&q=硝苯地平"), [3])
        self.assertEqual(ids("sort=newest"), [4, 3, 2, 1])
        page = self.get("/dash/api/chats/g1/requests?sort=number&offset=1&limit=2").json()
        self.assertEqual([x["id"] for x in page["requests"]], [2, 3])
        self.assertEqual((page["total"], page["offset"], page["limit"]), (4, 1, 2))
        self.assertEqual(page["requests"][0]["rank"], 1)
        for bad in ["status=lost", "category=toys", "urgent=maybe", "sort=random", "offset=-1",
                    "limit=0", "limit=501", "offset=x", "q=" + "x" * 201]:
            r = self.get("/dash/api/chats/g1/requests?" + bad)
            self.assertEqual(r.status, 400, bad)
            self.assertIn("error", r.json())

    def test_the_money_page_has_the_reimbursement_list(self):
        self.post("g1", "m1", "3号楼2单元501 需要 硝苯地平 2盒 59.9元")
        self.post("g1", "m2", "认领 #1", sender="v1", name="小李")
        self.post("g1", "m3", "已买 #1 实付 58.50", sender="v1", name="小李")
        m = self.get("/dash/api/chats/g1/money").json()
        self.assertEqual(m["reimbursements"], [{"volunteer_id": "v1", "volunteer": "小李",
                                                "requests": [1], "spent_cents": 5850}])
        self.assertEqual(m["spent_cents"], 5850)
        self.assertEqual(m["by_building"]["rows"][0]["key"], "3")
        self.assertEqual(m["by_category"]["rows"][0]["amount_cents"], 5990)
        self.assertEqual(self.get("/dash/api/chats/g2/money").status, 403)

    def test_not_understood_lists_chatter_newest_first_in_pages(self):
        self.post("g1", "m1", "3号楼2单元501 需要 硝苯地平 2盒")
        for i in range(55):
            self.post("g1", "c%d" % i, "楼下的快递到了吗 %d" % i)
        page = self.get("/dash/api/chats/g1/unrecognised").json()
        self.assertEqual(len(page["messages"]), 50)
        self.assertEqual(page["messages"][0]["text"], "楼下的快递到了吗 54")
        self.assertTrue(all(m["kind"] == "chatter" for m in page["messages"]))
        rest = self.get("/dash/api/chats/g1/unrecognised?before=%d" % page["next_before"]).json()
        self.assertEqual([m["text"] for m in rest["messages"]],
                         ["楼下的快递到了吗 %d" % i for i in range(4, -1, -1)])
        self.assertIsNone(rest["next_before"])
        self.assertEqual(self.get("/dash/api/chats/g1/unrecognised?before=-1").status, 400)
        self.assertEqual(self.get("/dash/api/chats/g1/unrecognised?before=x").status, 400)
        self.assertEqual(self.get("/dash/api/chats/g2/unrecognised").status, 403)
        self.assertEqual(call(self.s, "GET", "/dash/api/chats/g1/unrecognised").status, 401)

    def test_the_chain_page_has_the_roster_and_its_copies(self):
        self.assertEqual(self.get("/dash/api/chats/g1/chain").json(), {"chain": None, "copies": []})
        self.post("g1", "m1", "#接龙 明天核酸\n限1人\n1. 张老师", sender="t1", name="张老师")
        self.post("g1", "m2", "#接龙 明天核酸\n限1人\n1. 张老师\n2. 刘洋", sender="t2", name="刘洋")
        view = self.get("/dash/api/chats/g1/chain").json()
        self.assertEqual(view["chain"]["title"], "明天核酸")
        self.assertEqual([(e["name"], e["status"]) for e in view["chain"]["entries"]],
                         [("张老师", "confirmed"), ("刘洋", "waitlist")])
        self.assertEqual([c["sender"]["name"] for c in view["copies"]], ["刘洋", "张老师"])
        self.assertIn("刘洋", view["copies"][0]["replies"][0]["text"])
        self.assertEqual(self.get("/dash/api/chats/g2/chain").status, 403)
        # The overview counts the chain with its 候补, and today's posts filled against needed.
        status, body = self.s.post_message("g1", "m3", "/task add 东门岗 今天 23:00-23:59 需2人",
                                           sender_id="boss", name="boss", role="admin",
                                           secret=SECRET)
        self.assertEqual(status, 200, body)
        self.post("g1", "m4", "认领 T1", sender="t1", name="张老师")
        o = self.get("/dash/api/chats/g1/overview").json()
        self.assertEqual(o["chain"], {"title": "明天核酸", "confirmed": 1, "waitlist": 1,
                                      "capacity": 1, "closed": False})
        self.assertEqual({k: o["posts"][k] for k in ("tasks", "filled", "needed")},
                         {"tasks": 1, "filled": 1, "needed": 2})

    def test_assets_are_small_gzipped_and_revalidated_by_etag(self):
        total = 0
        for name in ["index.html", "login.html", "app.js", "login.js", "i18n.js", "style.css"]:
            plain = call(self.s, "GET", "/dash/assets/" + name)
            self.assertEqual(plain.status, 200, name)
            self.assertNotIn("content-encoding", plain.headers)
            total += len(plain.raw)
            etag = plain.headers["etag"]
            zipped = call(self.s, "GET", "/dash/assets/" + name,
                          headers={"Accept-Encoding": "gzip, deflate"})
            self.assertEqual(zipped.headers.get("content-encoding"), "gzip", name)
            self.assertEqual(zipped.text, plain.raw.decode())
            self.assertEqual(zipped.headers["etag"], etag)
            again = call(self.s, "GET", "/dash/assets/" + name, headers={"If-None-Match": etag})
            self.assertEqual(again.status, 304, name)
            self.assertEqual(again.raw, b"")
        self.assertLess(total, 200 * 1024)
        self.assertEqual(call(self.s, "GET", "/dash/assets/nothing.js").status, 404)
        self.assertEqual(call(self.s, "GET", "/dash/assets/app.js").headers["content-type"],
                         "text/javascript; charset=utf-8")


if __name__ == "__main__":
    unittest.main()
