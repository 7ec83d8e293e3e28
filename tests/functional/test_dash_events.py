"""The dashboard's Server-Sent Events against the real binary: a message the webhook stores
reaches an open stream within a second, a reconnect with Last-Event-ID gets what it missed, and
the stream is only for a logged-in account's own chats."""

import socket
import time
import unittest

from dash_support import SECRET, add_user, call, logged_in
from harness import ServerTest


class EventStream:
    def __init__(self, port, path, cookie, last_id=None):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        lines = ["GET %s HTTP/1.1" % path, "Host: 127.0.0.1", "Accept: text/event-stream",
                 "Cookie: " + cookie]
        if last_id is not None:
            lines.append("Last-Event-ID: %s" % last_id)
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        self.buffer = b""
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self.sock.recv(4096)
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        self.head = head.decode()

    def next_event(self, timeout=5):
        """The next event as a dict of its fields (comments skipped), or None at the timeout."""
        deadline = time.time() + timeout
        while True:
            while b"\n\n" in self.buffer:
                block, self.buffer = self.buffer.split(b"\n\n", 1)
                fields = {}
                for line in block.decode().splitlines():
                    if line.startswith(":") or ":" not in line:
                        continue
                    name, value = line.split(":", 1)
                    fields[name] = value.strip()
                if "event" in fields or "data" in fields:
                    return fields
            left = deadline - time.time()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                data = self.sock.recv(4096)
            except socket.timeout:
                return None
            if not data:
                return None
            self.buffer += data

    def close(self):
        self.sock.close()


class DashEventsTest(ServerTest):
    def setUp(self):
        self.s = self.server(env={"LINLI_GENERIC_SECRET": SECRET})
        add_user(self, self.s.db, "wang", ["g1"])
        self.cookie = logged_in(self, self.s, "wang")

    def post(self, mid, text, chat="g1"):
        status, body = self.s.post_message(chat, mid, text, secret=SECRET)
        self.assertEqual(status, 200, body)

    def open(self, last_id=None):
        stream = EventStream(self.s.port, "/dash/events?chat=g1", self.cookie, last_id)
        self.addCleanup(stream.close)
        return stream

    def test_a_stored_message_reaches_the_stream_within_a_second(self):
        stream = self.open()
        self.assertIn("200", stream.head.splitlines()[0])
        self.assertIn("text/event-stream", stream.head)
        self.post("other-chat", "需要 大米", chat="g2")  # not this chat's
        started = time.time()
        self.post("m1", "3号楼2单元501 需要 硝苯地平 2盒")
        event = stream.next_event(timeout=1.0)
        self.assertIsNotNone(event)
        self.assertLess(time.time() - started, 1.0)
        self.assertEqual(event["event"], "message")
        self.assertIn('"m1"', event["data"])
        self.assertTrue(event["id"].isdigit())

    def test_last_event_id_resumes_what_was_missed(self):
        first = self.open()
        self.post("m1", "需要 大米")
        seen = first.next_event()
        first.close()
        self.post("m2", "需要 口罩")
        self.post("m3", "需要 牛奶")
        again = self.open(last_id=seen["id"])
        missed = [again.next_event(), again.next_event()]
        self.assertIn('"m2"', missed[0]["data"])
        self.assertIn('"m3"', missed[1]["data"])
        self.assertGreater(int(missed[0]["id"]), int(seen["id"]))

    def test_only_a_logged_in_account_sees_its_own_chats_stream(self):
        self.assertEqual(call(self.s, "GET", "/dash/events?chat=g1").status, 401)
        self.assertEqual(call(self.s, "GET", "/dash/events?chat=g2",
                              headers={"Cookie": self.cookie}).status, 403)
        self.assertEqual(call(self.s, "GET", "/dash/events",
                              headers={"Cookie": self.cookie}).status, 400)


if __name__ == "__main__":
    unittest.main()
