"""Not understood → need or offer (代登记) from the dashboard against the real binary: the
coordinator's correction goes through the chat's own /代登记 command, makes the resident's need,
is announced in the group, and is exported as labelled corpus records; CSRF and scoping hold."""

import json
import os
import subprocess
import sys
import tempfile
import unittest
import urllib.parse

from dash_support import CoordinatorTest, call

TOKEN = CoordinatorTest.TOKEN
CORPUS = os.path.join(os.path.dirname(__file__), "..", "corpus")


class DashCorrectionsTest(CoordinatorTest):
    def get(self, path):
        return call(self.s, "GET", path, headers={"Cookie": self.cookie})

    def seq_of(self, text, chat="g1"):
        page = self.get("/dash/api/chats/%s/unrecognised" % chat).json()
        return next(m["seq"] for m in page["messages"] if m["text"] == text)

    def correct(self, seq, as_, text=None, chat="g1", csrf=None):
        headers = {"Cookie": self.cookie, "Content-Type": "application/x-www-form-urlencoded"}
        if csrf is not False:
            headers["X-CSRF-Token"] = csrf or self.csrf
        form = urllib.parse.urlencode({"text": text} if text else {})
        return call(self.s, "POST", "/dash/api/chats/%s/unrecognised/%d/%s" % (chat, seq, as_),
                    form, headers)

    def requests(self):
        status, body = self.s.request("GET", "/v1/chats/g1/requests",
                                      headers={"Authorization": "Bearer " + TOKEN})
        self.assertEqual(status, 200, body)
        return body["requests"]

    def test_a_message_not_understood_becomes_the_residents_need_announced(self):
        self.post("m1", "我家老爷子常用的那个快用完了")
        seq = self.seq_of("我家老爷子常用的那个快用完了")
        r = self.correct(seq, "need", "3号楼2单元501 需要 硝苯地平 2盒")
        self.assertEqual(r.status, 200, r.raw)
        body = r.json()
        self.assertTrue(body["done"], body)
        self.assertEqual(body["announcement"], "后台：王阿姨 的消息已登记为需求 #1（协调员 wang）")
        need = self.requests()[0]
        self.assertEqual(need["requester_id"], "r1")
        self.assertEqual(need["items"][0]["name"], "硝苯地平")
        sent = self.stub.wait("/out", 1)
        self.assertIn(body["announcement"], [c["body"]["text"] for c in sent])
        # Once only; the chat's own answer says why.
        again = self.correct(seq, "need").json()
        self.assertFalse(again["done"])
        self.assertIn("已经代登记过了", " ".join(again["replies"]))
        self.assertEqual(len(self.requests()), 1)

    def test_an_offer_and_the_chats_rules(self):
        self.post("m1", "刚从药店回来 排了很久", sender="r2", name="赵大爷")
        seq = self.seq_of("刚从药店回来 排了很久")
        r = self.correct(seq, "offer", "我家有 布洛芬 2盒 可以分享").json()
        self.assertTrue(r["done"], r)
        self.assertEqual(r["announcement"], "后台：赵大爷 的消息已登记为互助 #1（协调员 wang）")
        self.post("m2", "今天几点发菜")
        unreadable = self.correct(self.seq_of("今天几点发菜"), "need").json()
        self.assertFalse(unreadable["done"])
        self.assertIn("读不出需求", " ".join(unreadable["replies"]))
        self.assertEqual(self.correct(seq, "gift").status, 404)
        self.assertEqual(self.correct(seq, "need", "x" * 2001).status, 400)

    def test_without_the_csrf_token_or_the_chat_nothing_changes(self):
        self.post("m1", "我家老爷子常用的那个快用完了")
        self.post("m9", "我家老爷子常用的那个快用完了", chat="g2")
        seq = self.seq_of("我家老爷子常用的那个快用完了")
        self.assertEqual(self.correct(seq, "need", "3号楼 需要 硝苯地平", csrf=False).status, 403)
        self.assertEqual(self.correct(seq, "need", "3号楼 需要 硝苯地平", chat="g2").status, 403)
        self.assertEqual(self.get("/dash/api/chats/g2/corrections").status, 403)
        self.assertEqual(self.requests(), [])

    def test_corrections_export_as_corpus_records_that_validate(self):
        self.post("m1", "我家老爷子常用的那个快用完了 3号楼2单元501")
        seq = self.seq_of("我家老爷子常用的那个快用完了 3号楼2单元501")
        self.assertTrue(self.correct(seq, "need", "3号楼2单元501 需要 硝苯地平 2盒 急").json()["done"])
        r = self.get("/dash/api/chats/g1/corrections?format=jsonl")
        self.assertEqual(r.status, 200, r.raw)
        self.assertTrue(r.headers["content-type"].startswith("application/jsonl"))
        lines = r.raw.decode().splitlines()
        self.assertEqual(len(lines), 1)
        record = json.loads(lines[0])
        self.assertEqual(record["text"], "我家老爷子常用的那个快用完了 3号楼2单元501")
        self.assertEqual(record["label"]["kind"], "need")
        self.assertEqual(record["label"]["address"], {"building": "3", "unit": "2", "room": "501"})
        self.assertTrue(record["label"]["urgent"])
        as_json = self.get("/dash/api/chats/g1/corrections?format=json").json()
        self.assertEqual(as_json["corrections"], [record])
        self.assertEqual(self.get("/dash/api/chats/g1/corrections?format=xml").status, 400)
        # The corpus's own checker accepts the records' shape.
        sys.path.insert(0, CORPUS)
        try:
            import validate  # noqa: E402 (tests/corpus/validate.py)
        finally:
            sys.path.pop(0)
        validate.errors.clear()
        validate.check_message(record)
        self.assertEqual(validate.errors, [])
        self.assertIn(record["split"], ("dev", "heldout"))


if __name__ == "__main__":
    unittest.main()
