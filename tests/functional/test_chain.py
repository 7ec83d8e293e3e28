"""接龙 signup chains end to end: webhook posts in, replies and the read API out."""

from harness import ServerTest

TOKEN = {"Authorization": "Bearer test-token"}
HEADER = "#接龙 明日核酸点志愿者\n11月23日 限2人\n例 张三 3号楼 上午\n\n"


def texts(body):
    return "\n".join(r["text"] for r in body["replies"])


class ChainTest(ServerTest):
    def setUp(self):
        self.s = self.server(env={"LINLI_API_TOKEN": "test-token"})
        self.n = 0

    def say(self, who, text, message_id=None):
        self.n += 1
        status, body = self.s.post_message("g1", message_id or "m%d" % self.n, text,
                                           sender_id=who, name=who)
        self.assertEqual(status, 200, body)
        return body

    def chain(self):
        status, body = self.s.request("GET", "/v1/chats/g1/chain", headers=TOKEN)
        self.assertEqual(status, 200, body)
        return body

    def test_a_fork_loses_nobody_and_the_api_shows_the_roster(self):
        self.say("阿A", HEADER + "1. 阿A 1号楼 上午")
        self.say("阿B", HEADER + "1. 阿A 1号楼 上午\n2. 阿B 2号楼 下午")
        fork = self.say("阿C", HEADER + "1. 阿A 1号楼 上午\n2. 阿C 3号楼 全天")
        self.assertIn("阿C（候补第1位）", texts(fork))
        self.assertIn("漏掉了 1 人", texts(fork))
        self.assertIn("2. 阿B 2号楼 下午", fork["replies"][-1]["text"])

        chain = self.chain()
        self.assertEqual(chain["title"], "明日核酸点志愿者")
        self.assertEqual(chain["capacity"], 2)
        self.assertFalse(chain["closed"])
        self.assertEqual([(e["position"], e["name"], e["status"], e["slot"]) for e in chain["entries"]],
                         [(1, "阿A", "confirmed", "上午"), (2, "阿B", "confirmed", "下午"),
                          (3, "阿C", "waitlist", "全天")])

        left = self.say("阿A", "退出")
        self.assertIn("候补递补：阿C（第2位）", texts(left))
        self.assertEqual([e["name"] for e in self.chain()["entries"]], ["阿B", "阿C"])

    def test_a_redelivered_copy_counts_once(self):
        self.say("阿A", HEADER + "1. 阿A", message_id="dup")
        again = self.say("阿A", HEADER + "1. 阿A", message_id="dup")
        self.assertTrue(again["duplicate"])
        self.assertEqual(len(self.chain()["entries"]), 1)

    def test_the_chain_survives_a_restart(self):
        self.say("阿A", HEADER + "1. 阿A")
        self.assertEqual(self.s.stop(), 0)
        self.s.start()
        self.say("阿B", HEADER + "1. 阿A\n2. 阿B")
        self.assertEqual([e["name"] for e in self.chain()["entries"]], ["阿A", "阿B"])

    def test_csv_export_opens_in_a_spreadsheet(self):
        self.say("阿A", HEADER + "1. 阿A 1号楼 上午")
        self.say("王五", "帮报 张阿姨 3号楼 上午")
        status, body = self.s.request("GET", "/v1/chats/g1/chain?format=csv", headers=TOKEN)
        self.assertEqual(status, 200)
        lines = body.lstrip("\ufeff").splitlines()
        self.assertEqual(lines[0], "position,name,detail,slot,status,sender_id,registered_by")
        self.assertEqual(lines[2], "2,张阿姨,3号楼 上午,上午,confirmed,王五,王五")
        self.assertTrue(body.startswith("\ufeff"))

    def test_csv_export_neutralises_formulas(self):
        self.say("阿A", HEADER + "1. 阿A\n2. =1+2")
        status, body = self.s.request("GET", "/v1/chats/g1/chain?format=csv", headers=TOKEN)
        self.assertEqual(status, 200)
        lines = body.lstrip("\ufeff").splitlines()
        self.assertTrue(lines[2].startswith("2,\"'=1+2\","), lines[2])

    def test_no_chain_is_a_404_and_the_token_is_required(self):
        status, body = self.s.request("GET", "/v1/chats/g1/chain", headers=TOKEN)
        self.assertEqual(status, 404)
        self.assertIn("no signup chain", body["error"])
        status, _ = self.s.request("GET", "/v1/chats/g1/chain")
        self.assertEqual(status, 401)
