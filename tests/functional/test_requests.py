"""Supply requests end to end: residents and volunteers in the chat, totals out of the API."""

from harness import ServerTest

TOKEN = {"Authorization": "Bearer test-token"}


class RequestsTest(ServerTest):
    def setUp(self):
        self.s = self.server(env={"LINLI_API_TOKEN": "test-token"})
        self.n = 0

    def say(self, who, text, role=None, message_id=None):
        self.n += 1
        status, body = self.s.post_message("g1", message_id or "m%d" % self.n, text,
                                           sender_id=who, name=who, role=role)
        self.assertEqual(status, 200, body)
        return "\n".join(r["text"] for r in body["replies"])

    def api(self, path):
        status, body = self.s.request("GET", "/v1/chats/g1/" + path, headers=TOKEN)
        self.assertEqual(status, 200, body)
        return body

    def test_a_request_through_its_whole_life(self):
        self.assertIn("已登记 #1", self.say("王阿姨", "3号楼2单元501 需要 硝苯地平 2盒 59.9元 急"))
        self.assertIn("由 小张 认领", self.say("小张", "认领 #1"))
        self.assertIn("实付 ¥58.50", self.say("小张", "已买 #1 实付 58.5元"))
        self.assertIn("已送达", self.say("小张", "已送 #1"))

        [request] = self.api("requests")["requests"]
        self.assertEqual(request["id"], 1)
        self.assertEqual(request["requester_id"], "王阿姨")
        self.assertEqual(request["address"], {"building": "3", "unit": "2", "room": "501"})
        self.assertEqual(request["items"],
                         [{"name": "硝苯地平", "quantity": 2, "unit": "盒", "amount_cents": 5990}])
        self.assertEqual(request["category"], "medicine")
        self.assertTrue(request["urgent"])
        self.assertEqual(request["status"], "delivered")
        self.assertEqual(request["claimed_by"], "小张")
        self.assertEqual(request["spent_cents"], 5850)
        self.assertEqual(request["message_id"], "m1")
        self.assertEqual(self.api("requests?status=open")["requests"], [])

    def test_tallies_are_exact_and_a_redelivery_counts_once(self):
        self.say("a", "3-1-101 需要 大米10斤 59.9元", message_id="r1")
        self.say("a", "3-1-101 需要 大米10斤 59.9元", message_id="r1")  # redelivered
        self.say("b", "3-2-201 需要 蔬菜包 2份 68元/份")
        self.say("c", "5-1-101 需要 鸡蛋30个 共36.5元")
        self.say("d", "6-1-101 需要 牛奶 1箱 10.01元")
        self.say("d", "取消 #4")

        tally = self.api("tally?by=building")
        self.assertEqual(tally["by"], "building")
        self.assertEqual([(r["key"], r["requests"], r["amount_cents"]) for r in tally["rows"]],
                         [("3", 2, 5990 + 13600), ("5", 1, 3650)])
        self.assertEqual(tally["total"], {"requests": 3, "amount_cents": 23240})

        items = self.api("tally?by=item")["rows"]
        self.assertIn({"key": "蔬菜包", "requests": 1, "amount_cents": 13600, "quantity": 2,
                       "unit": "份"}, items)
        categories = self.api("tally?by=category")["rows"]
        self.assertEqual(categories, [{"key": "food", "requests": 3, "amount_cents": 23240}])

    def test_csv_exports(self):
        self.say("a", "3-1-101 需要 大米10斤 59.9元，鸡蛋30个")
        status, body = self.s.request("GET", "/v1/chats/g1/requests?format=csv", headers=TOKEN)
        self.assertEqual(status, 200)
        lines = body.lstrip("\ufeff").splitlines()
        self.assertTrue(lines[0].startswith("id,requester_id,building,unit,room,items,amount_cents"))
        self.assertTrue(lines[1].startswith("1,a,3,1,101,大米 10斤; 鸡蛋 30个,5990,"))
        status, body = self.s.request("GET", "/v1/chats/g1/tally?by=item&format=csv", headers=TOKEN)
        self.assertEqual(status, 200)
        self.assertIn("大米,1,5990,10,斤", body)

    def test_bad_queries_are_400(self):
        for path in ("requests?status=lost", "tally?by=colour", "requests?format=xml"):
            status, body = self.s.request("GET", "/v1/chats/g1/" + path, headers=TOKEN)
            self.assertEqual(status, 400, path)
            self.assertIn("must be", body["error"])

    def test_group_buy_donations_and_the_daily_report(self):
        self.assertIn("团购开始", self.say("协调员", "/团购 蔬菜包 68元/份", role="admin"))
        self.assertIn("订 2份", self.say("张三", "3-1-201 2份"))
        self.assertIn("共 5份，¥340.00", self.say("李四", "5-1-101 3份"))
        sheet = self.say("协调员", "/团购 结束", role="admin")
        self.assertIn("合计：5份，¥340.00，2 户", sheet)
        self.say("协调员", "/募捐 500 防疫物资", role="admin")
        self.assertIn("已够", self.say("张三", "捐 500"))
        self.say("王阿姨", "3-2-501 急需 胰岛素 1支")
        report = self.say("协调员", "/report", role="admin")
        self.assertIn("今日需求：1 单", report)
        self.assertIn("胰岛素 1支", report)
        self.assertIn("团购「蔬菜包」：5份 ¥340.00，2 户（已截止）", report)
        self.assertIn("捐款「防疫物资」：¥500.00 / ¥500.00，1 笔", report)
