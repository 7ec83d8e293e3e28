// The scheduler's leader lock on PostgreSQL: of two instances one holds it; it moves when the
// holder gives it up, or when the holder's connection dies (the server ends its session, as when
// the instance is killed).

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>

#include "storage/open.hpp"
#include "storage/postgres/pg_connection.hpp"

using namespace linli;

namespace {

std::string server_url() {
  const char* url = std::getenv("LINLI_TEST_PG_URL");
  if (url == nullptr || *url == '\0') throw std::runtime_error("LINLI_TEST_PG_URL is not set");
  return url;
}

std::string named(const std::string& name) {
  const std::string url = server_url();
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "application_name=" + name;
}

// Retries for up to 5 s: the server frees a dead session's locks soon, not at once.
bool soon(const std::function<bool()>& f) {
  for (int i = 0; i < 100; ++i) {
    if (f()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace

TEST_CASE("postgres: of two instances one leads, and the lead moves when it goes",
          "[postgres][leader]") {
  std::random_device rd;
  const std::string name_a = "leader_a_" + std::to_string(rd());
  auto a = storage::open_leader_lock(named(name_a));
  auto b = storage::open_leader_lock(named("leader_b_" + std::to_string(rd())));
  REQUIRE(a->try_hold());
  CHECK_FALSE(b->try_hold());
  CHECK(a->try_hold());  // still its own, held once however often it checks
  CHECK(a->try_hold());
  CHECK_FALSE(b->try_hold());

  a->release();  // a clean stop: one release frees it
  CHECK(b->try_hold());
  CHECK_FALSE(a->try_hold());
  b->release();
  REQUIRE(a->try_hold());

  // The leader's connection dies (a kill -9 of its instance ends its session just so).
  storage::postgres::connection admin(server_url(), std::nullopt, "the test server");
  admin.run("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" +
            name_a + "'");
  CHECK(soon([&] { return b->try_hold(); }));
  CHECK_FALSE(a->try_hold());                   // its next check sees the lost session
  CHECK(soon([&] { return !a->try_hold(); }));  // reconnected, and b holds it

  b.reset();  // b's process ends: its connection closes
  CHECK(soon([&] { return a->try_hold(); }));
}
