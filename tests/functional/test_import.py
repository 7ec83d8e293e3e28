"""`linli import`: a group's exported WeChat history fed through the real binary into the
database a server then serves, idempotent, with --dry-run writing nothing."""

import json
import os
import sqlite3
import subprocess

from harness import BINARY, Server, ServerTest

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "fixtures", "import")
TOKEN = {"Authorization": "Bearer test-token"}
# 张老师 opens the donation drive in the export: a coordinator by the id the importer gives a
# sender an export names only by name.
CONFIG = {"roles": {"coordinators": ["generic:name:张老师"]}}


class ImportTest(ServerTest):
    def new_server(self):
        s = Server(config=CONFIG, env={"LINLI_API_TOKEN": "test-token"})
        self.addCleanup(s.cleanup)
        config_path = os.path.join(s.workdir, "import.json")
        with open(config_path, "w") as f:
            json.dump(CONFIG, f)
        return s, config_path

    def run_import(self, s, config_path, name, fmt, *extra):
        result = subprocess.run(
            [BINARY, "import", os.path.join(FIXTURES, name), "--chat", "g1", "--format", fmt,
             "--db", s.db, "--config", config_path, *extra],
            capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout

    def get(self, s, path):
        status, body = s.request("GET", path, headers=TOKEN)
        self.assertEqual(status, 200, body)
        return body

    def test_an_export_becomes_state_once_and_the_group_goes_on_from_it(self):
        s, config_path = self.new_server()
        out = self.run_import(s, config_path, "memotrace.txt", "memotrace-txt")
        self.assertIn("11 messages imported into g1 (0 already there, 2 system lines skipped)", out)
        self.assertIn("needs 1,", out)
        self.assertIn("chain copies 2,", out)
        self.assertIn("money: requested ¥0.00, spent ¥45.50, donated ¥80.00", out)
        self.assertIn("unreadable: 0", out)
        again = self.run_import(s, config_path, "memotrace.txt", "memotrace-txt")
        self.assertIn("0 messages imported into g1 (11 already there", again)
        with sqlite3.connect(s.db) as db:  # replies are stored, nothing is queued to be sent
            self.assertEqual(db.execute("SELECT count(*) FROM inbox").fetchone()[0], 11)
            self.assertEqual(db.execute("SELECT count(*) FROM outbox").fetchone()[0], 0)

        s.start()
        requests = self.get(s, "/v1/chats/g1/requests")["requests"]
        self.assertEqual(len(requests), 1)
        self.assertEqual([i["name"] for i in requests[0]["items"]], ["硝苯地平"])
        self.assertEqual(requests[0]["spent_cents"], 4550)
        self.assertEqual(requests[0]["status"], "bought")
        chain = self.get(s, "/v1/chats/g1/chain")
        self.assertEqual([e["name"] for e in chain["entries"]], ["张老师", "李强", "刘洋"])
        # Live traffic continues the imported chain.
        status, body = s.post_message("g1", "live-1", "#接龙 明天核酸志愿者 8:00-12:00\n"
                                      "1. 张老师\n2. 李强 有车\n3. 刘洋\n4. 赵敏", sender_id="u-zhao",
                                      name="赵敏")
        self.assertEqual(status, 200, body)
        self.assertIn("赵敏（第4位）", body["replies"][0]["text"])

    def test_a_dry_run_prints_the_summary_and_writes_nothing(self):
        s, config_path = self.new_server()
        out = self.run_import(s, config_path, "memotrace.txt", "memotrace-txt", "--dry-run")
        self.assertIn("dry run, nothing written: 11 messages imported", out)
        with sqlite3.connect(s.db) as db:
            self.assertEqual(db.execute("SELECT count(*) FROM inbox").fetchone()[0], 0)
        real = self.run_import(s, config_path, "memotrace.txt", "memotrace-txt")
        self.assertIn("11 messages imported into g1 (0 already there", real)

    def test_unreadable_lines_are_listed_with_their_numbers(self):
        s, config_path = self.new_server()
        out = self.run_import(s, config_path, "chatlog.csv", "chatlog-csv")
        self.assertIn("5 messages imported into g1 (0 already there, 1 system lines skipped)", out)
        self.assertIn("unreadable: 2", out)
        self.assertIn("line 11: has 4 fields, not 6", out)
        self.assertIn("line 13: Time is not YYYY-MM-DD HH:MM:SS", out)
        s.start()
        messages = self.get(s, "/v1/chats/g1/messages")["messages"]
        texts = [m["text"] for m in messages]
        self.assertIn("[图片]", texts)
        self.assertIn("我家有，等下放你家门口", texts)

    def test_bad_arguments_are_refused_with_the_reason(self):
        s, config_path = self.new_server()
        for args, reason in (
                ([os.path.join(FIXTURES, "memotrace.txt"), "--chat", "g1", "--format", "qq-mht"],
                 "unknown --format qq-mht"),
                ([os.path.join(FIXTURES, "nope.txt"), "--chat", "g1", "--format", "memotrace-txt"],
                 "cannot read"),
                ([os.path.join(FIXTURES, "memotrace.txt"), "--format", "memotrace-txt"],
                 "--chat and --format are required")):
            result = subprocess.run([BINARY, "import", *args, "--db", s.db], capture_output=True,
                                    text=True, timeout=60)
            self.assertNotEqual(result.returncode, 0)
            self.assertIn(reason, result.stderr)
