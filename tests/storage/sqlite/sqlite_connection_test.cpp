// The SQLite connection: the write-ahead log is checkpointed under steady load with a reader
// querying between the commits, without anyone having to ask for it.

#include <catch2/catch.hpp>

#include <filesystem>

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
