"""Starts the real linli binary and speaks HTTP to it. Standard library only."""

import fcntl
import hashlib
import hmac
import http.client
import http.server
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import threading
import time
import unittest
import urllib.parse

BINARY = os.environ.get("LINLI_BINARY", os.path.join(os.path.dirname(__file__), "../../build/linli"))
# LINLI_FUNCTIONAL_DB=postgres: each server directory gets a database of its own on the server
# LINLI_TEST_PG_URL names (scripts/pg-cluster.sh), instead of an SQLite file in it.
FUNCTIONAL_DB = os.environ.get("LINLI_FUNCTIONAL_DB", "sqlite")
PG_URL = os.environ.get("LINLI_TEST_PG_URL", "")


def psql(sql):
    subprocess.run(["psql", PG_URL, "-qAtX", "-v", "ON_ERROR_STOP=1", "-c", sql], check=True,
                   capture_output=True, timeout=60)


def postgres_database(workdir):
    """The URL of the database that belongs to workdir, created if new: (url, name)."""
    if not PG_URL:
        raise RuntimeError("LINLI_FUNCTIONAL_DB=postgres needs LINLI_TEST_PG_URL: "
                           'eval "$(scripts/pg-cluster.sh start)"')
    name = "func_" + hashlib.sha256(os.path.abspath(workdir).encode()).hexdigest()[:20]
    found = subprocess.run(["psql", PG_URL, "-qAtX", "-c",
                            "SELECT 1 FROM pg_database WHERE datname = '%s'" % name],
                           check=True, capture_output=True, text=True, timeout=60)
    if not found.stdout.strip():
        psql("CREATE DATABASE " + name)
    parts = urllib.parse.urlsplit(PG_URL)
    return urllib.parse.urlunsplit(parts._replace(path="/" + name)), name

PG_CLUSTER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../scripts/pg-cluster.sh")


def pg_cluster(*args):
    """scripts/pg-cluster.sh with `args`; returns what it prints."""
    return subprocess.run([PG_CLUSTER, *args], check=True, capture_output=True, text=True,
                          timeout=120).stdout


def own_pg_cluster(test):
    """A PostgreSQL cluster of `test`'s own (scripts/pg-cluster.sh), stopped and removed when it
    ends: (its directory, the URL of its database "linli")."""
    exports = dict(re.findall(r"export (\w+)='([^']*)'", pg_cluster("start")))
    test.addCleanup(pg_cluster, "stop", exports["LINLI_PG_CLUSTER"])
    return exports["LINLI_PG_CLUSTER"], exports["LINLI_TEST_PG_URL"]


def pg_rows(url, query):
    """The rows `query` answers on the database `url`, each a list of its columns as text."""
    out = subprocess.run(["psql", url, "-qAtX", "-F", "\t", "-c", query], check=True,
                         capture_output=True, text=True, timeout=60).stdout
    return [line.split("\t") for line in out.splitlines()]


# Every server the tests start has a generic webhook secret (linli refuses to start without one),
# and every request to the generic webhook is signed with it unless a test says otherwise.
GENERIC_SECRET = "linli-functional-test-secret"


