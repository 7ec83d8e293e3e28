"""Storage faults: with the disk full or the file system read-only (ENOSPC / EROFS injected under
linli by faults/enospc.c), the webhook answers 503 so the platform retries, nothing is
half-written, and linli recovers by itself once the fault clears."""

import errno
import os
import sqlite3
import subprocess
import tempfile
import threading

from harness import BINARY, ServerTest

HERE = os.path.dirname(os.path.abspath(__file__))
TOKEN = {"Authorization": "Bearer test-token"}


class StorageFaultTest(ServerTest):
    def setUp(self):
        build = tempfile.mkdtemp(prefix="linli-faults-")
        self.shim = os.path.join(build, "enospc.so")
        subprocess.run(["cc", "-shared", "-fPIC", "-O1", "-o", self.shim,
                        os.path.join(HERE, "faults", "enospc.c"), "-ldl"], check=True)
        self.flag = os.path.join(build, "disk-full")
        # Under AddressSanitizer its runtime must be the first library loaded.
        ldd = subprocess.run(["ldd", BINARY], capture_output=True, text=True).stdout
        asan = [line.split("=>")[1].split()[0] for line in ldd.splitlines() if "libasan" in line]
        self.preload = " ".join(asan + [self.shim])

    def test_a_full_disk_answers_503_and_recovers_when_room_returns(self):
        self.fault_and_recovery(errno.ENOSPC)

    def test_a_read_only_file_system_answers_503_and_recovers(self):
        self.fault_and_recovery(errno.EROFS)

    def fault_and_recovery(self, code):
        s = self.server(env={"LD_PRELOAD": self.preload, "LINLI_FAULT_FLAG": self.flag,
                             "LINLI_FAULT_ERRNO": str(code), "LINLI_API_TOKEN": "test-token"})
        self.assertEqual(s.post_message("g1", "m1", "3号楼 需要 退烧药 1盒 20元")[0], 200)

        open(self.flag, "w").close()  # the fault starts here
        for message_id, text in [("m2", "5号楼 需要 大米 10斤 50元"), ("m3", "/ping")]:
            status, body = s.post_message("g1", message_id, text)
            self.assertEqual(status, 503, body)
            self.assertIn("retry", body["error"])
        self.assertEqual(s.request("GET", "/healthz")[0], 200)  # still serving
        self.assertGreaterEqual(s.metric("linli_storage_errors_total"), 1)

        os.remove(self.flag)  # the fault clears: the platform's retries now succeed
        for message_id, text in [("m2", "5号楼 需要 大米 10斤 50元"), ("m3", "/ping")]:
            status, body = s.post_message("g1", message_id, text)
            self.assertEqual(status, 200, body)
            self.assertFalse(body["duplicate"])
        self.assertTrue(s.post_message("g1", "m1", "3号楼 需要 退烧药 1盒 20元")[1]["duplicate"])

        status, requests = s.request("GET", "/v1/chats/g1/requests", headers=TOKEN)
        self.assertEqual([(r["id"], r["amount_cents"], r["message_id"]) for r in requests["requests"]],
                         [(1, 2000, "m1"), (2, 5000, "m2")])
        self.assertEqual(s.stop(), 0)
        db = sqlite3.connect("file:%s?mode=ro" % s.db, uri=True)
        self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        self.assertEqual(db.execute("SELECT count(*) FROM inbox").fetchone()[0], 3)
        db.close()


class CheckpointTest(ServerTest):
    def test_the_wal_is_checkpointed_under_steady_load(self):
        # A read snapshot held between batches would stop every checkpoint and the WAL would
        # grow by every page written (about 50 MiB here); checkpointed, it stays near SQLite's
        # 1,000-page autocheckpoint (4 MiB).
        s = self.server()
        chain = "#接龙 明日志愿者\n限30人\n\n" + "\n".join(
            "%d. 邻居%d %d号楼 上午 8:00-12:00 可以开车" % (i, i, i % 12 + 1) for i in range(1, 30))

        def send(worker):
            for i in range(600):
                status, _ = s.post_message("c%d" % (i % 50), "w%d-%d" % (worker, i),
                                           chain if i % 2 else "3号楼 需要 退烧药 %d盒 20元" % i)
                self.assertEqual(status, 200)

        threads = [threading.Thread(target=send, args=(w,)) for w in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wal = os.path.getsize(s.db + "-wal")
        self.assertLess(wal, 12 * 1024 * 1024, "WAL at %d bytes after 2,400 messages" % wal)
        # The pages reached the database (about 1.6 MiB: the chain copies are stored deflated).
        self.assertGreater(os.path.getsize(s.db), 1024 * 1024)
