"""Residents' personal data and the audit trail (issue 15, items 15 and 16), on the real
binary: coordinators' actions in GET /v1/chats/{chat_id}/audit, /forget, and `linli purge`."""

import subprocess

from harness import BINARY, ServerTest

TOKEN = {"Authorization": "Bearer test-token"}


class PrivacyTest(ServerTest):
    def setUp(self):
        self.s = self.server(env={"LINLI_API_TOKEN": "test-token"})

    def audit(self):
        status, body = self.s.request("GET", "/v1/chats/g1/audit", headers=TOKEN)
        self.assertEqual(status, 200)
        return body["entries"]

    def test_coordinators_actions_are_in_the_audit_trail_behind_the_token(self):
        self.s.post_message("g1", "m1", "/chain new 周六值班", sender_id="boss", name="王主任",
                            role="admin")
        self.s.post_message("g1", "m2", "/chain close", sender_id="boss", name="王主任",
                            role="admin")
        self.s.post_message("g1", "m3", "名单")  # a resident's: not an action
        entries = self.audit()
        self.assertEqual([e["target"] for e in entries], ["close", "new 周六值班"])
        self.assertEqual(entries[0]["actor"], {"id": "boss", "name": "王主任"})
        self.assertEqual(entries[0]["action"], "/chain")
        self.assertEqual(self.s.request("GET", "/v1/chats/g1/audit")[0], 401)
        status, page = self.s.request("GET", "/v1/chats/g1/audit?limit=1", headers=TOKEN)
        self.assertEqual(len(page["entries"]), 1)
        self.assertEqual(page["next_before"], entries[0]["seq"])

    def test_forget_erases_after_a_confirmation_and_purge_records_itself(self):
        self.s.post_message("g1", "m1", "3号楼2单元501 需要 硝苯地平 2盒 13812345678",
                            sender_id="r1", name="王阿姨")
        status, body = self.s.post_message("g1", "m2", "/forget", sender_id="r1", name="王阿姨")
        self.assertIn("/forget 确认", body["replies"][0]["text"])
        status, body = self.s.post_message("g1", "m3", "/forget 确认", sender_id="r1",
                                           name="王阿姨")
        self.assertIn("已删除", body["replies"][0]["text"])
        status, messages = self.s.request("GET", "/v1/chats/g1/messages", headers=TOKEN)
        first = [m for m in messages["messages"] if m["message_id"] == "m1"][0]
        self.assertEqual(first["text"], "")
        self.assertEqual(first["sender"]["name"], "")
        status, requests = self.s.request("GET", "/v1/chats/g1/requests", headers=TOKEN)
        self.assertNotIn("王阿姨", str(requests))
        self.assertNotIn("13812345678", str(requests))
        self.assertEqual(self.audit()[0]["action"], "forget")

        self.assertEqual(self.s.stop(), 0)
        result = subprocess.run([BINARY, "purge", "--before", "2100-01-01", "--db", self.s.db],
                                capture_output=True, text=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("purged before 2100-01-01", result.stdout)
        self.assertIn("recorded in the audit trail", result.stdout)
        self.s.start()
        entries = self.audit()
        self.assertEqual(entries[0]["action"], "purge")
        self.assertEqual(entries[0]["scope"], "deployment")
        self.assertEqual(entries[0]["actor"]["id"], "operator")
        self.assertGreater(entries[0]["rows"], 0)

    def test_purge_needs_a_date(self):
        result = subprocess.run([BINARY, "purge", "--db", self.s.db], capture_output=True,
                                text=True, timeout=20)
        self.assertEqual(result.returncode, 2)
        self.assertIn("--before", result.stderr)
        result = subprocess.run([BINARY, "purge", "--before", "yesterday", "--db", self.s.db],
                                capture_output=True, text=True, timeout=20)
        self.assertEqual(result.returncode, 2)
        self.assertIn("YYYY-MM-DD", result.stderr)