def signature(secret, body):
    """The X-Linli-Signature header value for `body` (bytes) under `secret`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class Server:
    """One linli process on a free port with its own database directory."""

    def __init__(self, config=None, env=None, workdir=None, insecure_dev=False):
        """`env` sets LINLI_* variables; LINLI_GENERIC_SECRET defaults to GENERIC_SECRET (None
        leaves it unset). `insecure_dev` starts `linli serve --insecure-dev`."""
        self.workdir = workdir or tempfile.mkdtemp(prefix="linli-func-")
        self.db = os.path.join(self.workdir, "linli.db")
        self.pg_name = None
        if FUNCTIONAL_DB == "postgres":
            self.db, self.pg_name = postgres_database(self.workdir)
        self.config = config or {}
        self.env = {"LINLI_GENERIC_SECRET": GENERIC_SECRET}
        self.env.update(env or {})
        self.env = {k: v for k, v in self.env.items() if v is not None}
        self.generic_secret = self.env.get("LINLI_GENERIC_SECRET")
        self.insecure_dev = insecure_dev
        self.proc = None
        self.port = None
        self.listen_port = 0  # a free one at each start, unless a test fixes it (behind a proxy)
        self.stderr_path = os.path.join(self.workdir, "stderr.log")

    def start(self):
        config_path = os.path.join(self.workdir, "linli.json")
        with open(config_path, "w") as f:
            json.dump(self.config, f)
        env = {k: v for k, v in os.environ.items() if not k.startswith("LINLI_")}
        env.update(self.env)
        self.stderr = open(self.stderr_path, "ab")
        self.proc = subprocess.Popen(
            [BINARY, "serve", "--config", config_path, "--port", str(self.listen_port), "--db",
             self.db]
            + (["--insecure-dev"] if self.insecure_dev else []),
            stdout=subprocess.PIPE, stderr=self.stderr, env=env)
        line = self.proc.stdout.readline().decode()
        if not line.startswith("listening on http://"):
            self.proc.kill()
            raise RuntimeError("linli did not start: %r\n%s" % (line, self.log()))
        self.port = int(line.strip().rsplit(":", 1)[1])
        return self

    def log(self):
        with open(self.stderr_path, "rb") as f:
            return f.read().decode(errors="replace")

    def stop(self, sig=signal.SIGTERM, timeout=15):
        """Stops the process and returns its exit code."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        code = self.proc.wait(timeout=timeout)
        self.proc.stdout.close()
        self.stderr.close()
        self.proc = None
        return code

    def cleanup(self):
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc.stdout.close()
            self.stderr.close()
            self.proc = None
        if self.pg_name:
            psql("DROP DATABASE IF EXISTS %s WITH (FORCE)" % self.pg_name)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def signed(self, method, path, body, headers):
        """`headers` with the generic webhook's signature added, where one is due: a POST to
        /v1/webhook/generic that carries none, on a server with a generic secret."""
        headers = dict(headers or {})
        if (method == "POST" and path.startswith("/v1/webhook/generic") and self.generic_secret
                and not any(k.lower() == "x-linli-signature" for k in headers)):
            data = body.encode() if isinstance(body, str) else (body or b"")
            headers["X-Linli-Signature"] = signature(self.generic_secret, data)
        return headers

    def request(self, method, path, body=None, headers=None, timeout=10, sign=True):
        """Returns (status, parsed JSON or text body). Generic webhook requests are signed unless
        `sign` is False."""
        if sign:
            headers = self.signed(method, path, body, headers)
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            data = response.read().decode()
            if response.getheader("Content-Type", "").startswith("application/json"):
                return response.status, json.loads(data)
            return response.status, data
        finally:
            conn.close()

    def post_message(self, chat_id, message_id, text, sender_id="u1", name="张三", role=None,
                     secret=None, headers=None):
        """Signed with the server's generic secret, or with `secret`; `secret=False`: unsigned."""
        sender = {"id": sender_id, "name": name}
        if role:
            sender["role"] = role
        body = json.dumps({"chat_id": chat_id, "message_id": message_id, "sender": sender,
                           "text": text, "timestamp": int(time.time())}).encode()
        h = {"Content-Type": "application/json"}
        if secret:
            h["X-Linli-Signature"] = signature(secret, body)
        h.update(headers or {})
        return self.request("POST", "/v1/webhook/generic", body, h, sign=secret is None)

    def metric(self, name):
        status, text = self.request("GET", "/metrics")
        assert status == 200
        for line in text.splitlines():
            if line.startswith(name + " "):
                return float(line.split()[1])
        raise KeyError(name)


def free_port():
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nginx:
    """Debian's nginx as a round-robin reverse proxy in front of `ports` (loopback), running
    unprivileged with its own prefix, configuration and logs in a temporary directory. A request
    that cannot reach an instance (connection refused: it is down) goes to the next; one cut off
    mid-way answers 502, as it would for a platform."""

    BINARY = shutil.which("nginx") or "/usr/sbin/nginx"

    def __init__(self, ports):
        self.prefix = tempfile.mkdtemp(prefix="linli-nginx-")
        self.port = free_port()
        servers = "".join("    server 127.0.0.1:%d max_fails=0;\n" % p for p in ports)
        with open(os.path.join(self.prefix, "nginx.conf"), "w") as f:
            f.write(NGINX_CONF % {"prefix": self.prefix, "servers": servers, "port": self.port})
        command = [self.BINARY, "-p", self.prefix, "-c", "nginx.conf", "-e", "error.log"]
        if os.geteuid() == 0:  # CI runs as root: the proxy does not
            shutil.chown(self.prefix, "nobody")
            command = ["runuser", "-u", "nobody", "--"] + command
        self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if not wait_until(lambda: self.answers() or self.proc.poll() is not None, timeout=10) \
                or self.proc.poll() is not None:
            raise RuntimeError("nginx did not start: %s" % self.proc.stderr.read().decode())

    def answers(self):
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
            return True
        except OSError:
            return False

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=15)
        self.proc.stderr.close()
        shutil.rmtree(self.prefix, ignore_errors=True)


