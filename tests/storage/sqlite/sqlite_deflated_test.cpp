// The inbox's long texts deflated in SQLite (storage/sqlite/sqlite_deflated.hpp): they read back
// exactly, take less room, and a damaged one is an error, never another text.

#include "storage/sqlite/sqlite_deflated.hpp"

#include <zlib.h>
#include <zstd.h>

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

// A value as rows written with zstd before the dictionary (schema version 15) hold it: the
// length, then a frame made without a dictionary.
std::string zstd_value(const std::string& text) {
  std::string out(4 + ZSTD_compressBound(text.size()), '\0');
  for (std::size_t i = 0; i < 4; ++i) out[i] = static_cast<char>(text.size() >> (8 * i));
  const std::size_t size =
      ZSTD_compress(out.data() + 4, out.size() - 4, text.data(), text.size(), 1);
  REQUIRE_FALSE(ZSTD_isError(size));
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

TEST_CASE("sqlite: values deflated before the dictionary still read", "[sqlite][inbox]") {
  const std::string text = chain_copy(60);
  CHECK(inflated(zlib_value(text), true) == text);
  CHECK(inflated(zstd_value(text), true) == text);
  // A stated length that is not the frame's.
  std::string wrong = zstd_value(text);
  wrong[0] = static_cast<char>(wrong[0] + 1);
  CHECK_THROWS(inflated(wrong, true));
}

TEST_CASE("sqlite: a value deflated with the dictionary reads back, damaged it is an error",
          "[sqlite][inbox]") {
  const std::string text = chain_copy(60);
  const auto packed = storage::sqlite::deflated(text);
  REQUIRE(packed);
  CHECK(packed->size() < zstd_value(text).size());
  CHECK(inflated(*packed, true) == text);
  std::string damaged = *packed;
  damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0x5a);
  damaged[damaged.size() - 1] = static_cast<char>(damaged[damaged.size() - 1] ^ 0x5a);
  CHECK_THROWS(inflated(damaged, true));
  CHECK_THROWS(inflated(packed->substr(0, packed->size() - 8), true));
  // A frame naming a dictionary (ID 7) this linli has not got: the header descriptor's low bits
  // say a one-byte dictionary ID follows it.
  std::string named =
      packed->substr(0, 4) + static_cast<char>((*packed)[4] | 0x01) + '\x07' + packed->substr(5);
  REQUIRE(ZSTD_getDictID_fromFrame(named.data(), named.size()) == 7);
  CHECK_THROWS_WITH(inflated(named, true), Catch::Contains("dictionary"));
}

TEST_CASE("sqlite: even a short reply list is deflated, by the catalogue's dictionary",
          "[sqlite][inbox]") {
  const std::string replies =
      R"(["📋 新接龙「明日志愿者」，限30人。复制全文，在末尾加上自己的一行即可报名。",)"
      R"("✅ 已登记：邻居（第1位）（接龙「明日志愿者」）"])";
  const auto packed = storage::sqlite::deflated(replies, storage::sqlite::reply_list);
  REQUIRE(packed);
  CHECK(packed->size() < replies.size() / 2);
  CHECK(inflated(*packed, true) == replies);
  CHECK_FALSE(storage::sqlite::deflated(replies.substr(0, 100)));  // not a long text
  CHECK_FALSE(storage::sqlite::deflated(R"(["好"])", storage::sqlite::reply_list));
}

TEST_CASE("sqlite: the dictionary rows were deflated with never changes", "[sqlite][inbox]") {
  // Changing it would make every value deflated since schema version 16 unreadable: add a new
  // dictionary beside it instead (storage/sqlite/dictionaries/).
  std::uint64_t hash = 1469598103934665603ull;  // FNV-1a, 64 bits
  for (const unsigned char c : storage::sqlite::dictionary_v1()) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  CHECK(storage::sqlite::dictionary_v1().size() == 37796);
  CHECK(hash == 0x30f34ee4f409e73cull);
  // A reply list as linli deflated it when version 1 shipped.
  const std::string frame(
      "\x28\xb5\x2f\xfd\x20\xb8\xe5\x01\x00\xd0\xe6\x98\x8e\xe6\x97\xa5\xe9\x99\x90\x33\x30\xe4"
      "\xba\xba\x2c\xe9\x82\xbb\xe5\xb1\x85\x31\x88\x89\x22\x5d\x09\x00\x11\x73\x05\x3a\xf0\x5d"
      "\x05\x85\x61\xf5\x96\xb0\xf9\x76\xf7\x60\x92\xb9\xfe\x8c\x30\x68\xa7\x28\xd8\x83\x71\xe0"
      "\x91\x09\x20",
      69);
  CHECK(inflated(frame, true) ==
        R"(["📋 新接龙「明日志愿者」，限30人。复制全文，在末尾加上自己的一行即可报名。",)"
        R"("✅ 已登记：邻居（第1位）（接龙「明日志愿者」）"])");
}
