"""WeCom's group robot webhook (群机器人): a coordinator binds it in the chat with /robot, the key
never echoed nor kept in the inbox; what linli sends without a callback to answer goes through
it, 2048 bytes a message and never more than 20 a minute per robot, paced on the manual clock
(POST /v1/admin/clock moves the senders' rate limits); without a bound robot it waits and /report
says so."""

import json
import sqlite3
import unittest
import urllib.parse

from harness import ServerTest, StubApi, wait_until
from test_platforms_wechat import AES_KEY, API, TOKEN, WeCom, wecom_text

KEY_A = "693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa"
KEY_B = "0b0b0b0b-1111-4222-8333-bbbbbbbbbbbb"
KEY_C = "0c0c0c0c-1111-4222-8333-cccccccccccc"
T0 = 1700000000  # the manual clock's start, in seconds


def robot_url(key):
    return "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + key


class WeComRobotTest(ServerTest):
    def setUp(self):
        self.api = StubApi(lambda path: {"errcode": 0, "errmsg": "ok"})
        self.addCleanup(self.api.close)
        self.wecom = WeCom()
        self.n = 0
        # Replies through the API, and no response_url: everything leaves by the group robot.
        self.s = self.server(
            config={"platforms": {"wecom": {"answer": "api", "bot_username": "linli"}},
                    "roles": {"coordinators": ["wecom:boss"]},
                    "scheduler": {"manual_clock": True}},
            env={"LINLI_WECOM_TOKEN": TOKEN, "LINLI_WECOM_AES_KEY": AES_KEY,
                 "LINLI_WECOM_WEBHOOK_BASE": self.api.base, "LINLI_API_TOKEN": "test-token"})
        self.clock(T0)

    def clock(self, seconds):
        status, body = self.s.request("POST", "/v1/admin/clock", json.dumps({"now": seconds}), API)
        self.assertEqual(status, 200, body)

    def say(self, chat, who, text):
        self.n += 1
        status, answer = self.wecom.post(self.s, wecom_text("w-%d" % self.n, "@linli " + text, who,
                                                            chat=chat))
        self.assertEqual((status, answer), (200, ""))
        return "w-%d" % self.n

    def stored(self, chat, delivery_id):
        status, body = self.s.request(
            "GET", "/v1/chats/%s/messages?platform=wecom" % urllib.parse.quote(chat), headers=API)
        self.assertEqual(status, 200, body)
        return next(m for m in body["messages"] if m["message_id"] == delivery_id)

    def robot(self, chat):
        status, body = self.s.request(
            "GET", "/v1/chats/%s/robot?platform=wecom" % urllib.parse.quote(chat), headers=API)
        self.assertEqual(status, 200, body)
        return body

    def sent_with(self, key):
        return [c for c in self.api.delivered("/cgi-bin/webhook/send") if c["path"].endswith(key)]

    def test_binding_the_robot_the_key_kept_secret_and_waiting_messages_released(self):
        chat = "wrkRobotA"
        # A resident cannot bind it, and even their message is kept without the key.
        denied = self.say(chat, "u1", "/robot " + robot_url(KEY_A))
        self.assertEqual(self.stored(chat, denied)["text"], "/robot [已隐藏 hidden]")
        self.assertFalse(self.robot(chat)["bound"])
        # Nothing can go yet: the denial waits, and /report says so.
        report = self.say(chat, "boss", "/汇总")
        text = "\n".join(r["text"] for r in self.stored(chat, report)["replies"])
        self.assertIn("未绑定群机器人", text)
        self.assertIn("/robot", text)
        view = self.robot(chat)
        self.assertEqual((view["bound"], view["needed"]), (False, True))
        self.assertGreaterEqual(view["waiting"], 1)
        self.assertEqual(self.api.calls, [])

        bound = self.say(chat, "boss", "/robot " + robot_url(KEY_A))
        row = self.stored(chat, bound)
        self.assertEqual(row["text"], "/robot [已隐藏 hidden]")
        confirmation = row["replies"][0]["text"]
        self.assertIn("693a****5aaa", confirmation)
        self.assertNotIn(KEY_A, confirmation)
        view = self.robot(chat)
        self.assertEqual((view["bound"], view["key"], view["bound_by"]),
                         (True, "693a****5aaa", "boss"))
        self.assertNotIn(KEY_A, json.dumps(view))
        # The confirmation goes at once; the ones that waited at their next look (5 s later).
        calls = wait_until(lambda: self.sent_with(KEY_A))
        self.assertIn("693a****5aaa", calls[0]["body"]["text"]["content"])
        calls = wait_until(lambda: len(self.sent_with(KEY_A)) >= 3 and self.sent_with(KEY_A))
        self.assertEqual(len(calls), 3, calls)
        contents = [c["body"]["text"]["content"] for c in calls]
        self.assertTrue(any("只有" in t for t in contents), contents)    # the denial
        self.assertTrue(any("未绑定" in t for t in contents), contents)  # the report
        for c in calls:
            self.assertEqual(c["body"]["msgtype"], "text")
            self.assertTrue(c["path"].startswith("/cgi-bin/webhook/send?key="), c["path"])
        # The key is in its own table and nowhere else: not in the inbox, the outbox, the log.
        with sqlite3.connect(self.s.db) as db:
            self.assertEqual(db.execute("SELECT robot_key FROM chat_robots").fetchall(), [(KEY_A,)])
            for table, columns in (("inbox", "text || replies"), ("outbox", "text || last_error")):
                self.assertEqual(db.execute("SELECT count(*) FROM %s WHERE %s LIKE ?" % (table, columns),
                                            ("%" + KEY_A[:8] + "%",)).fetchone()[0], 0, table)
        self.assertNotIn(KEY_A[:8], self.s.log())

    def test_pacing_holds_twenty_a_minute_per_robot_over_a_burst(self):
        burst = "wrkRobotB"
        self.say(burst, "boss", "/robot " + KEY_B)  # its confirmation is the robot's first message
        for i in range(23):
            self.say(burst, "u%d" % i, "/ping")
        self.say(burst, "boss", "/help")
        # The robot's bucket: 3 at once, then 17 a minute, so never more than 20 in a minute.
        # The clock moves 5 s at a time, as it would under a steady backlog, and each step lets
        # exactly the tokens earned go.
        def allowed(seconds):
            return 3 + (17 * seconds) // 60

        for seconds in list(range(0, 60, 5)) + [61]:
            self.clock(T0 + seconds)
            sent = wait_until(lambda: len(self.sent_with(KEY_B)) >= allowed(seconds) and
                              self.sent_with(KEY_B))
            self.assertEqual(len(sent or self.sent_with(KEY_B)), allowed(seconds), seconds)
        # 20 within the first minute and a second, and not one more while the clock stands
        # still. The proof is a robot of another chat whose message was queued after all of
        # them: the sender takes the first message that may go, in order, so when it has gone,
        # the 21st could not.
        self.assertEqual(allowed(61), 20)
        self.say("wrkRobotC", "boss", "/robot " + KEY_C)
        self.assertTrue(wait_until(lambda: self.sent_with(KEY_C)))
        self.assertEqual(len(self.sent_with(KEY_B)), 20)
        # The next minute brings the rest, in the order they were written.
        for seconds in range(66, 200, 5):
            self.clock(T0 + seconds)
            if wait_until(lambda: self.robot(burst)["waiting"] == 0, 2):
                break
            self.assertLessEqual(len(self.sent_with(KEY_B)), allowed(seconds))
        self.assertEqual(self.robot(burst)["waiting"], 0)
        contents = [c["body"]["text"]["content"] for c in self.sent_with(KEY_B)]
        self.assertIn("0b0b****bbbb", contents[0])
        self.assertTrue(all("在线" in t for t in contents[1:24]), contents)
        self.assertEqual(len(contents), 25)
        self.assertIn("/robot", contents[24])  # /help, last as it was written, says to @ the bot
        self.assertIn("@机器人", contents[24])
        for t in contents:
            self.assertLessEqual(len(t.encode()), 2048)


if __name__ == "__main__":
    unittest.main()