# Foreground, one worker, every path inside the prefix; max_fails=0 keeps a restarted instance in
# the rotation at once.
NGINX_CONF = """daemon off;
worker_processes 1;
pid %(prefix)s/nginx.pid;
error_log %(prefix)s/error.log warn;
events { worker_connections 512; }
http {
  access_log off;
  client_body_temp_path %(prefix)s/body;
  proxy_temp_path %(prefix)s/proxy;
  fastcgi_temp_path %(prefix)s/fastcgi;
  uwsgi_temp_path %(prefix)s/uwsgi;
  scgi_temp_path %(prefix)s/scgi;
  upstream linli {
%(servers)s    keepalive 16;
  }
  server {
    listen 127.0.0.1:%(port)d;
    location / {
      proxy_pass http://linli;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_next_upstream error timeout;
      proxy_connect_timeout 2s;
      proxy_read_timeout 10s;
    }
  }
}
"""


EMULATORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "emulators")


def npm_packages():
    """The emulators' folder with every package its package.json names installed: `npm ci` from
    its lock file where one is missing (a fresh checkout, or a lock that gained a package)."""
    with open(os.path.join(EMULATORS, "package.json")) as f:
        names = json.load(f)["dependencies"]
    # Test files run side by side (ctest -j): one `npm ci` at a time, the others wait for it.
    with open(os.path.join(tempfile.gettempdir(), "linli-emulators-npm.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not all(os.path.isdir(os.path.join(EMULATORS, "node_modules", n)) for n in names):
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=EMULATORS, check=True,
                           stdout=subprocess.DEVNULL)
    return EMULATORS


def wait_until(check, timeout=20):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    return check()


class StubApi:
    """A platform's send API on loopback: records every call; answers from a per-path script of
    (status, body, headers), then `ok`. With `tls` (a cert and key file), it speaks HTTPS; with
    `ipv6`, it listens on [::1]."""

    def __init__(self, ok, scripts=None, tls=None, ipv6=False):
        self.calls = []
        self.scripts = {path: list(s) for path, s in (scripts or {}).items()}
        self.ok = ok
        self.lock = threading.Lock()
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                # A platform's own SDK may send a form (Slack's WebClient does): its fields.
                if self.headers.get("Content-Type", "").startswith(
                        "application/x-www-form-urlencoded"):
                    self.answer(dict(urllib.parse.parse_qsl(raw.decode(), keep_blank_values=True)))
                else:
                    self.answer(json.loads(raw))

            def do_GET(self):  # read APIs (a user's profile): recorded with no body
                self.answer(None)

            def answer(self, request_body):
                path = self.path.split("?")[0]
                with stub.lock:
                    script = stub.scripts.get(path) or []
                    status, body, headers = script.pop(0) if script else (200, stub.ok(path), {})
                    stub.calls.append({"path": self.path, "status": status, "at": time.time(),
                                       "method": self.command, "headers": dict(self.headers),
                                       "body": request_body})
                answer = json.dumps(body).encode()
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        class Server(http.server.ThreadingHTTPServer):
            address_family = socket.AF_INET6 if ipv6 else socket.AF_INET

        self.server = Server(("::1" if ipv6 else "127.0.0.1", 0), Handler)
        host = "[::1]" if ipv6 else "127.0.0.1"
        self.base = "http://%s:%d" % (host, self.server.server_address[1])
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
            self.base = "https://localhost:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def delivered(self, path):
        with self.lock:
            return [c for c in self.calls if c["path"].startswith(path) and c["status"] == 200]

    def wait(self, path, count, timeout=20):
        return wait_until(lambda: len(self.delivered(path)) >= count and self.delivered(path),
                          timeout) or self.delivered(path)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class ServerTest(unittest.TestCase):
    """A test case with helpers to start servers that are always cleaned up."""

    def server(self, **kwargs):
        s = Server(**kwargs).start()
        self.addCleanup(s.cleanup)
        return s

    def replayed(self, source_db, **kwargs):
        """`linli replay` of source_db into a new database, served; returns (server, stdout)."""
        rebuilt = Server(**kwargs)
        self.addCleanup(rebuilt.cleanup)
        result = subprocess.run([BINARY, "replay", "--db", source_db, "--out", rebuilt.db],
                                capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 0, result.stderr)
        return rebuilt.start(), result.stdout
