"""The generic webhook end to end, against the real binary."""

import json
import signal
import socket
import threading
import time

from harness import Server, ServerTest

TOKEN = {"Authorization": "Bearer test-token"}


class WebhookTest(ServerTest):
    def test_message_gets_its_reply(self):
        s = self.server()
        status, body = s.post_message("g1", "m1", "/ping")
        self.assertEqual(status, 200)
        self.assertEqual(body, {"replies": [{"text": "在线 ✅"}], "duplicate": False})

    def test_chatter_is_stored_without_reply(self):
        s = self.server(env={"LINLI_API_TOKEN": "test-token"})
        status, body = s.post_message("g1", "m1", "今天辛苦大家了")
        self.assertEqual((status, body["replies"]), (200, []))
        status, listing = s.request("GET", "/v1/chats/g1/messages?kind=chatter", headers=TOKEN)
        self.assertEqual(status, 200)
        self.assertEqual([m["text"] for m in listing["messages"]], ["今天辛苦大家了"])

    def test_a_nul_in_a_message_is_stored_as_u_fffd_on_every_backend(self):
        s = self.server(env={"LINLI_API_TOKEN": "test-token"})
        status, body = s.post_message("g1", "m\u00001", "今天\u0000辛苦", name="张\u0000三")
        self.assertEqual(status, 200, body)
        self.assertFalse(body["duplicate"])
        status, listing = s.request("GET", "/v1/chats/g1/messages", headers=TOKEN)
        self.assertEqual(status, 200)
        [m] = listing["messages"]
        self.assertEqual(m["text"], "今天\ufffd辛苦")
        self.assertEqual(m["sender"]["name"], "张\ufffd三")
        self.assertEqual(m["message_id"], "m\ufffd1")
        # The redelivery (same id, NUL and all) is recognised as the same message.
        status, body = s.post_message("g1", "m\u00001", "今天\u0000辛苦", name="张\u0000三")
        self.assertEqual((status, body["duplicate"]), (200, True))

    def test_redelivery_is_stored_once_and_answered_the_same(self):
        s = self.server(env={"LINLI_API_TOKEN": "test-token"})
        _, first = s.post_message("g1", "m1", "/hlep")
        status, second = s.post_message("g1", "m1", "/hlep")
        self.assertEqual(status, 200)
        self.assertTrue(second["duplicate"])
        self.assertEqual(second["replies"], first["replies"])
        _, listing = s.request("GET", "/v1/chats/g1/messages", headers=TOKEN)
        self.assertEqual(len(listing["messages"]), 1)
        self.assertEqual(s.metric("linli_messages_duplicate_total"), 1)

    def test_state_survives_a_restart(self):
        s = self.server()
        _, first = s.post_message("g1", "m1", "/lang en", role="admin")
        self.assertEqual(s.stop(), 0)
        s.start()
        _, again = s.post_message("g1", "m1", "/lang en", role="admin")
        self.assertTrue(again["duplicate"])
        self.assertEqual(again["replies"], first["replies"])
        _, help_reply = s.post_message("g1", "m2", "/help")
        self.assertIn("linli commands", help_reply["replies"][0]["text"])

    def test_malformed_json_is_400_and_stores_nothing(self):
        s = self.server(env={"LINLI_API_TOKEN": "test-token"})
        status, body = s.request("POST", "/v1/webhook/generic", b'{"chat_id": "g1", "text":',
                                 {"Content-Type": "application/json"})
        self.assertEqual(status, 400)
        self.assertIn("JSON", body["error"])
        status, body = s.request("POST", "/v1/webhook/generic",
                                 json.dumps({"chat_id": "g1", "text": "x"}).encode(),
                                 {"Content-Type": "application/json"})
        self.assertEqual(status, 400)
        self.assertIn("message_id", body["error"])
        self.assertEqual(s.metric("linli_messages_stored_total"), 0)
        _, listing = s.request("GET", "/v1/chats/g1/messages", headers=TOKEN)
        self.assertEqual(listing["messages"], [])
        self.assertEqual(s.request("GET", "/healthz")[0], 200)

    def test_wrong_content_type_is_415(self):
        s = self.server()
        status, body = s.request("POST", "/v1/webhook/generic", b"chat_id=g1",
                                 {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 415)
        self.assertIn("application/json", body["error"])

    def test_body_over_the_limit_is_413(self):
        s = self.server(config={"server": {"body_limit": 4096}})
        big = json.dumps({"chat_id": "g1", "message_id": "m1", "sender": {"id": "u1"},
                          "text": "楼" * 5000}).encode()
        status, body = s.request("POST", "/v1/webhook/generic", big,
                                 {"Content-Type": "application/json"})
        self.assertEqual(status, 413)
        self.assertIn("4096", body["error"])
        self.assertEqual(s.request("GET", "/healthz")[0], 200)

    def test_signature_is_required_when_a_secret_is_set(self):
        s = self.server(env={"LINLI_GENERIC_SECRET": "s3cret"})
        status, body = s.post_message("g1", "m1", "/ping", secret=False)
        self.assertEqual(status, 401)
        self.assertIn("X-Linli-Signature", body["error"])
        status, _ = s.post_message("g1", "m1", "/ping", secret="wrong")
        self.assertEqual(status, 401)
        status, body = s.post_message("g1", "m1", "/ping", secret="s3cret")
        self.assertEqual((status, body["duplicate"]), (200, False))

    def test_read_api_is_closed_without_a_token(self):
        s = self.server()
        status, body = s.request("GET", "/v1/chats/g1/messages")
        self.assertEqual(status, 401)
        self.assertIn("LINLI_API_TOKEN", body["error"])

    def test_a_stalled_client_times_out_while_others_are_served(self):
        s = self.server(config={"server": {"read_timeout_ms": 1000}})
        stalled = socket.create_connection(("127.0.0.1", s.port))
        self.addCleanup(stalled.close)
        stalled.sendall(b"POST /v1/webhook/generic HTTP/1.1\r\nHost: x\r\nContent-Len")
        # Other clients are served while the stalled one waits.
        for i in range(5):
            self.assertEqual(s.post_message("g1", "m%d" % i, "/ping")[0], 200)
        stalled.settimeout(5)
        started = time.monotonic()
        self.assertEqual(stalled.recv(1024), b"")  # the server closed it
        self.assertLess(time.monotonic() - started, 4.5)

    def test_connections_beyond_the_limit_are_refused_with_503(self):
        s = self.server(config={"server": {"max_connections": 2}})
        held = [socket.create_connection(("127.0.0.1", s.port)) for _ in range(2)]
        for c in held:
            self.addCleanup(c.close)
        time.sleep(0.2)
        extra = socket.create_connection(("127.0.0.1", s.port))
        self.addCleanup(extra.close)
        extra.settimeout(5)
        self.assertIn(b" 503 ", extra.recv(1024))
        for c in held:
            c.close()
        time.sleep(0.2)
        self.assertEqual(s.request("GET", "/healthz")[0], 200)

    def test_headers_over_the_limit_get_431(self):
        s = self.server()
        status, body = s.request("POST", "/v1/webhook/generic", b"{}",
                                 {"Content-Type": "application/json", "X-Padding": "x" * 9000})
        self.assertEqual(status, 431)
        self.assertIn("headers", body["error"])
        self.assertEqual(s.request("GET", "/healthz")[0], 200)

    def test_malformed_http_gets_400(self):
        s = self.server()
        c = socket.create_connection(("127.0.0.1", s.port))
        self.addCleanup(c.close)
        c.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        c.settimeout(5)
        self.assertIn(b" 400 ", c.recv(1024))


class ShutdownTest(ServerTest):
    def test_sigterm_under_load_loses_no_acknowledged_message(self):
        s = self.server()
        acknowledged = []
        lock = threading.Lock()
        stop = threading.Event()

        def client(n):
            i = 0
            while not stop.is_set():
                message_id = "c%d-%d" % (n, i)
                i += 1
                try:
                    status, body = s.post_message("load", message_id, "/ping")
                except OSError:
                    return  # the server went away: this message was never acknowledged
                if status == 200:
                    with lock:
                        acknowledged.append((message_id, body["replies"]))

        threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        time.sleep(1.0)
        s.proc.send_signal(signal.SIGTERM)
        code = s.proc.wait(timeout=15)
        stop.set()
        for t in threads:
            t.join(timeout=15)
        self.assertEqual(code, 0, s.log())
        self.assertGreater(len(acknowledged), 50)

        s.stop()
        s.start()
        for message_id, replies in acknowledged:
            status, body = s.post_message("load", message_id, "/ping")
            self.assertEqual(status, 200)
            self.assertTrue(body["duplicate"], message_id)
            self.assertEqual(body["replies"], replies)
