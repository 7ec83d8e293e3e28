// The SQLite backend beyond the contract: files, versions, read-only connections.

#include <catch2/catch.hpp>
#include <set>

#include "storage/open.hpp"
#include "storage/sqlite/sqlite_schema.hpp"
#include "tests/storage/sqlite/sqlite_test_support.hpp"
#include "tests/support.hpp"

using namespace linli;

namespace {

storage::stored_message message(const std::string& id) {
  storage::stored_message m;
  m.message.chat = {"generic", "g1"};
  m.message.delivery_id = id;
  m.message.from = {"u1", "张三", platform_role::member};
  m.message.text = "收到";
  m.kind = "chatter";
  return m;
}

}  // namespace

TEST_CASE("sqlite: a new database is created at the latest version, every table in it",
          "[sqlite][storage]") {
  testing::temp_dir dir;
  const auto path = dir.file("new.db");
  const int latest = storage::sqlite::latest_schema_version();
  // Every shipped version, and no version without a part.
  CHECK(latest == static_cast<int>(testing::shipped_migrations().size()));
  for (int v = 1; v <= latest; ++v) {
    int parts = 0;
    for (const auto& list :
         {storage::sqlite::inbox_migrations(), storage::sqlite::chats_migrations(),
          storage::sqlite::chains_migrations(), storage::sqlite::requests_migrations(),
          storage::sqlite::group_buys_migrations(), storage::sqlite::donations_migrations(),
          storage::sqlite::tasks_migrations(), storage::sqlite::outbox_migrations(),
          storage::sqlite::accounts_migrations(), storage::sqlite::offers_migrations(),
          storage::sqlite::audit_migrations()}) {
      for (const auto& m : list) parts += m.version == v;
    }
    CAPTURE(v);
    CHECK(parts > 0);
  }

  auto store = storage::open(path);
  CHECK(store->schema_version() == latest);
  CHECK(store->count_messages() == 0);
  SQLite::Database db(path);
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == latest);
  CHECK(db.execAndGet("PRAGMA journal_mode").getString() == "wal");
  const auto schema = testing::schema_of(db);
  for (const char* table :
       {"inbox",     "chats",         "addresses",     "chains",           "chain_entries",
        "requests",  "request_items", "group_buys",    "group_buy_orders", "donation_drives",
        "donations", "tasks",         "task_members",  "volunteers",       "task_templates",
        "outbox",    "accounts",      "account_chats", "dash_sessions",    "login_failures",
        "offers",    "chat_robots"}) {
    CAPTURE(table);
    CHECK(schema.count(table) == 1);
  }
}

TEST_CASE("sqlite: a database persists across reopening; a reader cannot write",
          "[sqlite][storage]") {
  testing::temp_dir dir;
  const auto path = dir.file("linli.db");
  {
    auto store = storage::open(path);
    store->insert_message(message("m1"));
  }
  auto store = storage::open("sqlite:" + path, {.synchronous = storage::sync_mode::normal});
  CHECK(store->find_message({"generic", "g1"}, "m1"));
  auto reader = storage::open(path, {.read_only = true});
  CHECK(reader->count_messages() == 1);
  CHECK_THROWS(reader->insert_message(message("m2")));
  CHECK(store->count_messages() == 1);
}

TEST_CASE("sqlite: in-memory databases are private to their connection", "[sqlite][storage]") {
  auto a = storage::open(":memory:");
  auto b = storage::open("sqlite::memory:");
  a->insert_message(message("m1"));
  CHECK(a->count_messages() == 1);
  CHECK(b->count_messages() == 0);
  CHECK(b->schema_version() == storage::sqlite::latest_schema_version());
}

TEST_CASE("sqlite: a database from a newer linli is refused", "[sqlite][storage]") {
  testing::temp_dir dir;
  const auto path = dir.file("future.db");
  storage::open(path);
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = " +
            std::to_string(storage::sqlite::latest_schema_version() + 1));
  }
  CHECK_THROWS_WITH(storage::open(path), Catch::Contains("newer than this linli"));
}

TEST_CASE("sqlite: a reader refuses a database it would have to migrate", "[sqlite][storage]") {
  testing::temp_dir dir;
  const auto path = dir.file("old.db");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    storage::sqlite::migrate(db, 1);
  }
  CHECK_THROWS_WITH(storage::open(path, {.read_only = true}),
                    Catch::Contains("not at the expected version"));
  CHECK(storage::open(path)->schema_version() == storage::sqlite::latest_schema_version());
  CHECK(storage::open(path, {.read_only = true})->count_messages() == 0);
}

TEST_CASE("sqlite: a file that cannot be opened is named", "[sqlite][storage]") {
  CHECK_THROWS_WITH(storage::open("/nonexistent-dir/x.db"),
                    Catch::Contains("cannot open database /nonexistent-dir/x.db"));
  CHECK_THROWS_WITH(storage::open("sqlite:/nonexistent-dir/y.db"),
                    Catch::Contains("cannot open database /nonexistent-dir/y.db"));
}
