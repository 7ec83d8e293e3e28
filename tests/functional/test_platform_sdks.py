"""linli against the platforms' own npm SDKs (emulators/sdk_client.js): the SDK signs, encrypts
and verifies the callbacks linli takes, and makes the same send-API call linli makes for an
answer, against a stub of its own; the two calls are compared field by field: method, path and
query, the header that authenticates, body keys and values. Any difference there fails the test.

Differences tolerated, as they do not matter to the platform:
- headers other than Authorization: User-Agent, Accept, Accept-Encoding, Connection (the SDKs'
  HTTP clients), Content-Type's charset (linli names utf-8, the Feishu SDK and telegraf do not);
- Slack: the SDK posts a form, linli JSON (chat.postMessage takes both; the form's values are
  strings);
- Feishu: linli also looks the sender up in the contact API before it answers; key order.
Host is compared: with a port that is not the scheme's default, both name it."""

import hashlib
import hmac
import json
import subprocess
import time

from harness import ServerTest, StubApi, npm_packages
from test_platforms import post_json


def sdk(op, **request):
    """One op of sdk_client.js: its JSON answer."""
    result = subprocess.run(["node", "sdk_client.js"], cwd=npm_packages(), capture_output=True,
                            input=json.dumps(dict(request, op=op)), text=True, timeout=60)
    if result.returncode != 0:
        raise AssertionError("sdk_client.js %s failed:\n%s" % (op, result.stderr))
    return json.loads(result.stdout)


def header(call, name):
    """A recorded request's header, whatever case the client wrote it in."""
    return next((v for k, v in call["headers"].items() if k.lower() == name.lower()), None)


def flipped(data, at):
    """`data` (bytes) with one byte changed."""
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1:]


