"""WeChat's two routes end to end: WeCom 智能机器人 callbacks (encrypted with the bot's
EncodingAESKey, answered in the callback or through the message's response_url) and a OneBot 12
bridge (bearer token, send_message to its action endpoint), each against a local stub of the
platform's side. AES comes from the openssl command line, as the harness is standard library only."""

import base64
import hashlib
import http.client
import json
import os
import sqlite3
import struct
import subprocess
import time
import unittest
import urllib.parse

from harness import Server, ServerTest, StubApi, wait_until

HERE = os.path.dirname(os.path.abspath(__file__))
API = {"Authorization": "Bearer test-token"}
FIXTURES = os.path.join(HERE, "..", "fixtures", "platforms")

# Key set A of Tencent's Python sample.
TOKEN = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo"
AES_KEY = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt"
CHAT = "wrkSFfCgAAx3号楼"


def request(port, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body, headers or {})
        r = conn.getresponse()
        return r.status, r.read().decode(), r.getheader("Content-Type", "")
    finally:
        conn.close()


def aes(key, data, decrypt=False):
    args = ["openssl", "enc", "-aes-256-cbc", "-nopad", "-K", key.hex(), "-iv", key[:16].hex()]
    if decrypt:
        args.append("-d")
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout


class WeCom:
    """What WeCom does with a bot's Token and EncodingAESKey (WXBizMsgCrypt)."""

    def __init__(self, token=TOKEN, encoding_key=AES_KEY, receive_id=b""):
        self.token = token
        self.key = base64.b64decode(encoding_key + "=")
        self.receive_id = receive_id

    def encrypt(self, text):
        plain = os.urandom(16) + struct.pack(">I", len(text)) + text + self.receive_id
        pad = 32 - len(plain) % 32
        return base64.b64encode(aes(self.key, plain + bytes([pad]) * pad)).decode()

    def decrypt(self, encrypted):
        plain = aes(self.key, base64.b64decode(encrypted), decrypt=True)
        plain = plain[:-plain[-1]]
        (length,) = struct.unpack(">I", plain[16:20])
        return plain[20:20 + length], plain[20 + length:]

    def signature(self, timestamp, nonce, encrypted):
        return hashlib.sha1("".join(sorted([self.token, timestamp, nonce, encrypted])).encode()).hexdigest()

    def query(self, encrypted, nonce, signature=None, **extra):
        ts = str(int(time.time()))
        q = {"msg_signature": signature or self.signature(ts, nonce, encrypted), "timestamp": ts,
             "nonce": nonce}
        q.update(extra)
        return urllib.parse.urlencode(q)

    def post(self, server, message, nonce="n0nce", signature=None, encrypted=None):
        """Returns (status, the answer's JSON or text)."""
        encrypted = encrypted or self.encrypt(json.dumps(message, ensure_ascii=False).encode())
        status, text, _ = request(
            server.port, "POST", "/v1/webhook/wecom?" + self.query(encrypted, nonce, signature),
            json.dumps({"encrypt": encrypted}), {"Content-Type": "application/json"})
        return status, (json.loads(text) if text.startswith("{") else text)

    def opened(self, answer, nonce="n0nce"):
        """The plaintext JSON of a passive reply, its signature checked."""
        assert answer["nonce"] == nonce, answer
        assert answer["msgsignature"] == self.signature(str(answer["timestamp"]), nonce,
                                                        answer["encrypt"]), answer
        text, receive_id = self.decrypt(answer["encrypt"])
        assert receive_id == self.receive_id, receive_id
        return json.loads(text)


def wecom_text(msgid, text, user="zhangsan", response_url=None, chat=CHAT):
    message = {"msgid": msgid, "aibotid": "AIBOTID", "chatid": chat, "chattype": "group",
               "from": {"userid": user}, "msgtype": "text", "text": {"content": text}}
    if response_url:
        message["response_url"] = response_url
    return message


CHAIN = "#接龙 明日核酸点志愿者\n11月23日 限2人\n\n"


