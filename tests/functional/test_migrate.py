"""linli migrate copies a community between databases in every direction (SQLite file and the real
PostgreSQL server of LINLI_TEST_PG_URL): the counts and money totals agree, the read API answers the
same afterwards, numbering continues, and a non-empty target is refused unless --replace."""

import os
import sqlite3
import subprocess

from harness import BINARY, Server, ServerTest, postgres_database

TOKEN = {"Authorization": "Bearer test-token"}
ENV = {"LINLI_API_TOKEN": "test-token"}
HEADER = "#接龙 明日核酸点\n限2人\n\n"
PATHS = ["chain", "requests", "offers", "tally?by=building", "tally?by=item", "messages?limit=500"]
SCRIPT = [
    ("阿A", None, HEADER + "1. 阿A 上午"),
    ("阿B", None, HEADER + "1. 阿A 上午\n2. 阿B 下午"),
    ("阿C", None, HEADER + "1. 阿A 上午\n2. 阿C 全天"),
    ("王阿姨", None, "3号楼2单元501 需要 硝苯地平 2盒 59.9元 急"),
    ("李叔", None, "5-1-1202 求购 大米10斤 共50元"),
    ("小张", None, "认领 #1"),
    ("小张", None, "已买 #1 实付 58.5元"),
    ("老陈", None, "3-2-501 我家多了两盒蒙脱石散，谁家需要可以来拿"),
    ("协调员", "admin", "/团购 蔬菜包 68元/份"),
    ("张三", None, "3-1-201 2份"),
    ("协调员", "admin", "/募捐 500 防疫物资"),
    ("张三", None, "捐 120"),
    ("路人", None, "今天辛苦了"),
    # Long enough to be stored deflated in SQLite (storage/sqlite/sqlite_deflated.hpp): every
    # hop must carry its text, not its bytes.
    ("老王", None, "谢谢志愿者们！辛苦了，" * 20),
]
# The money the script puts in the database: needs (59.90 + 50.00 stated, 58.50 spent, and the
# items' amounts), the group buy's unit price, the drive's goal and the donation.
TABLES_WITH_MONEY = ("requests", "request_items", "group_buys", "donation_drives", "donations")


