// Dashboard accounts, their chats, sessions and login failures.

#include "tests/storage/contract/contract.hpp"
#include "tests/storage/contract/samples.hpp"

using namespace linli;
using contract::chat_a;
using contract::chat_b;

namespace {

storage::account sample_account(const std::string& name) {
  return {.name = name,
          .password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
          .chats = {chat_b, chat_a, {"telegram", "-100"}},
          .created_ms = 1669000000123};
}

}  // namespace

CONTRACT_TEST("an account is kept with its chats in order and found by name or id", "[accounts]") {
  auto store = backend.make_store();
  CHECK_FALSE(store->find_account("王"));
  const std::int64_t id = store->insert_account(sample_account("王"));
  REQUIRE(id > 0);
  const auto a = store->find_account("王");
  REQUIRE(a);
  CHECK(a->id == id);
  CHECK(a->name == "王");
  CHECK(a->password_hash == sample_account("王").password_hash);
  CHECK(a->chats == sample_account("王").chats);
  CHECK(a->created_ms == 1669000000123);
  REQUIRE(store->find_account_by_id(id));
  CHECK(store->find_account_by_id(id)->chats == a->chats);
  CHECK_FALSE(store->find_account_by_id(id + 1));
  const auto reader = backend.connect(true);
  CHECK(reader->find_account("王")->chats.size() == 3);
}

CONTRACT_TEST("a taken account name is refused and changes nothing", "[accounts]") {
  auto store = backend.make_store();
  REQUIRE(store->insert_account(sample_account("王")) > 0);
  auto other = sample_account("王");
  other.password_hash = "other";
  other.chats = {chat_a};
  CHECK(store->insert_account(other) == 0);
  CHECK(store->find_account("王")->password_hash == sample_account("王").password_hash);
  CHECK(store->find_account("王")->chats.size() == 3);
  CHECK(store->list_accounts().size() == 1);
}

CONTRACT_TEST("accounts are listed by name; removing one removes its chats and sessions",
              "[accounts]") {
  auto store = backend.make_store();
  const auto wang = store->insert_account(sample_account("wang"));
  store->insert_account(sample_account("li"));
  const auto all = store->list_accounts();
  REQUIRE(all.size() == 2);
  CHECK(all[0].name == "li");
  CHECK(all[1].name == "wang");
  CHECK(all[1].chats.size() == 3);
  store->insert_session({"h1", wang, "csrf", 10, 1000});
  CHECK(store->remove_account("wang"));
  CHECK_FALSE(store->remove_account("wang"));
  CHECK_FALSE(store->find_account("wang"));
  CHECK_FALSE(store->find_session("h1", 11));
  // A new account never inherits a removed one's chats.
  const auto again = store->insert_account({.name = "wang", .password_hash = "x"});
  CHECK(store->find_account_by_id(again)->chats.empty());
}

CONTRACT_TEST("a new password ends every session of the account", "[accounts]") {
  auto store = backend.make_store();
  const auto wang = store->insert_account(sample_account("wang"));
  const auto li = store->insert_account(sample_account("li"));
  store->insert_session({"h1", wang, "c1", 10, 1000});
  store->insert_session({"h2", li, "c2", 10, 1000});
  CHECK(store->set_password("wang", "new-hash"));
  CHECK(store->find_account("wang")->password_hash == "new-hash");
  CHECK_FALSE(store->find_session("h1", 11));
  CHECK(store->find_session("h2", 11));
  CHECK_FALSE(store->set_password("nobody", "x"));
}

CONTRACT_TEST("a session is found by its hashed id until it expires", "[accounts]") {
  auto store = backend.make_store();
  const auto wang = store->insert_account(sample_account("wang"));
  store->insert_session({"h1", wang, "csrf-1", 10, 1000});
  store->insert_session({"h2", wang, "csrf-2", 10, 500});
  const auto s = store->find_session("h1", 999);
  REQUIRE(s);
  CHECK(s->account_id == wang);
  CHECK(s->csrf_token == "csrf-1");
  CHECK(s->created_ms == 10);
  CHECK(s->expires_ms == 1000);
  CHECK_FALSE(store->find_session("h1", 1000));
  CHECK_FALSE(store->find_session("nope", 11));
  // Sessions survive a restart: another connection sees them.
  CHECK(backend.connect(true)->find_session("h1", 11));

  CHECK(store->delete_expired_sessions(500) == 1);
  CHECK_FALSE(store->find_session("h2", 11));
  CHECK(store->find_session("h1", 11));
  store->delete_session("h1");
  CHECK_FALSE(store->find_session("h1", 11));
}

CONTRACT_TEST("login failures are counted per key within a window and cleared", "[accounts]") {
  auto store = backend.make_store();
  CHECK(store->login_failures_since("account:wang", 0) == 0);
  CHECK_FALSE(store->last_login_failure("account:wang"));
  store->record_login_failure("account:wang", 100);
  store->record_login_failure("account:wang", 200);
  store->record_login_failure("account:wang", 300);
  store->record_login_failure("address:10.0.0.1", 250);
  CHECK(store->login_failures_since("account:wang", 0) == 3);
  CHECK(store->login_failures_since("account:wang", 200) == 2);
  CHECK(store->last_login_failure("account:wang") == 300);
  CHECK(store->login_failures_since("address:10.0.0.1", 0) == 1);

  store->delete_login_failures_before(200);
  CHECK(store->login_failures_since("account:wang", 0) == 2);
  store->clear_login_failures("account:wang");
  CHECK(store->login_failures_since("account:wang", 0) == 0);
  CHECK(store->login_failures_since("address:10.0.0.1", 0) == 1);
}