class WeComTest(ServerTest):
    def setUp(self):
        self.api = StubApi(lambda path: {"errcode": 0, "errmsg": "ok"})
        self.addCleanup(self.api.close)
        self.wecom = WeCom()

    def start(self, config=None, **env):
        base = {"LINLI_WECOM_TOKEN": TOKEN, "LINLI_WECOM_AES_KEY": AES_KEY,
                "LINLI_WECOM_WEBHOOK_BASE": self.api.base, "LINLI_API_TOKEN": "test-token"}
        base.update(env)
        return self.server(config=config, env=base)

    def response_url(self, code):
        return self.api.base + "/cgi-bin/aibot/response?response_code=" + code

    def stored(self, server):
        status, body = server.request(
            "GET", "/v1/chats/%s/messages?platform=wecom" % urllib.parse.quote(CHAT), headers=API)
        self.assertEqual(status, 200, body)
        return body["messages"]

    def outbox(self, server):
        """(route, state) of each outbox row: the record of which way each answer went."""
        with sqlite3.connect(server.db) as db:
            return db.execute("SELECT route, state FROM outbox ORDER BY id").fetchall()

    def test_url_verification_and_what_is_refused(self):
        s = self.start()
        echo = self.wecom.encrypt(b"8675309")
        status, text, kind = request(s.port, "GET", "/v1/webhook/wecom?" +
                                     self.wecom.query(echo, "n1", echostr=echo))
        self.assertEqual((status, text), (200, "8675309"))
        self.assertTrue(kind.startswith("text/plain"), kind)
        status, _, _ = request(s.port, "GET", "/v1/webhook/wecom?" +
                               self.wecom.query(echo, "n1", signature="0" * 40, echostr=echo))
        self.assertEqual(status, 401)
        # Other platforms' webhooks still take POST only.
        self.assertEqual(request(s.port, "GET", "/v1/webhook/generic")[0], 405)

        message = wecom_text("w-0", "@linli /ping", response_url=self.response_url("r0"))
        self.assertEqual(self.wecom.post(s, message, signature="f" * 40)[0], 401)
        # Signed correctly but not encrypted with our key: 400, and nothing stored.
        garbage = base64.b64encode(os.urandom(64)).decode()
        status, body = self.wecom.post(s, None, encrypted=garbage)
        self.assertEqual(status, 400, body)
        self.assertIn("decrypt", body["error"])
        status, text, _ = request(s.port, "POST", "/v1/webhook/wecom?" +
                                  self.wecom.query("x", "n"), "not json",
                                  {"Content-Type": "application/json"})
        self.assertEqual(status, 400, text)
        # Encrypted for an application (its corp id), not for this 智能机器人: 401.
        corp = WeCom(receive_id=b"ww1436e0e65a779aee")
        self.assertEqual(corp.post(s, message)[0], 401)
        self.assertEqual(self.stored(s), [])

    def test_the_official_verification_request_of_an_application(self):
        with open(os.path.join(FIXTURES, "wecom", "wxbizmsgcrypt_vectors.json")) as f:
            vectors = json.load(f)
        keys = vectors["key_sets"]["B_classic"]
        vector = vectors["vectors"][0]
        s = self.start(LINLI_WECOM_TOKEN=keys["token"], LINLI_WECOM_AES_KEY=keys["encoding_aes_key"],
                       LINLI_WECOM_RECEIVE_ID=keys["receiveid"])
        published = vector["http_request_as_published"].split(" ")[1]
        status, text, _ = request(s.port, "GET", "/v1/webhook/wecom?" + published.split("?", 1)[1])
        self.assertEqual((status, text), (200, vector["derived_locally"]["plaintext_msg"]))

    def test_a_conversation_answered_in_the_callbacks(self):
        s = self.start()
        need = "@linli 3号楼2单元501 需要 硝苯地平 2盒"
        status, answer = self.wecom.post(s, wecom_text("w-1", need, "wangayi", self.response_url("r1")))
        self.assertEqual(status, 200, answer)
        reply = self.wecom.opened(answer)
        self.assertEqual(reply["msgtype"], "stream")
        self.assertIs(reply["stream"]["finish"], True)
        self.assertIn("已登记 #1", reply["stream"]["content"])

        # A 接龙 pasted with the mention in front, copied on by a second volunteer.
        first = CHAIN + "1. 阿A 1号楼 上午"
        status, answer = self.wecom.post(s, wecom_text("w-2", "@linli " + first, "a"), nonce="n2")
        self.assertEqual(status, 200, answer)
        self.assertTrue(self.wecom.opened(answer, "n2")["stream"]["content"])
        second = first + "\n2. 阿B 2号楼 下午"
        status, answer = self.wecom.post(s, wecom_text("w-3", "@linli\u2005" + second, "b"))
        self.assertEqual(status, 200, answer)
        status, chain = s.request("GET", "/v1/chats/%s/chain?platform=wecom" % urllib.parse.quote(CHAT),
                                  headers=API)
        self.assertEqual(status, 200, chain)
        self.assertEqual([e["name"] for e in chain["entries"]], ["阿A", "阿B"])

        # WeCom's retry of the first callback: the same reply, stored once.
        status, answer = self.wecom.post(s, wecom_text("w-1", need, "wangayi", self.response_url("r1")))
        self.assertEqual(status, 200)
        self.assertIn("已登记 #1", self.wecom.opened(answer)["stream"]["content"])
        texts = [m["text"] for m in self.stored(s)]
        self.assertEqual(len(texts), 3, texts)
        self.assertFalse([t for t in texts if t.startswith("@")], texts)  # mentions removed
        self.assertIn("3号楼2单元501 需要 硝苯地平 2盒", texts)
        # Everything went in the callbacks' answers, and the outbox says so: the response_url
        # was never needed.
        time.sleep(0.5)
        self.assertEqual(self.api.calls, [])
        self.assertEqual(self.outbox(s), [("wecom:passive", "sent")] * 3)

    def test_answer_api_replies_through_the_response_url_on_allowed_hosts_only(self):
        s = self.start(config={"platforms": {"wecom": {"answer": "api", "bot_username": "linli"}}})
        status, answer = self.wecom.post(
            s, wecom_text("w-1", "3号楼2单元501 @linli 需要 硝苯地平 2盒", "wangayi",
                          self.response_url("r1")))
        self.assertEqual((status, answer), (200, ""))
        status, answer = self.wecom.post(
            s, wecom_text("w-2", "@linli /ping", response_url="https://evil.example/cgi-bin/x"))
        self.assertEqual((status, answer), (200, ""))
        status, _ = self.wecom.post(s, wecom_text("w-3", "@linli /ping", response_url=self.response_url("r3")))
        self.assertEqual(status, 200)
        sent = self.api.wait("/cgi-bin/aibot/response", 2)
        self.assertEqual([c["path"] for c in sent],
                         ["/cgi-bin/aibot/response?response_code=r1",
                          "/cgi-bin/aibot/response?response_code=r3"])
        self.assertEqual(sent[0]["body"]["msgtype"], "markdown")
        self.assertIn("已登记 #1", sent[0]["body"]["markdown"]["content"])
        self.assertIn("在线", sent[1]["body"]["markdown"]["content"])
        time.sleep(0.5)
        self.assertEqual(len(self.api.calls), 2)  # the forged host was never called
        # The forged host's reply has no way out until a group robot is bound: it waits.
        self.assertEqual(self.outbox(s), [(self.response_url("r1"), "sent"), ("", "pending"),
                                          (self.response_url("r3"), "sent")])
        texts = [m["text"] for m in self.stored(s)]
        self.assertIn("3号楼2单元501 需要 硝苯地平 2盒", texts)


