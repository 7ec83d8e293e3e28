"""Real platform wire formats end to end: Telegram against an independent emulator
(telegram-test-api from npm), OneBot, Slack, Feishu and DingTalk against local stub servers of
their send APIs. Every reply travels through the outbox and the platform's API."""

import hashlib
import hmac
import http.client
import json
import os
import socket
import tempfile
import subprocess
import time
import unittest

from harness import BINARY, EMULATORS, Server, ServerTest, StubApi, npm_packages, wait_until

API = {"Authorization": "Bearer test-token"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post_json(port, path, body, headers=None, raw=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        data = raw if raw is not None else json.dumps(body).encode()
        h = {"Content-Type": "application/json"}
        h.update(headers or {})
        conn.request("POST", path, data, h)
        r = conn.getresponse()
        text = r.read().decode()
        return r.status, (json.loads(text) if text.startswith(("{", "[")) else text)
    finally:
        conn.close()


class TelegramEmulator:
    """telegram-test-api in a node process; installed from npm (package-lock.json) if missing."""

    def __init__(self):
        npm_packages()
        self.port = free_port()
        self.proc = subprocess.Popen(["node", "telegram_emulator.js", str(self.port)],
                                     cwd=EMULATORS, stdout=subprocess.PIPE)
        line = self.proc.stdout.readline().decode()
        if line.strip() != "ready":
            self.proc.kill()
            raise RuntimeError("telegram-test-api did not start: %r" % line)
        self.base = "http://127.0.0.1:%d" % self.port
        self.update = 0

    def close(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()

    def set_webhook(self, token, url, secret_token):
        status, body = post_json(self.port, "/bot%s/setWebhook" % token,
                                 {"url": url, "secret_token": secret_token})
        assert status == 200 and body["ok"], body

    def say(self, token, chat_id, user_id, name, text):
        message = {"botToken": token, "date": int(time.time()), "text": text,
                   "from": {"id": user_id, "first_name": name, "is_bot": False},
                   "chat": {"id": chat_id, "title": "3号楼 邻里群", "type": "supergroup"}}
        status, body = post_json(self.port, "/sendMessage", message)
        assert status == 200, body

    def bot_messages(self, token, chat_id):
        status, body = post_json(self.port, "/getUpdates", {"token": token, "chatId": chat_id})
        assert status == 200, body
        return [u["message"] for u in body["result"]]


class TelegramEndToEndTest(ServerTest):
    TOKEN = "123456:linli-test"
    CHAT = -1001234567890123  # supergroup ids exceed 32 bits

    def setUp(self):
        self.tg = TelegramEmulator()
        self.addCleanup(self.tg.close)
        self.s = self.server(
            config={"platforms": {"telegram": {"bot_username": "linli_bot"}}},
            env={"LINLI_TELEGRAM_TOKEN": self.TOKEN, "LINLI_TELEGRAM_SECRET": "tg-webhook-secret",
                 "LINLI_TELEGRAM_API_BASE": self.tg.base, "LINLI_API_TOKEN": "test-token"})
        self.tg.set_webhook(self.TOKEN, "http://127.0.0.1:%d/v1/webhook/telegram" % self.s.port,
                            "tg-webhook-secret")
        self.received = []

    def replies(self, count, timeout=20):
        """Waits until the emulator has recorded `count` bot messages in the chat."""
        def enough():
            self.received += self.tg.bot_messages(self.TOKEN, self.CHAT)
            return len(self.received) >= count
        wait_until(enough, timeout)
        return [m["text"] for m in self.received]

    def stored(self):
        status, body = self.s.request(
            "GET", "/v1/chats/%d/messages?platform=telegram" % self.CHAT, headers=API)
        self.assertEqual(status, 200, body)
        return body["messages"]

    def say(self, user, name, text):
        """One message, delivered before the next: the emulator numbers updates when it has
        delivered the one before, so two at once would share an update_id (and linli would,
        rightly, store the second as a redelivery)."""
        before = len(self.stored())
        self.tg.say(self.TOKEN, self.CHAT, user, name, text)
        self.assertTrue(wait_until(lambda: len(self.stored()) > before), "not delivered: " + text)

    def test_a_group_signs_up_and_asks_for_medicine_through_the_emulator(self):
        self.say(11, "阿A", "/ping@linli_bot")
        self.assertIn("在线", self.replies(1)[0])

        header = "#接龙 明日核酸点志愿者\n11月23日 限2人\n\n"
        self.say(11, "阿A", header + "1. 阿A 1号楼 上午")
        self.say(12, "阿B", header + "1. 阿A 1号楼 上午\n2. 阿B 2号楼 下午")
        self.say(13, "阿C", header + "1. 阿A 1号楼 上午\n2. 阿C 3号楼 全天")
        self.say(14, "王阿姨", "3号楼2单元501 需要 硝苯地平 2盒 59.9元 急")
        # A command for another bot in the same group is not ours to answer.
        self.say(11, "阿A", "/ping@other_bot")
        self.say(11, "阿A", "/ping")
        # Telegram allows a group 20 messages a minute, so after a burst of three the answers
        # come about 3.5 s apart.
        def all_there():
            self.replies(0)
            joined = "\n".join(m["text"] for m in self.received)
            return "已登记 #1" in joined and joined.count("在线") == 2
        wait_until(all_there, timeout=60)
        time.sleep(1)
        texts = self.replies(0)
        joined = "\n".join(texts)
        self.assertIn("阿C（候补第1位）", joined)
        self.assertIn("已登记 #1", joined)
        self.assertEqual(sum("在线" in t for t in texts), 2, texts)
        for m in self.received:
            self.assertEqual(int(m["chat_id"]), self.CHAT)
            # Each answer quotes the message it answers.
            self.assertTrue(m["reply_parameters"]["allow_sending_without_reply"], m)
            self.assertIsInstance(m["reply_parameters"]["message_id"], int)

        # Everything was stored under the platform's own ids, the other bot's command too.
        kinds = [m["kind"] for m in self.stored()]
        self.assertEqual(len(kinds), 7, kinds)
        self.assertIn("other_bot", kinds)
        status, chain = self.s.request(
            "GET", "/v1/chats/%d/chain?platform=telegram" % self.CHAT, headers=API)
        self.assertEqual([e["name"] for e in chain["entries"]], ["阿A", "阿B", "阿C"])
        status, requests = self.s.request(
            "GET", "/v1/chats/%d/requests?platform=telegram" % self.CHAT, headers=API)
        self.assertEqual(requests["requests"][0]["amount_cents"], 5990)


class PlatformsTest(ServerTest):
    def stub(self, ok, scripts=None, tls=None):
        s = StubApi(ok, scripts, tls)
        self.addCleanup(s.close)
        return s

    def test_a_platform_option_it_does_not_take_stops_linli_at_start(self):
        for config, expected in [
                ({"platforms": {"wechat": {}}}, "unknown configuration key 'platforms.wechat'"),
                ({"platforms": {"slack": {"answer": "webhook"}}},
                 'platforms.slack.answer: "webhook" is not supported by slack'),
                ({"platforms": {"onebot": {"bot_username": "x"}}},
                 "'platforms.onebot.bot_username' is not an option of onebot")]:
            s = Server(config=config)
            self.addCleanup(s.cleanup)
            with open(os.path.join(s.workdir, "linli.json"), "w") as f:
                json.dump(config, f)
            result = subprocess.run(
                [BINARY, "serve", "--config", os.path.join(s.workdir, "linli.json"),
                 "--port", "0", "--db", s.db],
                capture_output=True, text=True, timeout=30)
            self.assertEqual(result.returncode, 2, result.stderr)
            self.assertIn("configuration error", result.stderr)
            self.assertIn(expected, result.stderr)
            self.assertEqual(result.stdout, "")  # never listened

    # --- OneBot v11 -----------------------------------------------------------------------------

    def onebot_event(self, message_id, text, group=5550001, user=42, role="member"):
        return json.dumps({"time": 1669000000 + message_id, "self_id": 10001, "post_type": "message",
                           "message_type": "group", "sub_type": "normal", "message_id": message_id,
                           "group_id": group, "user_id": user, "message": text,
                           "sender": {"nickname": "小林", "card": "", "role": role}}).encode()

    def onebot_post(self, server, body, secret="ob-secret"):
        sig = "sha1=" + hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()
        return post_json(server.port, "/v1/webhook/onebot", None, {"X-Signature": sig}, raw=body)

    def test_onebot_retries_after_a_500_and_keeps_the_group_in_order(self):
        api = self.stub(lambda path: {"status": "ok", "retcode": 0, "data": {"message_id": 1}},
                        {"/send_group_msg": [(500, {"status": "failed"}, {})]})
        s = self.server(env={"LINLI_ONEBOT_SECRET": "ob-secret", "LINLI_ONEBOT_API_BASE": api.base,
                             "LINLI_ONEBOT_ACCESS_TOKEN": "ob-token"})
        status, _ = self.onebot_post(s, self.onebot_event(1, "/ping"), secret="wrong")
        self.assertEqual(status, 401)
        status, body = self.onebot_post(s, self.onebot_event(1, "/ping"))
        self.assertEqual(status, 200, body)
        self.assertNotIn("reply", body)  # answered through send_group_msg, not the quick operation
        status, _ = self.onebot_post(
            s, self.onebot_event(2, "[CQ:at,qq=10001] 3号楼2单元501 需要 硝苯地平 2盒"))
        self.assertEqual(status, 200)
        sent = api.wait("/send_group_msg", 2)
        self.assertEqual(len(sent), 2, api.calls)
        self.assertEqual(api.calls[0]["status"], 500)  # the first try failed and was retried
        self.assertIn("在线", sent[0]["body"]["message"])
        self.assertIn("已登记 #1", sent[1]["body"]["message"])
        self.assertEqual(sent[0]["body"]["group_id"], 5550001)
        self.assertTrue(sent[0]["body"]["auto_escape"])
        self.assertEqual(sent[0]["headers"]["Authorization"], "Bearer ob-token")
        # OneBot never redelivers, but a bridge restart may: same message, stored once.
        status, _ = self.onebot_post(s, self.onebot_event(1, "/ping"))
        self.assertEqual(status, 200)
        time.sleep(0.5)
        self.assertEqual(len(api.delivered("/send_group_msg")), 2)

    def test_a_send_api_on_an_ipv6_address_is_reached(self):
        # A bridge on the same host often listens on [::1]: its colons are not the port.
        api = StubApi(lambda path: {"status": "ok", "retcode": 0, "data": {"message_id": 1}},
                      ipv6=True)
        self.addCleanup(api.close)
        self.assertTrue(api.base.startswith("http://[::1]:"))
        s = self.server(env={"LINLI_ONEBOT_SECRET": "ob-secret", "LINLI_ONEBOT_API_BASE": api.base})
        status, _ = self.onebot_post(s, self.onebot_event(1, "/ping"))
        self.assertEqual(status, 200)
        sent = api.wait("/send_group_msg", 1)
        self.assertEqual(len(sent), 1, s.log()[-2000:])
        self.assertIn("在线", sent[0]["body"]["message"])
        self.assertEqual(sent[0]["headers"]["Host"], api.base[len("http://"):])

    def test_onebot_quick_operation_and_a_restart_in_the_middle_loses_nothing(self):
        down = self.stub(lambda path: {"status": "ok", "retcode": 0},
                         {"/send_group_msg": [(503, {}, {})] * 100})
        workdir = None
        s = Server(config={"outbound": {"max_backoff_ms": 200}},
                   env={"LINLI_ONEBOT_SECRET": "ob-secret", "LINLI_ONEBOT_API_BASE": down.base})
        s.start()
        self.addCleanup(s.cleanup)
        workdir = s.workdir
        for i in range(1, 4):
            self.assertEqual(self.onebot_post(s, self.onebot_event(i, "/ping"))[0], 200)
        wait_until(lambda: len(down.calls) >= 3)
        self.assertEqual(s.stop(), 0)
        self.assertEqual(down.delivered("/send_group_msg"), [])

        up = self.stub(lambda path: {"status": "ok", "retcode": 0})
        again = Server(config={"platforms": {"onebot": {"answer": "webhook"}}},
                       env={"LINLI_ONEBOT_SECRET": "ob-secret", "LINLI_ONEBOT_API_BASE": up.base},
                       workdir=workdir)
        again.start()
        self.addCleanup(again.stop)
        sent = up.wait("/send_group_msg", 3)
        self.assertEqual(len(sent), 3)
        time.sleep(0.5)
        self.assertEqual(len(up.delivered("/send_group_msg")), 3)  # each exactly once
        # Now in webhook mode: the answer rides in the quick operation, without an @.
        status, body = self.onebot_post(again, self.onebot_event(9, "/ping"))
        self.assertEqual(status, 200)
        self.assertIn("在线", body["reply"])
        self.assertIs(body["at_sender"], False)

    # --- Slack ----------------------------------------------------------------------------------

    def test_telegram_learns_its_username_from_getme_and_answers_a_mention_first(self):
        token = "42:tg"

        def ok(path):
            if path == "/bot%s/getMe" % token:
                return {"ok": True, "result": {"id": 42, "is_bot": True, "username": "Linli_Bot"}}
            return {"ok": True, "result": {"message_id": 900}}
        api = self.stub(ok)
        # No platforms.telegram.bot_username: linli asks getMe before it listens.
        s = self.server(env={"LINLI_TELEGRAM_TOKEN": token, "LINLI_TELEGRAM_SECRET": "tg-s",
                             "LINLI_TELEGRAM_API_BASE": api.base})
        self.assertIn("@linli_bot (getMe)", s.log())
        text = "@linli_bot 名单"
        update = {"update_id": 7, "message": {
            "message_id": 11, "date": int(time.time()), "text": text,
            "entities": [{"type": "mention", "offset": 0, "length": 10}],
            "from": {"id": 5, "first_name": "王"},
            "chat": {"id": -100777, "type": "supergroup", "title": "邻里"}}}
        status, _ = post_json(s.port, "/v1/webhook/telegram", update,
                              {"X-Telegram-Bot-Api-Secret-Token": "tg-s"})
        self.assertEqual(status, 200)
        sent = api.wait("/bot%s/sendMessage" % token, 1)
        self.assertEqual(len(sent), 1, api.calls)
        # Answered as 名单 (no chain yet), not stored as chatter without a reply.
        self.assertIn("接龙", sent[0]["body"]["text"])
        self.assertEqual(sent[0]["body"]["chat_id"], -100777)

    def test_telegram_sends_a_reminder_to_the_forum_topic_the_chat_uses(self):
        import datetime
        from test_tasks import SHANGHAI, local
        token = "43:tg"
        api = self.stub(lambda path: {"ok": True, "result": {"message_id": 900}})
        s = self.server(config={"platforms": {"telegram": {"bot_username": "linli_bot"}},
                                "roles": {"coordinators": ["telegram:1"]},
                                "scheduler": {"manual_clock": True}},
                        env={"LINLI_TELEGRAM_TOKEN": token, "LINLI_TELEGRAM_SECRET": "tg-s",
                             "LINLI_TELEGRAM_API_BASE": api.base, "LINLI_API_TOKEN": "test-token"})
        update_id = [0]

        def say(user, name, text):
            update_id[0] += 1
            update = {"update_id": update_id[0], "message": {
                "message_id": 100 + update_id[0], "date": int(time.time()), "text": text,
                "is_topic_message": True, "message_thread_id": 77,
                "reply_to_message": {"message_id": 77, "forum_topic_created": {"name": "志愿者"}},
                "from": {"id": user, "first_name": name},
                "chat": {"id": -100888, "type": "supergroup", "is_forum": True}}}
            status, _ = post_json(s.port, "/v1/webhook/telegram", update,
                                  {"X-Telegram-Bot-Api-Secret-Token": "tg-s"})
            self.assertEqual(status, 200)

        today = datetime.datetime.now(SHANGHAI).date()
        say(1, "协调员", "/task add 东门岗 明天 08:00-12:00 需1人")
        say(2, "张三", "认领 T1")
        # Half an hour before the shift.
        tomorrow = today + datetime.timedelta(days=1)
        status, body = s.request("POST", "/v1/admin/clock",
                                 json.dumps({"now": local(tomorrow, 7, 30)}),
                                 {"Authorization": "Bearer test-token",
                                  "Content-Type": "application/json"})
        self.assertEqual((status, body["messages"]), (200, 1), body)
        # One message a second per chat, on the same clock: a little later the reminder may go.
        status, body = s.request("POST", "/v1/admin/clock",
                                 json.dumps({"now": local(tomorrow, 7, 30) + 5}),
                                 {"Authorization": "Bearer test-token",
                                  "Content-Type": "application/json"})
        self.assertEqual(status, 200, body)
        sent = api.wait("/bot%s/sendMessage" % token, 3)
        self.assertEqual(len(sent), 3, s.log())
        ask = sent[2]["body"]
        self.assertIn("张三", ask["text"])  # the reminder, sent on its own
        self.assertNotIn("reply_parameters", ask)
        self.assertEqual(ask["message_thread_id"], 77)  # in the topic, as the answers were
        self.assertTrue(all(c["body"]["message_thread_id"] == 77 for c in sent))

    def slack_post(self, server, payload, secret="sl-secret", ts=None, headers=None):
        body = json.dumps(payload).encode()
        ts = str(int(time.time()) if ts is None else ts)
        sig = "v0=" + hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body,
                               hashlib.sha256).hexdigest()
        h = {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig}
        h.update(headers or {})
        return post_json(server.port, "/v1/webhook/slack", None, h, raw=body)

    def slack_event(self, event_id, text, channel="C0LINLI", user="U1"):
        return {"type": "event_callback", "event_id": event_id, "event_time": int(time.time()),
                "event": {"type": "message", "channel": channel, "user": user, "text": text,
                          "ts": "%d.000100" % time.time()}}

    def test_slack_honours_429_retry_after_and_paces_a_channel(self):
        api = self.stub(lambda path: {"ok": True, "ts": "1.0"},
                        {"/chat.postMessage": [(429, {"ok": False, "error": "ratelimited"},
                                                {"Retry-After": "1"})]})
        s = self.server(env={"LINLI_SLACK_SIGNING_SECRET": "sl-secret",
                             "LINLI_SLACK_BOT_TOKEN": "xoxb-test", "LINLI_SLACK_API_BASE": api.base})
        status, body = self.slack_post(s, {"type": "url_verification", "challenge": "c-123"})
        self.assertEqual((status, body), (200, {"challenge": "c-123"}))
        self.assertEqual(self.slack_post(s, self.slack_event("Ev0", "/ping"), ts=1)[0], 401)

        for i in range(1, 6):
            status, _ = self.slack_post(s, self.slack_event("Ev%d" % i, "/ping"))
            self.assertEqual(status, 200)
        # Slack retries a slow answer with the same event_id: a duplicate, not a sixth reply.
        status, _ = self.slack_post(s, self.slack_event("Ev5", "/ping"),
                                    headers={"X-Slack-Retry-Num": "1"})
        self.assertEqual(status, 200)
        sent = api.wait("/chat.postMessage", 5, timeout=30)
        self.assertEqual(len(sent), 5, api.calls)
        posts = [c for c in api.calls if c["path"] == "/chat.postMessage"]
        self.assertEqual(posts[0]["status"], 429)
        # Retry-After: 1 was waited for.
        self.assertGreaterEqual(sent[0]["at"] - posts[0]["at"], 0.9)
        # One channel: after a burst of three, no faster than one a second.
        self.assertGreaterEqual(sent[4]["at"] - sent[3]["at"], 0.9)
        self.assertEqual(sent[0]["headers"]["Authorization"], "Bearer xoxb-test")
        self.assertEqual(sent[0]["body"]["channel"], "C0LINLI")
        time.sleep(0.5)
        self.assertEqual(len(api.delivered("/chat.postMessage")), 5)

    def test_slack_an_edited_need_is_corrected_and_other_edits_do_nothing(self):
        api = self.stub(lambda path: {"ok": True, "ts": "1.0"})
        s = self.server(env={"LINLI_SLACK_SIGNING_SECRET": "sl-secret",
                             "LINLI_SLACK_BOT_TOKEN": "xoxb-test", "LINLI_SLACK_API_BASE": api.base,
                             "LINLI_API_TOKEN": "test-token"})

        def posted(event_id, text, ts, edit=False):
            message = {"type": "message", "user": "U7", "text": text, "ts": ts}
            event = dict(message, channel="C0LINLI")
            if edit:  # Slack's message_changed: the edited message inside, under its own ts
                event = {"type": "message", "subtype": "message_changed", "channel": "C0LINLI",
                         "message": message, "ts": "%d.000900" % time.time()}
            status, _ = self.slack_post(s, {"type": "event_callback", "event_id": event_id,
                                            "event_time": int(time.time()), "event": event})
            self.assertEqual(status, 200)

        posted("Ev1", "3-2-501 需要 硝苯地平 2盒", "1700000001.000100")
        posted("Ev2", "谢谢大家", "1700000002.000100")
        api.wait("/chat.postMessage", 1)
        posted("Ev3", "3-2-501 需要 硝苯地平 3盒 急", "1700000001.000100", edit=True)
        posted("Ev4", "3-2-501 需要 大米 5斤", "1700000002.000100", edit=True)  # was chatter
        sent = api.wait("/chat.postMessage", 2)
        self.assertIn("已修改 #1", sent[1]["body"]["text"])
        self.assertIn("硝苯地平 3盒", sent[1]["body"]["text"])
        status, requests = s.request("GET", "/v1/chats/C0LINLI/requests?platform=slack",
                                     headers=API)
        self.assertEqual(status, 200)
        self.assertEqual(len(requests["requests"]), 1, requests)
        self.assertEqual(requests["requests"][0]["items"][0]["quantity"], 3)
        self.assertTrue(requests["requests"][0]["urgent"])
        # Both edits are kept as written; the chatter's edit changed nothing and got no reply.
        def kinds():
            status, body = s.request("GET", "/v1/chats/C0LINLI/messages?platform=slack",
                                     headers=API)
            return [m["kind"] for m in body["messages"]]
        wait_until(lambda: len(kinds()) == 4)
        self.assertEqual(sorted(kinds()), ["chatter", "edited", "request", "request_edit"])
        time.sleep(0.5)
        self.assertEqual(len(api.delivered("/chat.postMessage")), 2)

    def test_slack_names_senders_by_users_info_once_and_by_id_without_the_scope(self):
        def ok(path):
            if path == "/users.info":
                return {"ok": True, "user": {"id": "U42", "name": "wang", "real_name": "Wang Li",
                                             "profile": {"display_name": "王阿姨 3号楼"}}}
            return {"ok": True, "ts": "1.0"}
        api = self.stub(ok, {"/users.info": [
            (200, {"ok": False, "error": "missing_scope", "needed": "users:read"}, {})]})
        s = self.server(env={"LINLI_SLACK_SIGNING_SECRET": "sl-secret",
                             "LINLI_SLACK_BOT_TOKEN": "xoxb-test", "LINLI_SLACK_API_BASE": api.base,
                             "LINLI_API_TOKEN": "test-token"})
        # The first lookup is refused for want of users:read: the id stands, the log says why.
        self.assertEqual(self.slack_post(s, self.slack_event("En1", "/ping", user="U41"))[0], 200)
        api.wait("/chat.postMessage", 1)
        self.assertIn("users:read", s.log())
        # With the scope: the need is filed under the display name, looked up once.
        self.assertEqual(self.slack_post(
            s, self.slack_event("En2", "3-2-501 需要 硝苯地平 2盒", user="U42"))[0], 200)
        self.assertEqual(self.slack_post(s, self.slack_event("En3", "谢谢", user="U42"))[0], 200)
        api.wait("/chat.postMessage", 2)
        lookups = [c for c in api.calls if c["path"].startswith("/users.info")]
        self.assertEqual([c["path"] for c in lookups],
                         ["/users.info?user=U41", "/users.info?user=U42"])
        self.assertEqual(lookups[1]["method"], "GET")
        self.assertEqual(lookups[1]["headers"]["Authorization"], "Bearer xoxb-test")
        status, body = s.request("GET", "/v1/chats/C0LINLI/requests?platform=slack", headers=API)
        self.assertEqual(status, 200, body)
        self.assertEqual(body["requests"][0]["requester_id"], "U42")
        self.assertEqual(body["requests"][0]["requester_name"], "王阿姨 3号楼")
        status, body = s.request("GET", "/v1/chats/C0LINLI/messages?platform=slack", headers=API)
        names = {m["text"]: m["sender"]["name"] for m in body["messages"]}
        self.assertEqual(names, {"/ping": "U41", "3-2-501 需要 硝苯地平 2盒": "王阿姨 3号楼",
                                 "谢谢": "王阿姨 3号楼"})

    def test_slack_api_over_https_verifies_the_certificate(self):
        # A local CA and a certificate for "localhost" signed by it, made with openssl.
        d = tempfile.mkdtemp(prefix="linli-tls-")
        self.addCleanup(lambda: __import__("shutil").rmtree(d, ignore_errors=True))
        def run(*args):
            subprocess.run(["openssl", *args], cwd=d, check=True, capture_output=True)
        run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=linli test CA",
            "-keyout", "ca.key", "-out", "ca.pem")
        run("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
            "-keyout", "server.key", "-out", "server.csr")
        with open(os.path.join(d, "ext.cnf"), "w") as f:
            f.write("subjectAltName=DNS:localhost\n")
        run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-days", "2", "-extfile", "ext.cnf", "-out", "server.pem")
        api = self.stub(lambda path: {"ok": True}, tls=(os.path.join(d, "server.pem"),
                                                        os.path.join(d, "server.key")))
        env = {"LINLI_SLACK_SIGNING_SECRET": "sl-secret", "LINLI_SLACK_BOT_TOKEN": "xoxb-test",
               "LINLI_SLACK_API_BASE": api.base}
        # Without our CA the certificate is not trusted: nothing is delivered, the row waits.
        untrusting = self.server(env=env)
        self.assertEqual(self.slack_post(untrusting, self.slack_event("Et1", "/ping"))[0], 200)
        self.assertTrue(wait_until(lambda: "certificate verify failed" in untrusting.log()),
                        untrusting.log())
        self.assertEqual(api.calls, [])
        untrusting.stop()
        # With it (SSL_CERT_FILE, which OpenSSL reads), the answer goes through over TLS.
        trusting = self.server(env=dict(env, SSL_CERT_FILE=os.path.join(d, "ca.pem")))
        self.assertEqual(self.slack_post(trusting, self.slack_event("Et2", "/ping"))[0], 200)
        sent = api.wait("/chat.postMessage", 1)
        self.assertEqual(len(sent), 1)
        self.assertIn("在线", sent[0]["body"]["text"])

    # --- Feishu ---------------------------------------------------------------------------------

    def test_feishu_gets_a_tenant_token_and_retries_a_rate_limited_send(self):
        def ok(path):
            if path.endswith("tenant_access_token/internal"):
                return {"code": 0, "tenant_access_token": "t-abc", "expire": 7200}
            return {"code": 0, "data": {"message_id": "om_x"}}
        api = self.stub(ok, {"/open-apis/im/v1/messages": [
            (200, {"code": 99991400, "msg": "request trigger frequency limit"}, {})]})
        s = self.server(env={"LINLI_FEISHU_APP_ID": "cli_test", "LINLI_FEISHU_APP_SECRET": "sec",
                             "LINLI_FEISHU_VERIFICATION_TOKEN": "vt", "LINLI_FEISHU_API_BASE": api.base})
        status, body = post_json(s.port, "/v1/webhook/feishu",
                                 {"challenge": "ch-1", "token": "vt", "type": "url_verification"})
        self.assertEqual((status, body), (200, {"challenge": "ch-1"}))
        event = {"schema": "2.0",
                 "header": {"event_id": "fe-1", "event_type": "im.message.receive_v1", "token": "vt"},
                 "event": {"sender": {"sender_id": {"open_id": "ou_1"}, "sender_type": "user"},
                           "message": {"message_id": "om_1", "chat_id": "oc_group", "chat_type": "group",
                                       "message_type": "text",
                                       "content": json.dumps({"text": "12栋602 胰岛素 急 需冷藏"})}}}
        self.assertEqual(post_json(s.port, "/v1/webhook/feishu", event)[0], 200)
        event["header"]["token"] = "forged"
        self.assertEqual(post_json(s.port, "/v1/webhook/feishu", event)[0], 401)
        sent = api.wait("/open-apis/im/v1/messages", 1)
        self.assertEqual(len(sent), 1, api.calls)
        self.assertEqual(sent[0]["headers"]["Authorization"], "Bearer t-abc")
        self.assertEqual(sent[0]["body"]["receive_id"], "oc_group")
        self.assertIn("已登记 #1", json.loads(sent[0]["body"]["content"])["text"])
        self.assertEqual(len([c for c in api.calls if "tenant_access_token" in c["path"]]), 1)

    def test_feishu_names_senders_by_the_contact_api(self):
        def ok(path):
            if path.endswith("tenant_access_token/internal"):
                return {"code": 0, "tenant_access_token": "t-abc", "expire": 7200}
            if path == "/open-apis/contact/v3/users/ou_2":
                return {"code": 0, "data": {"user": {"open_id": "ou_2", "name": "李医生"}}}
            if path.startswith("/open-apis/contact/v3/users/"):
                return {"code": 41050, "msg": "no user authority error"}
            return {"code": 0, "data": {"message_id": "om_x"}}
        api = self.stub(ok)
        s = self.server(env={"LINLI_FEISHU_APP_ID": "cli_test", "LINLI_FEISHU_APP_SECRET": "sec",
                             "LINLI_FEISHU_VERIFICATION_TOKEN": "vt", "LINLI_FEISHU_API_BASE": api.base,
                             "LINLI_API_TOKEN": "test-token"})

        def say(event_id, open_id, text):
            event = {"schema": "2.0",
                     "header": {"event_id": event_id, "event_type": "im.message.receive_v1",
                                "token": "vt"},
                     "event": {"sender": {"sender_id": {"open_id": open_id}, "sender_type": "user"},
                               "message": {"message_id": "om_" + event_id, "chat_id": "oc_group",
                                           "chat_type": "group", "message_type": "text",
                                           "content": json.dumps({"text": text})}}}
            self.assertEqual(post_json(s.port, "/v1/webhook/feishu", event)[0], 200)

        say("fn-1", "ou_2", "12栋602 需要 胰岛素 1盒")
        say("fn-2", "ou_3", "/ping")  # outside the app's contact range: shown by id
        api.wait("/open-apis/im/v1/messages", 2)
        lookups = [c for c in api.calls if "/contact/v3/users/" in c["path"]]
        self.assertEqual([c["path"] for c in lookups],
                         ["/open-apis/contact/v3/users/ou_2?user_id_type=open_id",
                          "/open-apis/contact/v3/users/ou_3?user_id_type=open_id"])
        self.assertEqual(lookups[0]["headers"]["Authorization"], "Bearer t-abc")
        self.assertIn("contact:user.base:readonly", s.log())
        status, body = s.request("GET", "/v1/chats/oc_group/requests?platform=feishu", headers=API)
        self.assertEqual(status, 200, body)
        self.assertEqual(body["requests"][0]["requester_name"], "李医生")
        status, body = s.request("GET", "/v1/chats/oc_group/messages?platform=feishu", headers=API)
        self.assertEqual({m["text"]: m["sender"]["name"] for m in body["messages"]},
                         {"12栋602 需要 胰岛素 1盒": "李医生", "/ping": "ou_3"})

    # --- DingTalk -------------------------------------------------------------------------------

    def test_dingtalk_answers_through_the_session_webhook_on_dingtalk_hosts_only(self):
        api = self.stub(lambda path: {"errcode": 0, "errmsg": "ok"})
        s = self.server(env={"LINLI_DINGTALK_APP_SECRET": "dt-secret",
                             "LINLI_DINGTALK_API_BASE": api.base})

        def message(msg_id, hook):
            time.sleep(0.002)  # each (timestamp, sign) pair is accepted once: never the same ms
            ts = str(int(time.time() * 1000))
            sign = __import__("base64").b64encode(hmac.new(
                b"dt-secret", (ts + "\n" + "dt-secret").encode(), hashlib.sha256).digest()).decode()
            body = {"conversationId": "cid-1", "msgId": msg_id, "senderNick": "杨xx",
                    "isAdmin": False, "senderStaffId": "user123", "conversationType": "2",
                    "sessionWebhook": hook, "sessionWebhookExpiredTime": int(time.time() * 1000) + 3600000,
                    "createAt": int(time.time() * 1000), "msgtype": "text", "text": {"content": " /ping"}}
            return post_json(s.port, "/v1/webhook/dingtalk", body, {"timestamp": ts, "sign": sign})

        self.assertEqual(message("msg-1", "https://oapi.dingtalk.com/robot/sendBySession?session=s1")[0], 200)
        self.assertEqual(message("msg-2", "https://evil.example/steal")[0], 200)
        sent = api.wait("/robot/sendBySession", 1)
        self.assertEqual(sent[0]["path"], "/robot/sendBySession?session=s1")
        self.assertEqual(sent[0]["body"]["msgtype"], "text")
        self.assertIn("在线", sent[0]["body"]["text"]["content"])
        time.sleep(0.5)
        self.assertEqual(len(api.calls), 1)  # the forged host was never called


    def test_dingtalk_falls_back_to_the_kept_session_webhook_then_the_robot_openapi(self):
        def ok(path):
            if path == "/v1.0/oauth2/accessToken":
                return {"accessToken": "dt-token", "expireIn": 7200}
            if path == "/v1.0/robot/groupMessages/send":
                return {"processQueryKey": "q-1"}
            return {"errcode": 0, "errmsg": "ok"}
        api = self.stub(ok)
        s = self.server(env={"LINLI_DINGTALK_APP_SECRET": "dt-secret",
                             "LINLI_DINGTALK_APP_KEY": "ding-app-key",
                             "LINLI_DINGTALK_API_BASE": api.base, "LINLI_API_TOKEN": "test-token"})
        now_ms = lambda: int(time.time() * 1000)

        def message(msg_id, chat, hook, expires_ms):
            time.sleep(0.002)  # each (timestamp, sign) pair is accepted once: never the same ms
            ts = str(now_ms())
            sign = __import__("base64").b64encode(hmac.new(
                b"dt-secret", (ts + "\n" + "dt-secret").encode(), hashlib.sha256).digest()).decode()
            body = {"conversationId": chat, "msgId": msg_id, "senderNick": "杨xx",
                    "senderStaffId": "user123", "conversationType": "2", "sessionWebhook": hook,
                    "sessionWebhookExpiredTime": expires_ms, "createAt": now_ms(),
                    "msgtype": "text", "text": {"content": " /ping"}}
            status, _ = post_json(s.port, "/v1/webhook/dingtalk", body,
                                  {"timestamp": ts, "sign": sign})
            self.assertEqual(status, 200)

        hook = "https://oapi.dingtalk.com/robot/sendBySession?session="
        message("m-1", "cid-1", hook + "s1", now_ms() + 3600000)
        api.wait("/robot/sendBySession", 1)
        # A message whose own webhook has expired is answered through the chat's newest valid
        # one, kept in the database.
        message("m-2", "cid-1", hook + "s2", now_ms() - 1000)
        sent = api.wait("/robot/sendBySession", 2)
        self.assertEqual([c["path"] for c in sent],
                         ["/robot/sendBySession?session=s1", "/robot/sendBySession?session=s1"])
        status, robot = s.request("GET", "/v1/chats/cid-1/robot?platform=dingtalk", headers=API)
        self.assertEqual(status, 200, robot)
        self.assertTrue(robot["bound"])
        self.assertNotIn("session=s1", json.dumps(robot))  # a secret: shown masked
        # A chat with no valid webhook at all: the robot OpenAPI, with an app access token.
        message("m-3", "cid-2", hook + "s3", now_ms() - 1000)
        sent = api.wait("/v1.0/robot/groupMessages/send", 1)
        self.assertEqual(len(sent), 1, api.calls)
        self.assertEqual(sent[0]["headers"]["x-acs-dingtalk-access-token"], "dt-token")
        body = sent[0]["body"]
        self.assertEqual((body["openConversationId"], body["robotCode"], body["msgKey"]),
                         ("cid-2", "ding-app-key", "sampleText"))
        self.assertIn("在线", json.loads(body["msgParam"])["content"])
        token = [c for c in api.calls if c["path"] == "/v1.0/oauth2/accessToken"]
        self.assertEqual(token[0]["body"], {"appKey": "ding-app-key", "appSecret": "dt-secret"})
        self.assertFalse(any("session=s3" in c["path"] for c in api.calls))

if __name__ == "__main__":
    unittest.main()
