"""Storage faults: with the disk full or the file system read-only (ENOSPC / EROFS injected under
linli by faults/enospc.c), the webhook answers 503 so the platform retries, nothing is
half-written, and linli recovers by itself once the fault clears."""

import errno
import os
import sqlite3
import subprocess
import tempfile

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
