// Notifications between instances on PostgreSQL (storage/listener.hpp): what a transaction
// announces is heard when it commits, never when it rolls back, and a listener whose connection
// died listens again, saying so (its caller then polls for what it missed).

#include <catch2/catch.hpp>

#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>

#include "storage/open.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "tests/storage/contract/contract.hpp"

using namespace linli;

namespace {

std::string listener_url(const std::string& name) {
  const char* url = std::getenv("LINLI_TEST_PG_URL");
  if (url == nullptr || *url == '\0') throw std::runtime_error("LINLI_TEST_PG_URL is not set");
  const std::string u = url;
  return u + (u.find('?') == std::string::npos ? "?" : "&") + "application_name=" + name;
}

// What the listener hears within about two seconds on `channel` (other tests share the server).
std::vector<std::string> heard(storage::listener& l, const std::string& channel, bool& resumed) {
  std::vector<std::string> out;
  resumed = false;
  for (int i = 0; i < 10 && out.empty(); ++i) {
    bool back = false;
    for (auto& n : l.wait(200, back)) {
      if (n.channel == channel) out.push_back(n.payload);
    }
    resumed = resumed || back;
  }
  return out;
}

}  // namespace

TEST_CASE("postgres: an announcement is heard at its commit, not after a rollback",
          "[postgres][listener]") {
  std::random_device rd;
  const std::string channel = "test_channel_" + std::to_string(rd());
  const std::string name = "listener_" + std::to_string(rd());
  const auto backend = contract::postgres_backend();
  auto store = backend->make_store();
  auto listening = storage::open_listener(listener_url(name), {channel});
  REQUIRE(listening);
  bool resumed = false;

  {
    storage::transaction tx(*store);
    store->announce(channel, "回滚的");
  }  // rolled back
  {
    storage::transaction tx(*store);
    store->announce(channel, "提交的");
    tx.commit();
  }
  CHECK(heard(*listening, channel, resumed) == std::vector<std::string>{"提交的"});
  CHECK_FALSE(resumed);

  // The listener's connection dies; it comes back listening.
  storage::postgres::connection admin(listener_url("admin"), std::nullopt, "the test server");
  admin.run("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" +
            name + "'");
  bool back = false;
  for (int i = 0; i < 50 && !back; ++i) listening->wait(100, back);
  CHECK(back);
  {
    storage::transaction tx(*store);
    store->announce(channel, "又一个");
    tx.commit();
  }
  CHECK(heard(*listening, channel, resumed) == std::vector<std::string>{"又一个"});
}

TEST_CASE("sqlite: a single writer has no listener", "[sqlite][listener]") {
  CHECK(storage::open_listener(":memory:", {"linli_events"}) == nullptr);
}
