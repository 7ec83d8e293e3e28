"""Helpers of the dashboard's functional tests: accounts made with `linli user`, and HTTP that
keeps the headers (cookies, redirects) and never follows a redirect."""

import gzip
import http.client
import json
import subprocess
import urllib.parse

from harness import BINARY, ServerTest, StubApi

SECRET = "dash-test-secret"  # the generic webhook's: messages are signed


def user(db, *args, password=None):
    """Runs `linli user ARGS --db DB` with `password` on standard input; returns the result."""
    return subprocess.run([BINARY, "user", *args, "--db", db], input=password, text=True,
                          capture_output=True, timeout=60)


def add_user(test, db, name, chats, password="correct horse"):
    args = ["add", name]
    for c in chats:
        args += ["--chat", c]
    result = user(db, *args, password=password + "\n")
    test.assertEqual(result.returncode, 0, result.stderr)


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # lower-case name -> value
        self.raw = body

    def json(self):
        return json.loads(self.raw.decode())

    @property
    def text(self):
        data = gzip.decompress(self.raw) if self.headers.get("content-encoding") == "gzip" else self.raw
        return data.decode()


def call(server, method, path, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        r = conn.getresponse()
        return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        conn.close()


def login(server, name, password, headers=None):
    form = urllib.parse.urlencode({"name": name, "password": password})
    h = {"Content-Type": "application/x-www-form-urlencoded"}
    h.update(headers or {})
    return call(server, "POST", "/dash/login", form, h)


def session_cookie(response):
    """The linli_session=... pair of a login's Set-Cookie."""
    return response.headers["set-cookie"].split(";")[0]


def logged_in(test, server, name, password="correct horse"):
    r = login(server, name, password)
    test.assertEqual(r.status, 303, r.raw)
    return session_cookie(r)


class CoordinatorTest(ServerTest):
    """A server whose group messages are signed generic webhooks, whose own messages go to a
    stub outbound endpoint, and a coordinator "wang" of chat g1 logged in (cookie and CSRF token)."""

    TOKEN = "read-token"  # the read API's bearer token

    def setUp(self):
        self.stub = StubApi(ok=lambda path: {"ok": True})
        self.addCleanup(self.stub.close)
        self.s = self.server(env={"LINLI_GENERIC_SECRET": SECRET, "LINLI_API_TOKEN": self.TOKEN,
                                  "LINLI_GENERIC_OUTBOUND_URL": self.stub.base + "/out"})
        add_user(self, self.s.db, "wang", ["g1"])
        self.cookie = logged_in(self, self.s, "wang")
        self.csrf = call(self.s, "GET", "/dash/api/session",
                         headers={"Cookie": self.cookie}).json()["csrf"]

    def post(self, mid, text, sender="r1", name="王阿姨", chat="g1"):
        status, body = self.s.post_message(chat, mid, text, sender_id=sender, name=name,
                                           secret=SECRET)
        self.assertEqual(status, 200, body)
        return body
