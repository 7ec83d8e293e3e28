"""The money page's group-buy order sheet and donations against the real binary: from the chat's
own /团购 and /募捐, merged per household and building, for the chats the account may see."""

import datetime
import unittest
import zoneinfo

from dash_support import CoordinatorTest, call


class DashMoneyTest(CoordinatorTest):
    def boss(self, mid, text):
        status, body = self.s.post_message("g1", mid, text, sender_id="boss", name="主任",
                                           role="admin", secret="dash-test-secret")
        self.assertEqual(status, 200, body)
        return body

    def get(self, path, chat="g1"):
        return call(self.s, "GET", "/dash/api/chats/%s/%s" % (chat, path),
                    headers={"Cookie": self.cookie})

    def test_the_order_sheet_is_one_line_per_household_by_building(self):
        self.boss("b1", "/团购 蔬菜包 68元/份")
        self.post("o1", "3-1-201 2份", sender="zhang", name="张三")
        self.post("o2", "12-1-101 1份", sender="wang5", name="王五")
        self.post("o3", "3-2-101 1份", sender="li", name="李四")
        self.boss("b2", "/团购 结束")
        self.boss("b3", "/团购 鸡蛋 30元/箱")
        self.post("o4", "3-1-201 1箱", sender="zhang", name="张三")
        r = self.get("orders")
        self.assertEqual(r.status, 200, r.raw)
        sheet = r.json()
        self.assertEqual([b["title"] for b in sheet["buys"]], ["蔬菜包", "鸡蛋"])
        self.assertEqual([b["building"] for b in sheet["buildings"]], ["3", "12"])
        first = sheet["buildings"][0]["households"][0]
        self.assertEqual(first["household"], "3-1-201")
        self.assertEqual([(i["title"], i["quantity"], i["unit"]) for i in first["items"]],
                         [("蔬菜包", 2, "份"), ("鸡蛋", 1, "箱")])
        self.assertEqual(first["amount_cents"], 16600)
        self.assertEqual(sheet["buildings"][0]["amount_cents"], 16600 + 6800)
        self.assertEqual(sheet["households"], 3)
        self.assertEqual(sheet["amount_cents"], 4 * 6800 + 3000)
        # A day without buys opened still shows the open one; a bad date is refused.
        later = self.get("orders?date=2031-01-01").json()
        self.assertEqual([b["title"] for b in later["buys"]], ["鸡蛋"])
        self.assertEqual(self.get("orders?date=tomorrow").status, 400)
        today = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date().isoformat()
        self.assertEqual(self.get("orders?date=" + today).json(), sheet)

    def test_donations_with_their_donors_and_total(self):
        self.assertIsNone(self.get("donations").json()["drive"])
        self.boss("d1", "/募捐 500 防疫物资")
        self.post("g1", "捐 200", sender="zhang", name="张三")
        self.post("g2", "捐款300元", sender="li", name="李四")
        self.post("g3", "捐 50", sender="zhang", name="张三")
        view = self.get("donations").json()
        self.assertEqual(view["drive"]["title"], "防疫物资")
        self.assertEqual([(d["name"], d["cents"], d["gifts"]) for d in view["donors"]],
                         [("李四", 30000, 1), ("张三", 25000, 2)])
        self.assertEqual(view["total_cents"], 55000)
        self.assertTrue(view["goal_reached"])
        self.assertEqual(len(view["donations"]), 3)

    def test_only_the_accounts_chats(self):
        self.post("x1", "捐 200", chat="g2")
        for path in ("orders", "donations"):
            self.assertEqual(self.get(path, chat="g2").status, 403)
            self.assertEqual(call(self.s, "GET", "/dash/api/chats/g1/" + path).status, 401)


if __name__ == "__main__":
    unittest.main()
