"""Fail closed and trust no unverified role (issue 15, items 1 and 2)."""

import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

from harness import BINARY, Server, ServerTest

TOKEN = {"Authorization": "Bearer test-token"}


def refused(env, args=()):
    """Runs `linli serve` with only `env` as LINLI_* variables; returns (exit code, stdout,
    stderr) of a start that is expected to stop at once."""
    workdir = tempfile.mkdtemp(prefix="linli-func-")
    try:
        clean = {k: v for k, v in os.environ.items() if not k.startswith("LINLI_")}
        clean.update(env)
        result = subprocess.run(
            [BINARY, "serve", "--port", "0", "--db", os.path.join(workdir, "linli.db")]
            + list(args), capture_output=True, text=True, env=clean, timeout=20)
        return result.returncode, result.stdout, result.stderr
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


class FailClosedTest(ServerTest):
    def test_a_platform_without_its_secret_stops_the_start_naming_the_variable(self):
        code, out, err = refused({"LINLI_TELEGRAM_TOKEN": "1:x",
                                  "LINLI_GENERIC_SECRET": "g"})
        self.assertEqual(code, 2)
        self.assertNotIn("listening on", out)
        self.assertIn("LINLI_TELEGRAM_SECRET", err)
        self.assertIn("--insecure-dev", err)

    def test_a_bare_start_names_the_generic_secret(self):
        code, out, err = refused({})
        self.assertEqual(code, 2)
        self.assertNotIn("listening on", out)
        self.assertIn("LINLI_GENERIC_SECRET", err)

    def test_insecure_dev_serves_unsigned_warns_and_ignores_unsigned_roles(self):
        s = self.server(env={"LINLI_GENERIC_SECRET": None}, insecure_dev=True)
        self.assertIn("--insecure-dev", s.log())
        status, health = s.request("GET", "/healthz")
        self.assertEqual(status, 200)
        self.assertTrue(health["insecure_dev"])
        self.assertIn("generic", health["unauthenticated_webhooks"])
        status, body = s.post_message("g1", "m1", "/ping")
        self.assertEqual(status, 200)
        # "role": "admin" in an unsigned body makes no one a coordinator.
        status, body = s.post_message("g1", "m2", "/lang en", role="admin")
        self.assertEqual(status, 200)
        self.assertIn("协调员", body["replies"][0]["text"])

    def test_a_signed_admin_role_counts_and_healthz_is_plain(self):
        s = self.server()
        self.assertEqual(s.request("GET", "/healthz"),
                         (200, {"status": "ok", "database": "ok", "leader": True}))
        self.assertEqual(s.post_message("g1", "m1", "/ping", secret=False)[0], 401)
        status, body = s.post_message("g1", "m2", "/lang en", role="admin")
        self.assertEqual(status, 200)
        self.assertNotIn("协调员", body["replies"][0]["text"])

    def test_configured_coordinators_are_namespaced_by_platform(self):
        s = self.server(config={"roles": {"coordinators": ["telegram:boss", "generic:chief"]}})
        # telegram's boss is no one on the generic webhook; generic's chief coordinates.
        status, body = s.post_message("g1", "m1", "/lang en", sender_id="boss")
        self.assertIn("协调员", body["replies"][0]["text"])
        status, body = s.post_message("g1", "m2", "/lang en", sender_id="chief")
        self.assertNotIn("协调员", body["replies"][0]["text"])

    def test_an_unnamespaced_coordinator_stops_the_start(self):
        s = Server(config={"roles": {"coordinators": ["12345"]}})
        self.addCleanup(s.cleanup)
        with self.assertRaises(RuntimeError) as e:
            s.start()
        self.assertIn("telegram:12345", str(e.exception))



class StorageErrorInAHandlerTest(ServerTest):
    def test_a_storage_error_inside_a_handler_answers_503_and_the_retry_is_stored(self):
        s = self.server(env={"LINLI_API_TOKEN": "test-token"})
        self.assertEqual(s.post_message("g1", "m1", "/ping")[0], 200)
        # The requests table refuses writes (as a locked, corrupt or full database would) while
        # the inbox still takes them: the handler's write fails, the message's own would not.
        db = sqlite3.connect(s.db, timeout=10)
        db.execute("CREATE TRIGGER refuse BEFORE INSERT ON requests "
                   "BEGIN SELECT RAISE(ABORT, 'injected storage fault'); END")
        db.commit()
        status, body = s.post_message("g1", "m2", "3号楼 需要 退烧药 1盒 20元")
        self.assertEqual(status, 503, body)
        self.assertIn("retry", body["error"])
        db.execute("DROP TRIGGER refuse")
        db.commit()
        db.close()
        # The platform's redelivery is handled as new: nothing was kept as "failed".
        status, body = s.post_message("g1", "m2", "3号楼 需要 退烧药 1盒 20元")
        self.assertEqual(status, 200, body)
        self.assertFalse(body["duplicate"])
        self.assertIn("#1", body["replies"][0]["text"])
        status, requests = s.request("GET", "/v1/chats/g1/requests", headers=TOKEN)
        self.assertEqual([r["amount_cents"] for r in requests["requests"]], [2000])
        self.assertEqual(s.metric("linli_messages_failed_total"), 0)



class PhoneMaskingTest(ServerTest):
    def test_the_group_sees_masked_phones_the_read_api_the_full_ones(self):
        s = self.server(env={"LINLI_API_TOKEN": "test-token"})
        chain = "#接龙 明日志愿者\n\n1. 张三 13812345678 3号楼"
        status, body = s.post_message("g1", "m1", chain)
        self.assertEqual(status, 200, body)
        status, body = s.post_message("g1", "m2", chain + "\n2. 李四 139-8765-4321 5号楼",
                                      sender_id="u2", name="李四")
        self.assertEqual(status, 200, body)
        status, body = s.post_message("g1", "m3", "/roster")
        said = "\n".join(r["text"] for r in body["replies"])
        self.assertIn("138****5678", said)
        self.assertIn("139****4321", said)
        self.assertNotIn("13812345678", said)
        self.assertNotIn("8765", said)
        status, stored = s.request("GET", "/v1/chats/g1/chain", headers=TOKEN)
        self.assertEqual(status, 200)
        self.assertIn("13812345678", json.dumps(stored, ensure_ascii=False))


if __name__ == "__main__":
    unittest.main()
