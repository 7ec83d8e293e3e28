"""The dashboard's accounts and sessions against the real binary: `linli user`, login and its
cookie, lockout, CSRF, logout, expiry, a restart, and TLS seen through a trusted proxy."""

import time
import unittest

from dash_support import SECRET, add_user, call, logged_in, login, session_cookie, user
from harness import ServerTest


class UserCommandTest(ServerTest):
    def test_add_list_passwd_remove(self):
        s = self.server(env={"LINLI_GENERIC_SECRET": SECRET})
        db = s.db
        add_user(self, db, "王", ["g1", "telegram:-100"])
        listed = user(db, "list")
        self.assertEqual(listed.returncode, 0, listed.stderr)
        self.assertEqual(listed.stdout, "王 g1 telegram:-100\n")
        again = user(db, "add", "王", "--chat", "g1", password="another pw\n")
        self.assertEqual(again.returncode, 1)
        self.assertIn("exists", again.stderr)
        short = user(db, "add", "李", "--chat", "g1", password="short\n")
        self.assertEqual(short.returncode, 1)
        self.assertIn("at least 8", short.stderr)
        no_chat = user(db, "add", "李", password="long enough\n")
        self.assertEqual(no_chat.returncode, 2)

        cookie = logged_in(self, s, "王")
        self.assertEqual(user(db, "passwd", "王", password="a new password\n").returncode, 0)
        # A new password ends the sessions of the old one.
        self.assertEqual(call(s, "GET", "/dash/api/session", headers={"Cookie": cookie}).status,
                         401)
        self.assertEqual(login(s, "王", "correct horse").status, 401)
        logged_in(self, s, "王", "a new password")

        self.assertEqual(user(db, "remove", "王").returncode, 0)
        self.assertEqual(user(db, "remove", "王").returncode, 1)
        self.assertEqual(user(db, "list").stdout, "")
        self.assertEqual(login(s, "王", "a new password").status, 401)


class LoginTest(ServerTest):
    def start(self, dashboard=None):
        s = self.server(config={"dashboard": dashboard or {}},
                        env={"LINLI_GENERIC_SECRET": SECRET})
        add_user(self, s.db, "wang", ["g1"])
        return s

    def test_login_sets_a_strict_http_only_cookie_and_opens_the_pages(self):
        s = self.start()
        first = call(s, "GET", "/dash/")
        self.assertEqual(first.status, 303)
        self.assertEqual(first.headers["location"], "/dash/login")
        page = call(s, "GET", "/dash/login")
        self.assertEqual(page.status, 200)
        self.assertIn("<form", page.text)

        self.assertEqual(login(s, "wang", "wrong password").status, 401)
        self.assertEqual(login(s, "nobody", "correct horse").status, 401)
        r = login(s, "wang", "correct horse")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.headers["location"], "/dash/")
        attributes = [a.strip() for a in r.headers["set-cookie"].split(";")]
        self.assertIn("HttpOnly", attributes)
        self.assertIn("SameSite=Strict", attributes)
        self.assertNotIn("Secure", attributes)
        cookie = session_cookie(r)
        self.assertRegex(cookie, r"^linli_session=[0-9a-f]{64}$")

        index = call(s, "GET", "/dash/", headers={"Cookie": cookie})
        self.assertEqual(index.status, 200)
        self.assertIn("text/html", index.headers["content-type"])
        me = call(s, "GET", "/dash/api/session", headers={"Cookie": cookie})
        self.assertEqual(me.status, 200)
        self.assertEqual(me.json()["name"], "wang")
        self.assertEqual(me.json()["chats"], [{"platform": "generic", "chat_id": "g1"}])
        # A made-up session is nobody's.
        self.assertEqual(call(s, "GET", "/dash/api/session",
                              headers={"Cookie": "linli_session=" + "0" * 64}).status, 401)

    def test_missing_fields_and_foreign_origins_are_refused(self):
        s = self.start()
        self.assertEqual(call(s, "POST", "/dash/login", "name=wang",
                              {"Content-Type": "application/x-www-form-urlencoded"}).status, 400)
        self.assertEqual(login(s, "wang", "correct horse",
                               {"Origin": "https://evil.example"}).status, 403)

    def test_repeated_wrong_passwords_lock_the_account(self):
        s = self.start({"max_failures": 3, "lockout_seconds": 2})
        for _ in range(3):
            self.assertEqual(login(s, "wang", "guess guess").status, 401)
        locked = login(s, "wang", "correct horse")
        self.assertEqual(locked.status, 429)
        self.assertIn("retry-after", locked.headers)
        # The lock outlives a restart: failures are in the database.
        s.stop()
        s.start()
        self.assertEqual(login(s, "wang", "correct horse").status, 429)
        time.sleep(2.2)
        self.assertEqual(login(s, "wang", "correct horse").status, 303)

    def test_logout_needs_the_csrf_token_and_ends_the_session(self):
        s = self.start()
        cookie = logged_in(self, s, "wang")
        csrf = call(s, "GET", "/dash/api/session", headers={"Cookie": cookie}).json()["csrf"]
        self.assertEqual(call(s, "POST", "/dash/logout", headers={"Cookie": cookie}).status, 403)
        self.assertEqual(call(s, "POST", "/dash/logout",
                              headers={"Cookie": cookie, "X-CSRF-Token": "0" * 64}).status, 403)
        out = call(s, "POST", "/dash/logout", headers={"Cookie": cookie, "X-CSRF-Token": csrf})
        self.assertEqual(out.status, 303)
        self.assertIn("Max-Age=0", out.headers["set-cookie"])
        self.assertEqual(call(s, "GET", "/dash/api/session", headers={"Cookie": cookie}).status,
                         401)

    def test_sessions_expire(self):
        s = self.start({"session_seconds": 1})
        cookie = logged_in(self, s, "wang")
        self.assertEqual(call(s, "GET", "/dash/api/session", headers={"Cookie": cookie}).status,
                         200)
        time.sleep(1.3)
        self.assertEqual(call(s, "GET", "/dash/api/session", headers={"Cookie": cookie}).status,
                         401)
        self.assertEqual(call(s, "GET", "/dash/", headers={"Cookie": cookie}).status, 303)

    def test_sessions_survive_a_restart(self):
        s = self.start()
        cookie = logged_in(self, s, "wang")
        self.assertEqual(s.stop(), 0)
        s.start()
        self.assertEqual(call(s, "GET", "/dash/api/session", headers={"Cookie": cookie}).status,
                         200)

    def test_secure_only_when_a_trusted_proxy_says_tls(self):
        untrusted = self.start()
        r = login(untrusted, "wang", "correct horse", {"X-Forwarded-Proto": "https"})
        self.assertNotIn("Secure", r.headers["set-cookie"])
        trusted = self.start({"trusted_proxies": ["127.0.0.1"]})
        r = login(trusted, "wang", "correct horse", {"X-Forwarded-Proto": "https"})
        self.assertIn("Secure", [a.strip() for a in r.headers["set-cookie"].split(";")])
        r = login(trusted, "wang", "correct horse")
        self.assertNotIn("Secure", r.headers["set-cookie"])


if __name__ == "__main__":
    unittest.main()
