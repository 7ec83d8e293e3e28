// The PostgreSQL store after its connection is lost: the server ends the session
// (pg_terminate_backend, as a restart or failover does) under a store in use.

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>

#include "storage/open.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "tests/storage/contract/samples.hpp"

using namespace linli;
using contract::chat_a;
using contract::sample_message;

namespace {

// A store on a schema of its own whose sessions carry a name of their own, so that only they are
// ended (other tests share the server).
struct lost_connection_fixture {
  lost_connection_fixture() : admin(server_url(), std::nullopt, "the test server") {
    std::random_device rd;
    name = "reconnect_" + std::to_string(rd()) + "_" + std::to_string(rd());
    admin.exec("CREATE SCHEMA " + name);
    const std::string url = server_url();
    store = storage::open(url + (url.find('?') == std::string::npos ? "?" : "&") +
                              "application_name=" + name + "&options=-csearch_path%3D" + name,
                          {.synchronous = storage::sync_mode::off});
  }
  ~lost_connection_fixture() {
    store.reset();
    try {
      admin.exec("DROP SCHEMA " + name + " CASCADE");
    } catch (const std::exception&) {
      // The server is gone: nothing left to drop.
    }
  }

  static std::string server_url() {
    const char* url = std::getenv("LINLI_TEST_PG_URL");
    if (url == nullptr || *url == '\0') throw std::runtime_error("LINLI_TEST_PG_URL is not set");
    return url;
  }

  // Ends the store's session on the server and waits until it is gone.
  void end_session() {
    const std::string where = "FROM pg_stat_activity WHERE application_name = '" + name + "'";
    admin.run("SELECT pg_terminate_backend(pid) " + where);
    for (int i = 0; i < 200 && admin.run("SELECT count(*) " + where).int64(0, 0) > 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  storage::postgres::connection admin;
  std::string name;
  std::unique_ptr<storage::store> store;
};

}  // namespace

TEST_CASE("postgres: a lost connection is re-established by the next statement", "[postgres]") {
  lost_connection_fixture f;
  f.store->insert_message(sample_message(chat_a, "before"));
  f.end_session();
  // The statement that finds the connection lost fails (it may have been applied: it is not run
  // again); the next one reconnects, with the session's prepared statements made anew.
  CHECK_THROWS(f.store->find_message(chat_a, "before"));
  REQUIRE(f.store->find_message(chat_a, "before"));
  f.store->insert_message(sample_message(chat_a, "after"));
  CHECK(f.store->count_messages() == 2);

  // A transaction begun on a connection lost while idle: BEGIN reconnects and runs once more.
  f.end_session();
  {
    storage::transaction tx(*f.store);
    f.store->insert_message(sample_message(chat_a, "in a new transaction"));
    tx.commit();
  }
  CHECK(f.store->find_message(chat_a, "in a new transaction"));
}

TEST_CASE("postgres: a transaction that lost its connection fails whole until rolled back",
          "[postgres]") {
  lost_connection_fixture f;
  {
    storage::transaction tx(*f.store);
    f.store->insert_message(sample_message(chat_a, "lost"));
    f.end_session();
    CHECK_THROWS(f.store->insert_message(sample_message(chat_a, "half")));
    // Nothing more runs on a new connection inside it: that would be outside the transaction.
    CHECK_THROWS(f.store->insert_message(sample_message(chat_a, "autocommitted")));
    CHECK_THROWS(f.store->begin_savepoint());
    CHECK_THROWS(tx.commit());
  }  // rolled back
  {
    storage::transaction tx(*f.store);
    f.store->insert_message(sample_message(chat_a, "next"));
    tx.commit();
  }
  CHECK_FALSE(f.store->find_message(chat_a, "lost"));
  CHECK_FALSE(f.store->find_message(chat_a, "half"));
  CHECK_FALSE(f.store->find_message(chat_a, "autocommitted"));
  CHECK(f.store->find_message(chat_a, "next"));
  CHECK(f.store->count_messages() == 1);
}

TEST_CASE("postgres: ping reconnects a lost connection", "[postgres]") {
  lost_connection_fixture f;
  f.end_session();
  CHECK_NOTHROW(f.store->ping());
  CHECK(f.store->count_messages() == 0);
}
