"""Files linli creates are its own user's only (0600), whatever umask it was started with."""

import os
import stat
import subprocess

from harness import BINARY, ServerTest


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


class FilesTest(ServerTest):
    def setUp(self):
        # A permissive umask, as a shell often has: linli must not inherit it.
        previous = os.umask(0o022)
        self.addCleanup(os.umask, previous)

    def test_the_database_and_its_wal_are_0600(self):
        s = self.server()
        status, _ = s.post_message("g1", "m1", "3号楼2单元501 需要 硝苯地平 2盒")
        self.assertEqual(status, 200)
        for path in (s.db, s.db + "-wal"):
            self.assertEqual(mode(path), 0o600, path)

    def test_a_replayed_database_is_0600(self):
        s = self.server()
        s.post_message("g1", "m1", "今天辛苦了")
        self.assertEqual(s.stop(), 0)
        out = os.path.join(s.workdir, "rebuilt.db")
        result = subprocess.run([BINARY, "replay", "--db", s.db, "--out", out],
                                capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(mode(out), 0o600)
