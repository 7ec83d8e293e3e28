"""Starts the real linli binary and speaks HTTP to it. Standard library only."""

import hashlib
import hmac
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import unittest

BINARY = os.environ.get("LINLI_BINARY", os.path.join(os.path.dirname(__file__), "../../build/linli"))


class Server:
    """One linli process on a free port with its own database directory."""

    def __init__(self, config=None, env=None, workdir=None):
        self.workdir = workdir or tempfile.mkdtemp(prefix="linli-func-")
        self.db = os.path.join(self.workdir, "linli.db")
        self.config = config or {}
        self.env = env or {}
        self.proc = None
        self.port = None
        self.stderr_path = os.path.join(self.workdir, "stderr.log")

    def start(self):
        config_path = os.path.join(self.workdir, "linli.json")
        with open(config_path, "w") as f:
            json.dump(self.config, f)
        env = {k: v for k, v in os.environ.items() if not k.startswith("LINLI_")}
        env.update(self.env)
        self.stderr = open(self.stderr_path, "ab")
        self.proc = subprocess.Popen(
            [BINARY, "serve", "--config", config_path, "--port", "0", "--db", self.db],
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
        shutil.rmtree(self.workdir, ignore_errors=True)

    def request(self, method, path, body=None, headers=None, timeout=10):
        """Returns (status, parsed JSON or text body)."""
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
        sender = {"id": sender_id, "name": name}
        if role:
            sender["role"] = role
        body = json.dumps({"chat_id": chat_id, "message_id": message_id, "sender": sender,
                           "text": text, "timestamp": int(time.time())}).encode()
        h = {"Content-Type": "application/json"}
        if secret is not None:
            h["X-Linli-Signature"] = "sha256=" + hmac.new(secret.encode(), body,
                                                          hashlib.sha256).hexdigest()
        h.update(headers or {})
        return self.request("POST", "/v1/webhook/generic", body, h)

    def metric(self, name):
        status, text = self.request("GET", "/metrics")
        assert status == 200
        for line in text.splitlines():
            if line.startswith(name + " "):
                return float(line.split()[1])
        raise KeyError(name)


class ServerTest(unittest.TestCase):
    """A test case with helpers to start servers that are always cleaned up."""

    def server(self, **kwargs):
        s = Server(**kwargs).start()
        self.addCleanup(s.cleanup)
        return s
