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

TEST_CASE("storage::open answers a backend this build does not have", "[storage][open]") {
  CHECK_THROWS_WITH(storage::open("postgresql://linli@db.example:5432/linli"),
                    Catch::Contains("PostgreSQL support is not built in this version"));
  CHECK_THROWS_WITH(storage::open("postgres://linli@db.example/linli"),
                    Catch::Contains("PostgreSQL support is not built in this version"));
  CHECK_THROWS_WITH(storage::open("mysql://db.example/linli"),
                    Catch::Contains("unknown scheme mysql"));
  CHECK_THROWS_WITH(storage::open("sqlite:"), Catch::Contains("no path given"));
  CHECK_THROWS_WITH(storage::open(""), Catch::Contains("no path given"));
}

TEST_CASE("storage::in_memory names the private in-memory databases", "[storage][open]") {
  CHECK(storage::in_memory(":memory:"));
  CHECK(storage::in_memory("sqlite::memory:"));
  CHECK(storage::in_memory("sqlite://:memory:"));
  CHECK_FALSE(storage::in_memory("linli.db"));
  CHECK_FALSE(storage::in_memory("sqlite:linli.db"));
  CHECK_FALSE(storage::in_memory("postgresql://linli@db/linli"));
}
