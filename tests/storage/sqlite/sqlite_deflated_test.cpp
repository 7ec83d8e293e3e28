// The inbox's long texts deflated in SQLite (storage/sqlite/sqlite_deflated.hpp): they read back
// exactly, take less room, and a damaged one is an error, never another text.

#include "storage/sqlite/sqlite_deflated.hpp"

#include <zlib.h>

#include <catch2/catch.hpp>

#include "storage/open.hpp"
#include "tests/storage/sqlite/sqlite_test_support.hpp"
#include "tests/support.hpp"

using namespace linli;
using storage::sqlite::inflated;

namespace {

// A value as rows written before zstd hold it: the length, then a zlib stream.
std::string zlib_value(const std::string& text) {
  uLongf size = compressBound(static_cast<uLong>(text.size()));
  std::string out(4 + size, '\0');
  for (std::size_t i = 0; i < 4; ++i) out[i] = static_cast<char>(text.size() >> (8 * i));
  REQUIRE(compress2(reinterpret_cast<Bytef*>(out.data() + 4), &size,
                    reinterpret_cast<const Bytef*>(text.data()), static_cast<uLong>(text.size()),
                    Z_BEST_SPEED) == Z_OK);
  out.resize(4 + size);
  return out;
}

std::string chain_copy(int lines) {
  std::string text = "#接龙 明日志愿者\n限30人\n";
  for (int i = 1; i <= lines; ++i) {
    text += std::to_string(i) + ". 邻居" + std::to_string(i * 7 % 997) + " " +
            std::to_string(i % 12 + 1) + "号楼\n";
  }
  return text;
}

}  // namespace

TEST_CASE("sqlite: long inbox texts are stored deflated and read back exactly", "[sqlite][inbox]") {
  testing::temp_dir dir;
  const auto path = dir.file("deflated.db");
  const std::string long_text = chain_copy(40);
  const std::string reply = "📋 接龙「明日志愿者」\n" + chain_copy(40);
  {
    auto store = storage::open(path);
    storage::stored_message m;
    m.message.chat = {"generic", "g1"};
    m.message.delivery_id = "d1";
    m.message.from = {"u1", "居民", platform_role::member};
    m.message.text = long_text;
    m.kind = "chain_post";
    m.answers = {{reply}, {"短的回复"}};
    store->insert_message(m);
    m.message.delivery_id = "d2";
    m.message.text = "收到";
    m.answers = {{"好"}};
    store->insert_message(m);
  }
  {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    SQLite::Statement q(db,
                        "SELECT typeof(text), typeof(replies), length(text) FROM inbox "
                        "ORDER BY seq");
    REQUIRE(q.executeStep());
    CHECK(q.getColumn(0).getString() == "blob");
    CHECK(q.getColumn(1).getString() == "blob");
    CHECK(q.getColumn(2).getInt() < static_cast<int>(long_text.size()) / 2);
    REQUIRE(q.executeStep());
    CHECK(q.getColumn(0).getString() == "text");  // short: as written
    CHECK(q.getColumn(1).getString() == "text");
  }
  auto store = storage::open(path);
  const auto first = store->find_message({"generic", "g1"}, "d1");
  REQUIRE(first);
  CHECK(first->message.text == long_text);
  REQUIRE(first->answers.size() == 2);
  CHECK(first->answers[0].text == reply);
  CHECK(store->find_message({"generic", "g1"}, "d2")->message.text == "收到");
}

TEST_CASE("sqlite: a deflated value that does not inflate is an error", "[sqlite][inbox]") {
  CHECK(inflated("not deflated", false) == "not deflated");
  CHECK_THROWS(inflated("ab", true));
  CHECK_THROWS(inflated(std::string("\x10\x00\x00\x00garbage", 11), true));
  CHECK_THROWS(inflated(std::string("\xff\xff\xff\xffx", 5), true));  // longer than any text
}

TEST_CASE("sqlite: a value deflated by zlib before zstd still reads", "[sqlite][inbox]") {
  const std::string text = chain_copy(60);
  CHECK(inflated(zlib_value(text), true) == text);
  const auto packed = storage::sqlite::deflated(text);
  REQUIRE(packed);
  CHECK(packed->size() < zlib_value(text).size());
  CHECK(inflated(*packed, true) == text);
  // A damaged frame, or one cut short, is an error, never another text.
  std::string damaged = *packed;
  damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0x5a);
  damaged[damaged.size() - 1] = static_cast<char>(damaged[damaged.size() - 1] ^ 0x5a);
  CHECK_THROWS(inflated(damaged, true));
  CHECK_THROWS(inflated(packed->substr(0, packed->size() - 8), true));
  // A stated length that is not the frame's.
  std::string wrong = *packed;
  wrong[0] = static_cast<char>(wrong[0] + 1);
  CHECK_THROWS(inflated(wrong, true));
}
