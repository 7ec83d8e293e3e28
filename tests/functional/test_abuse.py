"""Connection abuse: a thousand idle or trickling connections do not stop new clients from being
served, and the server sheds them by its read timeout."""

import resource
import socket
import threading
import time

from harness import ServerTest

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
