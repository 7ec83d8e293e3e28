"""linli replay rebuilds from the stored inbox what the live server built."""

import os
import subprocess

from harness import BINARY, Server, ServerTest

TOKEN = {"Authorization": "Bearer test-token"}
ENV = {"LINLI_API_TOKEN": "test-token"}
HEADER = "#接龙 明日核酸点\n限2人\n\n"


class ReplayTest(ServerTest):
    def test_replay_gives_the_same_chain_requests_and_tallies(self):
        live = self.server(env=ENV)
        script = [
            ("阿A", HEADER + "1. 阿A 上午"),
            ("阿B", HEADER + "1. 阿A 上午\n2. 阿B 下午"),
            ("阿C", HEADER + "1. 阿A 上午\n2. 阿C 全天"),
            ("阿B", "退出"),
            ("王阿姨", "3号楼2单元501 需要 硝苯地平 2盒 59.9元 急"),
            ("李叔", "5-1-1202 求购 大米10斤 共50元"),
            ("小张", "认领 #1"),
            ("小张", "已买 #1 实付 58.5元"),
            ("路人", "今天辛苦了"),
        ]
        for n, (who, text) in enumerate(script):
            status, _ = live.post_message("g1", "m%d" % n, text, sender_id=who, name=who)
            self.assertEqual(status, 200)
        paths = ["chain", "requests", "tally?by=building", "tally?by=item", "messages"]
        before = {p: live.request("GET", "/v1/chats/g1/" + p, headers=TOKEN)[1] for p in paths}
        self.assertEqual(live.stop(), 0)

        rebuilt, summary = self.replayed(live.db, env=ENV)
        self.assertIn("replayed 9 messages", summary)
        self.assertIn("0 would now be answered differently", summary)
        for p in paths:
            after = rebuilt.request("GET", "/v1/chats/g1/" + p, headers=TOKEN)[1]
            if p == "messages":  # the arrival times are the originals; only seq may differ
                for m in before[p]["messages"] + after["messages"]:
                    m.pop("seq")
                before[p].pop("next_before")
                after.pop("next_before")
            self.assertEqual(after, before[p], p)

    def test_replay_refuses_to_overwrite_and_needs_both_paths(self):
        s = self.server()
        s.stop()
        existing = os.path.join(s.workdir, "taken.db")
        open(existing, "w").close()
        result = subprocess.run([BINARY, "replay", "--db", s.db, "--out", existing],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 2)
        self.assertIn("exists", result.stderr)
        result = subprocess.run([BINARY, "replay", "--db", s.db], capture_output=True, text=True)
        self.assertEqual(result.returncode, 2)
        self.assertIn("--out", result.stderr)

    def test_replay_with_the_config_honours_its_coordinators(self):
        config = {"roles": {"coordinators": ["generic:boss"]}, "time_zone": "Asia/Shanghai"}
        live = self.server(config=config, env=ENV)
        script = [
            ("阿A", HEADER + "1. 阿A 上午"),
            ("阿B", HEADER + "1. 阿A 上午\n2. 阿B 下午"),
            ("boss", "/chain cap 1"),  # coordinators only: boss is one by configuration alone
        ]
        for n, (who, text) in enumerate(script):
            status, body = live.post_message("g1", "m%d" % n, text, sender_id=who, name=who)
            self.assertEqual(status, 200, body)
        status, before = live.request("GET", "/v1/chats/g1/chain", headers=TOKEN)
        self.assertEqual(status, 200)
        self.assertEqual(before["capacity"], 1)
        self.assertEqual([e["status"] for e in before["entries"]], ["confirmed", "waitlist"])
        self.assertEqual(live.stop(), 0)
        config_path = os.path.join(live.workdir, "linli.json")

        def replay(out, *extra):
            result = subprocess.run([BINARY, "replay", *extra, "--db", live.db, "--out", out],
                                    capture_output=True, text=True, timeout=120)
            self.assertEqual(result.returncode, 0, result.stderr)
            return result.stdout

        # Without the configuration boss is nobody: the cap is refused.
        self.assertIn("1 would now be answered differently",
                      replay(os.path.join(live.workdir, "plain.db")))
        rebuilt = Server(config=config, env=ENV)
        self.addCleanup(rebuilt.cleanup)
        summary = replay(rebuilt.db, "--config", config_path)
        self.assertIn("replayed 3 messages", summary)
        self.assertIn("0 would now be answered differently", summary)
        rebuilt.start()
        self.assertEqual(rebuilt.request("GET", "/v1/chats/g1/chain", headers=TOKEN)[1], before)

    def test_replay_rejects_a_bad_config(self):
        s = self.server()
        s.stop()
        bad = os.path.join(s.workdir, "bad.json")
        with open(bad, "w") as f:
            f.write('{"time_zone": "Mars/Olympus"}')
        out = os.path.join(s.workdir, "never.db")
        result = subprocess.run([BINARY, "replay", "--config", bad, "--db", s.db, "--out", out],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 2)
        self.assertIn("time_zone", result.stderr)
        self.assertFalse(os.path.exists(out))