class MigrateTest(ServerTest):
    def sqlite_server(self):
        s = Server(env=ENV)
        self.addCleanup(s.cleanup)
        s.db = os.path.join(s.workdir, "linli.db")
        s.pg_name = None
        return s

    def pg_server(self):
        s = Server(env=ENV)
        self.addCleanup(s.cleanup)
        s.db, s.pg_name = postgres_database(s.workdir)
        return s

    def populate(self, s):
        s.start()
        for n, (who, role, text) in enumerate(SCRIPT):
            status, body = s.post_message("g1", "m%d" % n, text, sender_id=who, name=who,
                                          role=role)
            self.assertEqual(status, 200, body)
        user = subprocess.run([BINARY, "user", "add", "coordinator", "--chat", "g1", "--db", s.db],
                              input="a long enough password\n", capture_output=True, text=True,
                              timeout=60)
        self.assertEqual(user.returncode, 0, user.stderr)
        return self.answers(s)

    def answers(self, s):
        out = {}
        for p in PATHS:
            status, body = s.request("GET", "/v1/chats/g1/" + p, headers=TOKEN)
            self.assertEqual(status, 200, (p, body))
            out[p] = body
        return out

    def migrate(self, source, target, *extra, code=0):
        result = subprocess.run([BINARY, "migrate", "--from", source, "--to", target, *extra],
                                capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, code, result.stdout + result.stderr)
        return result

    def counts(self, db):
        """Rows per table and money per table, read straight from the database."""
        if db.startswith("postgresql:"):
            def query(sql):
                out = subprocess.run(["psql", db, "-qAtX", "-c", sql], check=True,
                                     capture_output=True, text=True, timeout=60).stdout
                return int(out.strip())
        else:
            conn = sqlite3.connect(db)
            self.addCleanup(conn.close)

            def query(sql):
                return conn.execute(sql).fetchone()[0]
        tables = ["inbox", "chains", "chain_entries", "requests", "request_items", "offers",
                  "group_buys", "group_buy_orders", "donation_drives", "donations", "accounts",
                  "account_chats", "chats", "addresses"]
        money = {"requests": "coalesce(sum(stated_total_cents), 0) + coalesce(sum(spent_cents), 0)",
                 "request_items": "coalesce(sum(amount_cents), 0)",
                 "group_buys": "coalesce(sum(unit_price_cents), 0)",
                 "donation_drives": "coalesce(sum(goal_cents), 0)",
                 "donations": "coalesce(sum(cents), 0)"}
        rows = {t: query("SELECT count(*) FROM " + t) for t in tables}
        cents = {t: query("SELECT %s FROM %s" % (m, t)) for t, m in money.items()}
        return rows, cents

    def test_every_direction_keeps_counts_totals_and_answers(self):
        first = self.sqlite_server()
        before = self.populate(first)
        self.assertEqual(first.stop(), 0)
        rows, cents = self.counts(first.db)
        self.assertEqual(rows["inbox"], len(SCRIPT))
        self.assertGreater(rows["donations"], 0)
        self.assertGreater(sum(cents.values()), 0)

        # SQLite -> PostgreSQL -> PostgreSQL -> SQLite -> SQLite, each served and compared.
        hops = [self.pg_server(), self.pg_server(), self.sqlite_server(), self.sqlite_server()]
        source = first
        for target in hops:
            result = self.migrate(source.db, target.db)
            self.assertIn("counts and money totals verified", result.stdout)
            self.assertRegex(result.stdout, r"migrated \d+ rows in 23 tables")
            for t in TABLES_WITH_MONEY:
                self.assertIn("  %s: %d rows" % (t, rows[t]), result.stdout)
            self.assertIn("copied inbox: %d rows" % len(SCRIPT), result.stderr)  # progress
            self.assertEqual(self.counts(target.db), (rows, cents), target.db)
            target.start()
            self.assertEqual(self.answers(target), before, target.db)
            target.stop()
            source = target

        # Numbering and ids continue after the copied rows on either backend.
        for s in (hops[0], hops[3]):
            s.start()
            status, body = s.post_message("g1", "after", "7-1-101 需要 口罩 5个",
                                          sender_id="新人", name="新人")
            self.assertEqual(status, 200, body)
            self.assertIn("#3", "\n".join(r["text"] for r in body["replies"]), s.db)
            # A redelivery of a copied message is still recognised.
            status, body = s.post_message("g1", "m3", SCRIPT[3][2], sender_id="王阿姨",
                                          name="王阿姨")
            self.assertEqual(status, 200, body)
            self.assertTrue(body["duplicate"], s.db)
            s.stop()

    def test_a_non_empty_target_is_refused_unless_replace(self):
        source = self.sqlite_server()
        before = self.populate(source)
        self.assertEqual(source.stop(), 0)
        for target in (self.pg_server(), self.sqlite_server()):
            target.start()
            status, _ = target.post_message("g1", "other", "5-1-1202 需要 面包 1袋",
                                            sender_id="别人", name="别人")
            self.assertEqual(status, 200)
            target.stop()
            kept = self.counts(target.db)
            result = self.migrate(source.db, target.db, code=2)
            self.assertIn("--replace", result.stderr)
            self.assertEqual(self.counts(target.db), kept)  # untouched

            self.migrate(source.db, target.db, "--replace")
            self.assertEqual(self.counts(target.db), self.counts(source.db))
            target.start()
            self.assertEqual(self.answers(target), before, target.db)
            target.stop()

    def test_usage_errors(self):
        s = self.sqlite_server()
        result = self.migrate(s.db, s.db, code=2)
        self.assertIn("same database", result.stderr)
        result = subprocess.run([BINARY, "migrate", "--from", s.db], capture_output=True,
                                text=True, timeout=60)
        self.assertEqual(result.returncode, 2)
        self.assertIn("--to", result.stderr)
        missing = os.path.join(s.workdir, "no.db")
        result = self.migrate(missing, os.path.join(s.workdir, "t.db"), code=2)
        self.assertIn("does not exist", result.stderr)
        self.assertFalse(os.path.exists(missing))

