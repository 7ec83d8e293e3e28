"""Two linli instances on one PostgreSQL (a cluster of this test's own) hear from each other
through LISTEN/NOTIFY: a dashboard's live stream open on instance A shows a need that arrived at
instance B, once; and a coordinator's session made on A is good on B (sessions live in the
database)."""

from dash_support import SECRET, add_user, logged_in
from harness import Server, ServerTest, own_pg_cluster
from test_dash_events import EventStream


class PeerEventsTest(ServerTest):
    def setUp(self):
        self.url = own_pg_cluster(self)[1]

    def start_linli(self):
        s = Server(env={"LINLI_GENERIC_SECRET": SECRET})
        self.addCleanup(s.cleanup)
        s.db = self.url
        return s.start()

    def post(self, s, mid, text, chat="g1"):
        status, body = s.post_message(chat, mid, text, secret=SECRET)
        self.assertEqual(status, 200, body)

    def stream(self, s, cookie):
        stream = EventStream(s.port, "/dash/events?chat=g1", cookie)
        self.addCleanup(stream.close)
        self.assertIn("200", stream.head.splitlines()[0])
        return stream

    def test_a_stream_on_one_instance_shows_what_arrived_at_another(self):
        a = self.start_linli()
        b = self.start_linli()
        add_user(self, self.url, "wang", ["g1"])
        cookie = logged_in(self, a, "wang")
        on_a = self.stream(a, cookie)
        on_b = self.stream(b, cookie)  # the session made on a

        self.post(b, "other-chat", "需要 大米", chat="g2")  # not this chat's
        self.post(b, "m1", "3号楼2单元501 需要 硝苯地平 2盒")
        event = on_a.next_event(timeout=10)
        self.assertIsNotNone(event, a.log()[-2000:])
        self.assertEqual(event["event"], "message")
        self.assertIn('"m1"', event["data"])
        self.assertIn('"m1"', on_b.next_event(timeout=10)["data"])

        # A's own message reaches its stream once (at its commit, not again by its notification),
        # and b's through the database.
        self.post(a, "m2", "5-1-1202 求购 大米10斤")
        self.assertIn('"m2"', on_a.next_event(timeout=10)["data"])
        self.assertIn('"m2"', on_b.next_event(timeout=10)["data"])
        self.post(b, "m3", "辛苦了")
        self.assertIn('"m3"', on_a.next_event(timeout=10)["data"])
        self.assertIn('"m3"', on_b.next_event(timeout=10)["data"])
        self.assertIsNone(on_a.next_event(timeout=1))
        self.assertIsNone(on_b.next_event(timeout=1))


if __name__ == "__main__":
    import unittest
    unittest.main()
