"""Neighbours' offers (邻里互助) end to end through the webhook: an offer matched to a need,
handed over and withdrawn; /offers; the read API; the report; and the missing-address follow-up."""

from harness import ServerTest

TOKEN = {"Authorization": "Bearer test-token"}


class OffersTest(ServerTest):
    def setUp(self):
        self.s = self.server(env={"LINLI_API_TOKEN": "test-token"})
        self.n = 0

    def say(self, who, text, role=None, message_id=None):
        self.n += 1
        status, body = self.s.post_message("g1", message_id or "m%d" % self.n, text,
                                           sender_id=who, name=who, role=role)
        self.assertEqual(status, 200, body)
        return "\n".join(r["text"] for r in body["replies"])

    def api(self, path, status=200):
        got, body = self.s.request("GET", "/v1/chats/g1/" + path, headers=TOKEN)
        self.assertEqual(got, status, body)
        return body

    def test_an_offer_matched_to_a_need_and_handed_over(self):
        self.assertIn("已登记 #1", self.say("王阿姨", "5-1-1202 需要 蒙脱石散 1盒"))
        answer = self.say("李叔", "3-2-501 我家多了两盒蒙脱石散，谁家需要可以来拿 13812345678",
                          message_id="offer-1")
        self.assertIn("🤲 已登记互助 #1 3-2-501 李叔｜蒙脱石散 2盒", answer)
        self.assertIn("🤝 配对：互助 #1 3-2-501 李叔 → 需求 #1 5-1-1202 王阿姨", answer)
        self.assertNotIn("13812345678", answer)
        # A redelivery logs nothing twice.
        again = self.say("李叔", "3-2-501 我家多了两盒蒙脱石散，谁家需要可以来拿 13812345678",
                         message_id="offer-1")
        self.assertEqual(again, answer)

        [offer] = self.api("offers")["offers"]
        self.assertEqual(offer["id"], 1)
        self.assertEqual(offer["offerer_id"], "李叔")
        self.assertEqual(offer["address"], {"building": "3", "unit": "2", "room": "501"})
        self.assertEqual(offer["items"], [{"name": "蒙脱石散", "quantity": 2, "unit": "盒"}])
        self.assertEqual(offer["category"], "medicine")
        self.assertEqual(offer["status"], "matched")
        self.assertEqual(offer["matched_request"], 1)
        self.assertEqual(offer["message_id"], "offer-1")

        self.assertIn("只有提供者或协调员", self.say("路人", "已给 #1"))
        self.assertEqual(self.say("李叔", "已给 #1"),
                         "✅ 互助 #1 已送出，需求 #1 已送达，谢谢邻里！")
        self.assertEqual(self.api("offers")["offers"][0]["status"], "given")
        self.assertEqual(self.api("requests")["requests"][0]["status"], "delivered")
        self.assertEqual(self.api("offers?status=open")["offers"], [])
        self.assertIn("已结束", self.say("李叔", "给了 #1"))

    def test_a_need_finds_an_open_offer_and_the_offer_is_withdrawn(self):
        self.assertNotIn("配对", self.say("李叔", "我家有布洛芬，谁需要"))
        self.assertIn("🤲 可领取的邻里互助：\n#1 李叔｜布洛芬", self.say("王阿姨", "/offers"))
        self.assertIn("#1 李叔｜布洛芬", self.say("王阿姨", "互助"))
        answer = self.say("王阿姨", "5-1-1202 需要 布洛芬 1盒")
        self.assertIn("🤝 配对：互助 #1 李叔 → 需求 #1 5-1-1202 王阿姨", answer)
        self.assertEqual(self.say("李叔", "撤回 #1"), "↩️ 互助 #1 已撤回，需求 #1 仍待处理。")
        self.assertEqual(self.api("offers")["offers"][0]["status"], "withdrawn")
        self.assertEqual(self.api("requests")["requests"][0]["status"], "open")
        self.assertEqual(self.say("王阿姨", "/offers"), "目前没有可领取的互助。")
        # 不需要了 from an offerer withdraws their latest open offer.
        self.say("赵", "尿不湿两包 免费送")
        self.assertEqual(self.say("赵", "不需要了"), "↩️ 互助 #2 已撤回。")

    def test_offers_read_api_csv_report_and_bad_queries(self):
        self.say("李叔", "3-2-501 大米10斤 找我拿")
        status, body = self.s.request("GET", "/v1/chats/g1/offers?format=csv", headers=TOKEN)
        self.assertEqual(status, 200)
        lines = body.lstrip("\ufeff").splitlines()
        self.assertEqual(lines[0], "id,offerer_id,building,unit,room,items,category,status,"
                                   "matched_request,message_id")
        self.assertTrue(lines[1].startswith("1,李叔,3,2,501,大米 10斤,food,open,,"), lines[1])
        for path in ("offers?status=lost", "offers?format=xml"):
            got, answer = self.s.request("GET", "/v1/chats/g1/" + path, headers=TOKEN)
            self.assertEqual(got, 400, path)
            self.assertIn("must be", answer["error"])
        got, _ = self.s.request("GET", "/v1/chats/g1/offers")
        self.assertEqual(got, 401)
        report = self.say("boss", "/report", role="admin")
        self.assertIn("邻里互助：今日 1 份 — 待配对 1", report)

    def test_the_missing_address_is_asked_for_and_completes_the_need(self):
        answer = self.say("王阿姨", "需要 布洛芬 1盒")
        self.assertIn("请直接回复您的地址", answer)
        self.assertIn("📍 已补上地址：#1 3-2-501", self.say("王阿姨", "3号楼2单元501"))
        [request] = self.api("requests")["requests"]
        self.assertEqual(request["address"], {"building": "3", "unit": "2", "room": "501"})
        self.assertIn("已登记 #2 3-2-501", self.say("王阿姨", "需要 口罩 10个"))

    def test_only_the_senders_next_message_answers_the_ask(self):
        self.say("王阿姨", "需要 布洛芬 1盒")
        self.say("赵", "需要 口罩 10个")
        self.say("李叔", "谢谢大家")
        self.assertIn("📍 已补上地址：#2 7-2-301", self.say("赵", "7-2-301"))
        # Anything else the sender writes first ends the ask: the address is then only text.
        self.say("王阿姨", "谢谢")
        self.assertEqual(self.say("王阿姨", "3-2-501"), "")
        requests = self.api("requests")["requests"]
        self.assertIsNone(requests[0]["address"])
