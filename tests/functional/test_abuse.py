"""Connection abuse: a thousand idle or trickling connections do not stop new clients from being
served, and the server sheds them by its read timeout; oversized, endless and pipelined requests
meet the limits."""

import resource
import socket
import threading
import time

from harness import GENERIC_SECRET, ServerTest, signature

IDLE = 1000
TRICKLING = 50


class AbuseTest(ServerTest):
    def setUp(self):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft < IDLE + TRICKLING + 200:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))

    def test_a_thousand_idle_and_trickling_connections_do_not_stop_new_clients(self):
        s = self.server(config={"server": {"read_timeout_ms": 3000}})
        idle = [socket.create_connection(("127.0.0.1", s.port)) for _ in range(IDLE)]
        for c in idle:
            self.addCleanup(c.close)
        trickling = [socket.create_connection(("127.0.0.1", s.port)) for _ in range(TRICKLING)]
        for c in trickling:
            self.addCleanup(c.close)
        stop = threading.Event()

        def trickle():
            # One byte of a request header every 100 ms: never a whole request.
            line = b"POST /v1/webhook/generic HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 1000
            for byte in line:
                if stop.is_set():
                    return
                for c in trickling:
                    try:
                        c.send(bytes([byte]))
                    except OSError:
                        pass
                time.sleep(0.1)

        t = threading.Thread(target=trickle, daemon=True)
        t.start()
        self.addCleanup(stop.set)
        time.sleep(0.3)

        # New clients, several at once, are answered promptly while all of that is held open.
        results = []

        def client(i):
            results.append(s.post_message("g%d" % (i % 5), "m%d" % i, "/ping")[0])

        clients = [threading.Thread(target=client, args=(i,)) for i in range(40)]
        for c in clients:
            c.start()
        for c in clients:
            c.join()
        self.assertEqual(results, [200] * 40)

        # The read timeout sheds the idle and the trickling alike.
        time.sleep(3.5)
        for c in idle[:50] + trickling[:10]:
            c.settimeout(2)
            try:
                self.assertEqual(c.recv(1024), b"")
            except ConnectionResetError:
                pass  # closed with data unread: also shed
        stop.set()
        self.assertEqual(s.request("GET", "/healthz")[0], 200)
        self.assertEqual(s.metric("linli_messages_stored_total"), 40)

    def raw(self, s, data, timeout=5):
        """Sends raw bytes on a fresh connection; returns everything read until it closes."""
        c = socket.create_connection(("127.0.0.1", s.port))
        self.addCleanup(c.close)
        c.settimeout(timeout)
        c.sendall(data)
        got = b""
        try:
            while chunk := c.recv(65536):
                got += chunk
        except (ConnectionResetError, socket.timeout):
            pass
        return got

    def test_hostile_requests_meet_the_limits_and_nothing_is_stored(self):
        s = self.server(config={"server": {"body_limit": 4096, "read_timeout_ms": 2000}})
        head = b"POST /v1/webhook/generic HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        # A declared length far over the limit is refused before any of the body is read.
        answer = self.raw(s, head + b"Content-Length: 10000000000\r\n\r\n{")
        self.assertIn(b" 413 ", answer.split(b"\r\n")[0])
        # A chunked body that grows past the limit is refused too.
        chunk = b"1000\r\n" + b"a" * 0x1000 + b"\r\n"
        answer = self.raw(s, head + b"Transfer-Encoding: chunked\r\n\r\n" + chunk * 3)
        self.assertIn(b" 413 ", answer.split(b"\r\n")[0])
        # Thousands of small headers are as much as one huge one.
        many = b"".join(b"X-H%d: v\r\n" % i for i in range(3000))
        answer = self.raw(s, head + many + b"Content-Length: 2\r\n\r\n{}")
        self.assertIn(b" 431 ", answer.split(b"\r\n")[0])
        # A body trickled a byte at a time is cut off by the read timeout.
        c = socket.create_connection(("127.0.0.1", s.port))
        self.addCleanup(c.close)
        c.sendall(head + b"Content-Length: 100\r\n\r\n")
        started = time.monotonic()
        closed = False
        while time.monotonic() - started < 6 and not closed:
            try:
                c.send(b"{")
                time.sleep(0.2)
            except OSError:
                closed = True
        self.assertTrue(closed, "a trickled body was not cut off")
        self.assertLess(time.monotonic() - started, 5)
        # Through all of that, a real message is still served and nothing else was stored.
        self.assertEqual(s.post_message("g1", "m1", "/ping")[0], 200)
        self.assertEqual(s.metric("linli_messages_stored_total"), 1)

    def test_a_hundred_pipelined_requests_are_all_answered(self):
        s = self.server()
        requests = b""
        for i in range(100):
            body = ('{"chat_id":"g1","message_id":"p%d","sender":{"id":"u1"},"text":"/ping"}'
                    % i).encode()
            requests += (b"POST /v1/webhook/generic HTTP/1.1\r\nHost: x\r\n"
                         b"Content-Type: application/json\r\nX-Linli-Signature: %s\r\n"
                         b"Content-Length: %d\r\n\r\n%s"
                         % (signature(GENERIC_SECRET, body).encode(), len(body), body))
        requests += b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        answer = self.raw(s, requests, timeout=10)
        self.assertEqual(answer.count(b"HTTP/1.1 200 "), 101)
        self.assertEqual(s.metric("linli_messages_stored_total"), 100)