# --- OneBot 12 ----------------------------------------------------------------------------------

GROUP = "20001234@chatroom"


def ob12_message(event_id, segments, user="wxid_asker", group=GROUP, nested=True):
    event = {"id": event_id, "time": time.time(), "type": "message", "detail_type": "group",
             "sub_type": "", "message_id": "m-" + event_id, "message": segments,
             "alt_message": "", "group_id": group, "user_id": user}
    if nested:
        event["self"] = {"platform": "wechat", "user_id": "wxid_linli"}
    else:
        event.update({"impl": "ComWechat", "platform": "wechat", "self_id": "wxid_linli"})
    return event


def addressed(event_id, text, **kw):
    return ob12_message(event_id, [{"type": "mention", "data": {"user_id": "wxid_linli"}},
                                   {"type": "text", "data": {"text": " " + text}}], **kw)


class OneBot12Test(ServerTest):
    def setUp(self):
        self.api = StubApi(lambda path: {"status": "ok", "retcode": 0,
                                         "data": {"message_id": "1", "time": 1.0}, "message": ""})
        self.addCleanup(self.api.close)

    def start(self, config=None):
        return self.server(config=config, env={
            "LINLI_ONEBOT12_TOKEN": "ob12-token", "LINLI_ONEBOT12_API_BASE": self.api.base,
            "LINLI_API_TOKEN": "test-token"})

    def post(self, server, event, token="ob12-token", version="12", query=""):
        headers = {"Content-Type": "application/json", "X-Impl": "ComWechat"}
        if version:
            headers["X-OneBot-Version"] = version
        if token:
            headers["Authorization"] = "Bearer " + token
        status, text, _ = request(server.port, "POST", "/v1/webhook/onebot12" + query,
                                  json.dumps(event, ensure_ascii=False).encode(), headers)
        return status, (json.loads(text) if text.startswith(("{", "[")) else text)

    def stored(self, server):
        status, body = server.request(
            "GET", "/v1/chats/%s/messages?platform=onebot12" % urllib.parse.quote(GROUP), headers=API)
        self.assertEqual(status, 200, body)
        return body["messages"]

    def test_a_conversation_through_send_message(self):
        s = self.start()
        self.assertEqual(self.post(s, addressed("e0", "/ping"), token="wrong")[0], 401)
        self.assertEqual(self.post(s, addressed("e0", "/ping"), token=None)[0], 401)
        self.assertEqual(self.post(s, addressed("e0", "/ping"), version=None)[0], 400)
        heartbeat = {"id": "hb-1", "time": time.time(), "type": "meta", "detail_type": "heartbeat",
                     "sub_type": "", "interval": 5000}
        self.assertEqual(self.post(s, heartbeat), (204, ""))

        self.assertEqual(self.post(s, addressed("e1", "3号楼2单元501 需要 硝苯地平 2盒"))[0], 204)
        first = CHAIN + "1. 阿A 1号楼 上午"
        self.assertEqual(self.post(s, addressed("e2", first, user="wxid_a", nested=False))[0], 204)
        # A copy without the mention: a bridge sees every message of the group.
        second = first + "\n2. 阿B 2号楼 下午"
        self.assertEqual(self.post(s, ob12_message("e3", [{"type": "text", "data": {"text": second}}],
                                                   user="wxid_b"))[0], 204)
        # The bridge resends an event: stored once, answered once. The token may come in the query.
        self.assertEqual(self.post(s, addressed("e1", "3号楼2单元501 需要 硝苯地平 2盒"), token=None,
                                   query="?access_token=ob12-token")[0], 204)

        # The need's confirmation; the new chain's two replies; the copy's confirmation.
        sent = self.api.wait("/", 4)
        self.assertEqual(len(sent), 4, self.api.calls)
        need = sent[0]["body"]
        self.assertEqual(need["action"], "send_message")
        self.assertEqual(need["params"]["detail_type"], "group")
        self.assertEqual(need["params"]["group_id"], GROUP)
        self.assertEqual(need["params"]["message"][0],
                         {"type": "mention", "data": {"user_id": "wxid_asker"}})
        self.assertIn("已登记 #1", need["params"]["message"][1]["data"]["text"])
        self.assertEqual(sent[0]["headers"]["Authorization"], "Bearer ob12-token")
        self.assertEqual(sent[1]["body"]["params"]["message"][0]["data"]["user_id"], "wxid_a")
        # The unaddressed copy is answered without an @.
        self.assertEqual([seg["type"] for seg in sent[3]["body"]["params"]["message"]], ["text"])
        self.assertIn("阿B", sent[3]["body"]["params"]["message"][0]["data"]["text"])
        time.sleep(0.5)
        self.assertEqual(len(self.api.delivered("/")), 4)

        status, chain = s.request("GET", "/v1/chats/%s/chain?platform=onebot12"
                                  % urllib.parse.quote(GROUP), headers=API)
        self.assertEqual([e["name"] for e in chain["entries"]], ["阿A", "阿B"])
        texts = [m["text"] for m in self.stored(s)]
        self.assertEqual(len(texts), 3, texts)  # the heartbeat is not chat
        self.assertIn("3号楼2单元501 需要 硝苯地平 2盒", texts)

    def test_replies_are_paced_per_group_and_ride_in_the_answer_where_asked(self):
        s = self.start()
        for i in range(4):
            self.assertEqual(self.post(s, addressed("p%d" % i, "/ping"))[0], 204)
        sent = self.api.wait("/", 4, timeout=30)
        self.assertEqual(len(sent), 4)
        # Three at once, then 17 a minute: the fourth waits about 3.5 s.
        self.assertGreaterEqual(sent[3]["at"] - sent[2]["at"], 3.0)

        quick = self.start(config={"platforms": {"onebot12": {"answer": "webhook"}}})
        status, actions = self.post(quick, addressed("q1", "/ping"))
        self.assertEqual(status, 200, actions)
        self.assertEqual(actions[0]["action"], "send_message")
        self.assertEqual(actions[0]["params"]["group_id"], GROUP)
        self.assertEqual(actions[0]["params"]["message"][0]["data"]["user_id"], "wxid_asker")
        self.assertIn("在线", actions[0]["params"]["message"][1]["data"]["text"])


if __name__ == "__main__":
    unittest.main()
