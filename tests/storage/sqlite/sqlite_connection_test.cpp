// The SQLite connection: the write-ahead log is checkpointed under steady load with a reader
// querying between the commits, without anyone having to ask for it.

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <functional>

#include "storage/open.hpp"
#include "tests/support.hpp"

using namespace linli;

TEST_CASE("sqlite: the write-ahead log stays small under steady load with a reader",
          "[sqlite][wal]") {
  testing::temp_dir dir;
  const auto path = dir.file("wal.db");
  auto writer = storage::open(path, {.synchronous = storage::sync_mode::off});
  auto reader = storage::open(path, {.read_only = true});
  const chat_ref chat{"generic", "g1"};
  chain c;
  c.chat = chat;
  c.header_key = "k";
  c.id = writer->insert_chain(c);

  // 400 transactions of about 100 KB: 40 MB of log if it were never checkpointed.
  const std::string text(100 * 1024, 'x');
  for (int i = 0; i < 400; ++i) {
    storage::transaction tx(*writer);
    // Queries that step one row and stop, on both connections: a statement left that way
    // would keep a read snapshot open and hold back every checkpoint.
    CHECK(writer->find_chain(chat, "k"));
    storage::stored_message m;
    m.message.chat = chat;
    m.message.delivery_id = "m" + std::to_string(i);
    m.message.text = text;
    m.kind = "chatter";
    writer->insert_message(m);
    tx.commit();
    CHECK(reader->latest_chain(chat));
    CHECK(reader->find_message(chat, "m0"));
    CHECK(reader->count_messages() == i + 1);
  }
  const auto wal = std::filesystem::file_size(path + "-wal");
  CAPTURE(wal);
  CHECK(wal < 12 * 1024 * 1024);
}

namespace {

storage::stored_message chatter(const chat_ref& chat, const std::string& id) {
  storage::stored_message m;
  m.message.chat = chat;
  m.message.delivery_id = id;
  m.message.text = "收到";
  m.kind = "chatter";
  return m;
}

// The statements a store opened with LINLI_BENCH_STATEMENTS=1 starts while `work` runs.
std::uint64_t statements_in(const std::function<void()>& work) {
  const std::uint64_t before = storage::sqlite_statements_started();
  work();
  return storage::sqlite_statements_started() - before;
}

}  // namespace

TEST_CASE("sqlite: a savepoint nothing wrote under opens no SAVEPOINT", "[sqlite][savepoint]") {
  testing::temp_dir dir;
  ::setenv("LINLI_BENCH_STATEMENTS", "1", 1);
  auto store = storage::open(dir.file("lazy.db"), {.synchronous = storage::sync_mode::off});
  ::unsetenv("LINLI_BENCH_STATEMENTS");
  const chat_ref chat{"generic", "g1"};
  storage::transaction tx(*store);
  store->insert_message(chatter(chat, "m0"));

  SECTION("reads only: no statement for the savepoint, released or rolled back") {
    CHECK(statements_in([&] {
            storage::savepoint sp(*store);
            CHECK(store->find_message(chat, "m0"));
            sp.release();
          }) == 1);
    CHECK(statements_in([&] {
            storage::savepoint sp(*store);
            CHECK_FALSE(store->find_message(chat, "m9"));
            sp.rollback();
          }) == 1);
  }
  SECTION("a write opens it first, and a rollback undoes that write") {
    CHECK(statements_in([&] {
            storage::savepoint sp(*store);
            store->insert_message(chatter(chat, "m1"));
            sp.rollback();
          }) == 4);  // SAVEPOINT, INSERT, ROLLBACK TO, RELEASE
    CHECK_FALSE(store->find_message(chat, "m1"));
    CHECK(store->find_message(chat, "m0"));
  }
  SECTION("an inner write opens the outer savepoint too: rolling back the outer undoes it") {
    {
      storage::savepoint outer(*store);
      CHECK(store->find_message(chat, "m0"));
      {
        storage::savepoint inner(*store);
        store->insert_message(chatter(chat, "m2"));
        inner.release();
      }
      CHECK(store->find_message(chat, "m2"));
      outer.rollback();
    }
    CHECK_FALSE(store->find_message(chat, "m2"));
    CHECK(store->find_message(chat, "m0"));
  }
  SECTION("an inner savepoint that only reads leaves the outer one's write alone") {
    {
      storage::savepoint outer(*store);
      store->insert_message(chatter(chat, "m3"));
      {
        storage::savepoint inner(*store);
        CHECK(store->find_message(chat, "m3"));
        inner.rollback();
      }
      outer.release();
    }
    CHECK(store->find_message(chat, "m3"));
  }
  tx.commit();
}