class PlatformSdkTest(ServerTest):
    def stub(self, ok):
        s = StubApi(ok)
        self.addCleanup(s.close)
        return s

    def assertSameBody(self, linli, sdk_body, extras=()):
        """The same keys and values, where `extras` are the SDK's own additions."""
        self.assertEqual({k: v for k, v in sdk_body.items() if k not in extras}, linli)

    # --- Slack: @slack/bolt verifies the signature, @slack/web-api posts the answer -------------

    def test_slack_thread_answer_matches_the_web_api_client(self):
        linli_api = self.stub(lambda path: {"ok": True, "ts": "1.0"})
        sdk_api = self.stub(lambda path: {"ok": True, "ts": "1.0"})
        s = self.server(env={"LINLI_SLACK_SIGNING_SECRET": "sl-secret",
                             "LINLI_SLACK_BOT_TOKEN": "xoxb-test",
                             "LINLI_SLACK_API_BASE": linli_api.base})
        event = {"type": "event_callback", "event_id": "EvSdk1", "event_time": int(time.time()),
                 "event": {"type": "message", "channel": "C0LINLI", "user": "U1", "text": "/ping",
                           "ts": "1700000002.000200", "thread_ts": "1700000001.000100"}}
        body = json.dumps(event).encode()
        ts = str(int(time.time()))
        sig = "v0=" + hmac.new(b"sl-secret", b"v0:" + ts.encode() + b":" + body,
                               hashlib.sha256).hexdigest()

        def both(data):
            """(bolt's verdict, linli's status) for `data` under the signature."""
            valid = sdk("slack.verify", secret="sl-secret", body=data.decode(errors="replace"),
                        signature=sig, timestamp=ts)["valid"]
            status, _ = post_json(s.port, "/v1/webhook/slack", None,
                                  {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": sig},
                                  raw=data)
            return valid, status

        # A byte of the text changed: bolt refuses it, and so does linli.
        self.assertEqual(both(flipped(body, body.index(b"/ping") + 1)), (False, 401))
        self.assertEqual(both(body), (True, 200))
        mine = linli_api.wait("/chat.postMessage", 1)
        self.assertEqual(len(mine), 1, linli_api.calls)
        mine = mine[0]
        self.assertEqual(mine["body"]["thread_ts"], "1700000001.000100")  # answered in the thread

        sdk("slack.post", token="xoxb-test", api_base=sdk_api.base, args=mine["body"])
        theirs = sdk_api.delivered("/chat.postMessage")
        self.assertEqual(len(theirs), 1, sdk_api.calls)
        theirs = theirs[0]
        self.assertEqual((mine["method"], mine["path"]), (theirs["method"], theirs["path"]))
        self.assertEqual(header(mine, "Authorization"), header(theirs, "Authorization"))
        # Host names the port when it is not the default, as the SDK's does (RFC 9110 7.2).
        self.assertEqual(header(mine, "Host"), linli_api.base.split("//")[1])
        self.assertEqual(header(theirs, "Host"), sdk_api.base.split("//")[1])
        # The SDK sends a form (every value a string), linli JSON, which Slack's Web API takes
        # alike for chat.postMessage; the fields are the same.
        self.assertTrue(header(theirs, "Content-Type").startswith(
            "application/x-www-form-urlencoded"))
        self.assertTrue(header(mine, "Content-Type").startswith("application/json"))
        self.assertEqual(set(mine["body"]), {"channel", "text", "thread_ts"})
        self.assertSameBody({k: str(v) for k, v in mine["body"].items()}, theirs["body"])

    # --- Feishu: the event encrypted and signed as the SDK reads it; Client.im.message.create ---

    def test_feishu_encrypted_event_and_answer_match_the_node_sdk(self):
        def ok(path):
            if path.endswith("tenant_access_token/internal"):
                return {"code": 0, "tenant_access_token": "t-abc", "expire": 7200}
            return {"code": 0, "data": {"message_id": "om_x"}}
        linli_api, sdk_api = self.stub(ok), self.stub(ok)
        key = "linli-feishu-encrypt-key"
        s = self.server(env={"LINLI_FEISHU_APP_ID": "cli_test", "LINLI_FEISHU_APP_SECRET": "sec",
                             "LINLI_FEISHU_ENCRYPT_KEY": key,
                             "LINLI_FEISHU_API_BASE": linli_api.base,
                             "LINLI_API_TOKEN": "test-token"})
        event = {"schema": "2.0",
                 "header": {"event_id": "fe-sdk-1", "event_type": "im.message.receive_v1",
                            "create_time": str(int(time.time() * 1000)), "token": "",
                            "app_id": "cli_test", "tenant_key": "tk"},
                 "event": {"sender": {"sender_id": {"open_id": "ou_1"}, "sender_type": "user"},
                           "message": {"message_id": "om_1", "chat_id": "oc_group",
                                       "chat_type": "group", "message_type": "text",
                                       "content": json.dumps({"text": "12栋602 胰岛素 急 需冷藏"},
                                                             ensure_ascii=False)}}}
        # Feishu's URL check, encrypted and (as Feishu sends it) unsigned: linli answers it as the
        # SDK does.
        check = sdk("feishu.encrypt", encrypt_key=key, timestamp=int(time.time()),
                    event={"challenge": "ch-sdk", "token": "", "type": "url_verification"})
        expected = sdk("feishu.challenge", encrypt_key=key, body=check["body"])["answer"]
        self.assertEqual(expected, {"challenge": "ch-sdk"})
        self.assertEqual(post_json(s.port, "/v1/webhook/feishu", None, raw=check["body"].encode()),
                         (200, expected))

        signed = sdk("feishu.encrypt", encrypt_key=key, event=event, timestamp=int(time.time()))
        body = signed["body"].encode()
        headers = dict(signed["headers"], **{"Content-Type": "application/json"})
        taken = sdk("feishu.verify", encrypt_key=key, body=signed["body"],
                    headers=signed["headers"])["event"]
        self.assertEqual(taken["message"]["content"], event["event"]["message"]["content"])

        # One byte of the ciphertext changed: the SDK's signature check refuses it, and linli too.
        forged = flipped(body, len(b'{"encrypt":"') + 5)
        self.assertIsNone(sdk("feishu.verify", encrypt_key=key, body=forged.decode(),
                              headers=signed["headers"])["event"])
        self.assertEqual(post_json(s.port, "/v1/webhook/feishu", None, headers, raw=forged)[0], 401)
        self.assertEqual(post_json(s.port, "/v1/webhook/feishu", None, headers, raw=body)[0], 200)
        mine = linli_api.wait("/open-apis/im/v1/messages", 1)
        self.assertEqual(len(mine), 1, linli_api.calls)
        mine = mine[0]
        self.assertIn("已登记 #1", json.loads(mine["body"]["content"])["text"])  # read and filed

        query = dict(p.split("=", 1) for p in mine["path"].split("?", 1)[1].split("&"))
        sdk("feishu.send", app_id="cli_test", app_secret="sec", api_base=sdk_api.base,
            params=query, data=mine["body"])
        theirs = sdk_api.delivered("/open-apis/im/v1/messages")
        self.assertEqual(len(theirs), 1, sdk_api.calls)
        theirs = theirs[0]
        self.assertEqual((mine["method"], mine["path"]), (theirs["method"], theirs["path"]))
        self.assertEqual(header(mine, "Authorization"), header(theirs, "Authorization"))
        self.assertEqual(set(mine["body"]), {"receive_id", "msg_type", "content", "uuid"})
        self.assertSameBody(mine["body"], theirs["body"])

        # The tenant token, asked for the same way and once.
        def token_calls(api):
            return [c for c in api.calls if "tenant_access_token" in c["path"]]
        self.assertEqual(len(token_calls(linli_api)), 1)
        self.assertEqual(len(token_calls(sdk_api)), 1)
        mine, theirs = token_calls(linli_api)[0], token_calls(sdk_api)[0]
        self.assertEqual((mine["method"], mine["path"]), (theirs["method"], theirs["path"]))
        self.assertEqual(mine["body"], {"app_id": "cli_test", "app_secret": "sec"})
        self.assertSameBody(mine["body"], theirs["body"])

    # --- Telegram: telegraf's Telegram client sends the same answer in a forum topic ------------

    def test_telegram_topic_answer_matches_telegraf(self):
        token = "44:tg"
        ok = lambda path: {"ok": True, "result": {"message_id": 900, "date": 0,  # noqa: E731
                                                  "chat": {"id": -100999, "type": "supergroup"}}}
        linli_api, sdk_api = self.stub(ok), self.stub(ok)
        s = self.server(config={"platforms": {"telegram": {"bot_username": "linli_bot"}}},
                        env={"LINLI_TELEGRAM_TOKEN": token, "LINLI_TELEGRAM_SECRET": "tg-s",
                             "LINLI_TELEGRAM_API_BASE": linli_api.base})
        update = {"update_id": 9, "message": {
            "message_id": 123, "date": int(time.time()), "text": "/ping",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
            "is_topic_message": True, "message_thread_id": 77,
            "reply_to_message": {"message_id": 77, "forum_topic_created": {"name": "志愿者"}},
            "from": {"id": 5, "first_name": "王"},
            "chat": {"id": -100999, "type": "supergroup", "is_forum": True}}}
        status, _ = post_json(s.port, "/v1/webhook/telegram", update,
                              {"X-Telegram-Bot-Api-Secret-Token": "tg-s"})
        self.assertEqual(status, 200)
        path = "/bot%s/sendMessage" % token
        mine = linli_api.wait(path, 1)
        self.assertEqual(len(mine), 1, linli_api.calls)
        mine = mine[0]
        self.assertEqual(mine["body"]["message_thread_id"], 77)
        self.assertEqual(mine["body"]["reply_parameters"]["message_id"], 123)  # not the topic's

        extra = {k: v for k, v in mine["body"].items() if k not in ("chat_id", "text")}
        sdk("telegram.send", token=token, api_base=sdk_api.base, chat_id=mine["body"]["chat_id"],
            text=mine["body"]["text"], extra=extra)
        theirs = sdk_api.delivered(path)
        self.assertEqual(len(theirs), 1, sdk_api.calls)
        theirs = theirs[0]
        self.assertEqual((mine["method"], mine["path"]), (theirs["method"], theirs["path"]))
        self.assertTrue(header(theirs, "Content-Type").startswith("application/json"))
        self.assertEqual(set(mine["body"]),
                         {"chat_id", "text", "message_thread_id", "reply_parameters"})
        self.assertEqual(mine["body"]["reply_parameters"],
                         {"message_id": 123, "allow_sending_without_reply": True})
        self.assertSameBody(mine["body"], theirs["body"])
