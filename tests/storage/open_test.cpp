// storage::open: which database a URL names.

#include <catch2/catch.hpp>

#include "storage/open.hpp"
#include "tests/support.hpp"

using namespace linli;

TEST_CASE("storage::open takes a path, sqlite:PATH and sqlite://PATH", "[storage][open]") {
  testing::temp_dir dir;
  const auto path = dir.file("a.db");
  storage::open(path)->save_chat({"generic", "g1"}, {.lang = storage::language::en});
  CHECK(storage::open("sqlite:" + path)->load_chat({"generic", "g1"}).lang ==
        storage::language::en);
  CHECK(storage::open("sqlite://" + path, {.read_only = true})->load_chat({"generic", "g1"}).lang ==
        storage::language::en);
}

TEST_CASE("storage::open refuses what it cannot open, naming the database", "[storage][open]") {
  CHECK_THROWS_WITH(storage::open("mysql://db.example/linli"),
                    Catch::Contains("unknown scheme mysql"));
  CHECK_THROWS_WITH(storage::open("sqlite:"), Catch::Contains("no path given"));
  CHECK_THROWS_WITH(storage::open(""), Catch::Contains("no path given"));
}

TEST_CASE("storage::open refuses a PostgreSQL password in the URL, never repeating it",
          "[storage][open]") {
  for (const char* url : {"postgresql://linli:s3cret@db.example:5432/linli",
                          "postgres://linli@db.example/linli?password=s3cret"}) {
    try {
      storage::open(url);
      FAIL("opened " << url);
    } catch (const std::runtime_error& e) {
      const std::string what = e.what();
      CHECK_THAT(what, Catch::Contains("LINLI_DB_PASSWORD"));
      CHECK_THAT(what, Catch::Contains("db.example"));
      CHECK_THAT(what, !Catch::Contains("s3cret"));
    }
  }
}

TEST_CASE("storage::open names the PostgreSQL server it cannot reach", "[storage][open]") {
  // Port 1 on loopback: refused at once.
  CHECK_THROWS_WITH(storage::open("postgresql://linli@127.0.0.1:1/linli?connect_timeout=2"),
                    Catch::Contains("cannot connect to postgresql://linli@127.0.0.1:1/linli"));
}

TEST_CASE("storage::in_memory names the private in-memory databases", "[storage][open]") {
  CHECK(storage::in_memory(":memory:"));
  CHECK(storage::in_memory("sqlite::memory:"));
  CHECK(storage::in_memory("sqlite://:memory:"));
  CHECK_FALSE(storage::in_memory("linli.db"));
  CHECK_FALSE(storage::in_memory("sqlite:linli.db"));
  CHECK_FALSE(storage::in_memory("postgresql://linli@db/linli"));
}

TEST_CASE("storage: with a single writer the process always leads; PostgreSQL is shared",
          "[storage][open][leader]") {
  testing::temp_dir dir;
  auto lock = storage::open_leader_lock(dir.file("a.db"));
  CHECK(lock->try_hold());
  CHECK(storage::open_leader_lock("sqlite:" + dir.file("a.db"))->try_hold());
  lock->release();
  CHECK(lock->try_hold());
  CHECK_FALSE(storage::shared_database(dir.file("a.db")));
  CHECK_FALSE(storage::shared_database("sqlite::memory:"));
  CHECK(storage::shared_database("postgresql://linli@db/linli"));
  CHECK(storage::shared_database("postgres://linli@db/linli"));
}
