#include "bot/import/exports.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

using namespace linli;
using namespace linli::bot::imports;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(LINLI_FIXTURES) + "/import/" + name, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

const handlers::time_zone& shanghai() {
  return handlers::time_zone::shanghai();
}

// 2022-04-12 09:10:11 in Shanghai (UTC+8), in milliseconds.
constexpr std::int64_t at_0910_11 = 1649725811000;

}  // namespace

TEST_CASE("local export times are read in the zone given", "[import]") {
  CHECK(read_local_time("2022-04-12 09:10:11", shanghai()) == at_0910_11);
  const auto* utc = handlers::time_zone::find("UTC");
  REQUIRE(utc != nullptr);
  CHECK(read_local_time("2022-04-12 01:10:11", *utc) == at_0910_11);
  for (const char* bad : {"2022-04-12 9:10:11", "2022-13-12 09:10:11", "2022-04-12 24:10:11",
                          "2022-04-12T09:10:11", "13/04/2022 08:21", "", "2022-04-12 09:10:1x"}) {
    CHECK(read_local_time(bad, shanghai()) == -1);
  }
}

TEST_CASE("a MemoTrace TXT export is read record by record", "[import]") {
  const history h = read_memotrace_txt(fixture("memotrace.txt"), shanghai());
  CHECK(h.unread.empty());
  REQUIRE(h.messages.size() == 13);

  const exported_message& join = h.messages[0];
  CHECK(join.system);
  CHECK(join.line == 1);
  CHECK(join.text == "\"王芳\"邀请\"刘洋\"加入了群聊");

  const exported_message& chain = h.messages[1];
  CHECK_FALSE(chain.system);
  CHECK(chain.sender_name == "张老师");
  CHECK(chain.sender_id.empty());  // the format has no ids
  CHECK(chain.text == "#接龙 明天核酸志愿者 8:00-12:00\n1. 张老师\n2. 李强 有车");

  const exported_message& need = h.messages[3];
  CHECK(need.time_ms == at_0910_11);
  CHECK(need.text == "3号楼2单元501 需要 硝苯地平 2盒\n老人降压药快吃完了");
  CHECK(h.messages[4].text == "[图片]");
  CHECK(h.messages[6].system);            // a recall
  CHECK(h.messages[7].text == "[表情]");  // a sticker, its trailing space gone

  const exported_message& reply = h.messages.back();
  CHECK(reply.text == "名单");
  REQUIRE(reply.quotes.size() == 1);
  CHECK(reply.quotes[0].sender_name == "张老师");
  CHECK(reply.quotes[0].text == "#接龙 明天核酸志愿者 8:00-12:00\n1. 张老师\n2. 李强 有车");
}

TEST_CASE("MemoTrace v2: system text on its header, ASCII brackets and quote, CRLF, BOM",
          "[import]") {
  const std::string v2 =
      "\xEF\xBB\xBF"
      "2022-04-12 09:00:00 \"王五\" 撤回了一条消息\r\n\r\n"
      "2022-04-12 09:01:00 王芳\r\n[图片]\r\n\r\n"
      "2022-04-12 09:02:00 陈静\r\n有的\r\n引用:王芳:[图片]\r\n\r\n";
  const history h = read_memotrace_txt(v2, shanghai());
  REQUIRE(h.messages.size() == 3);
  CHECK(h.messages[0].system);
  CHECK(h.messages[0].text == "\"王五\" 撤回了一条消息");
  CHECK(h.messages[1].text == "[图片]");
  CHECK(h.messages[2].text == "有的");
  REQUIRE(h.messages[2].quotes.size() == 1);
  CHECK(h.messages[2].quotes[0].sender_name == "王芳");
  CHECK(h.messages[2].quotes[0].text == "[图片]");
}

TEST_CASE("text before the first header is kept as unreadable, with its line", "[import]") {
  const history h =
      read_memotrace_txt("聊天记录导出\n\n2022-04-12 09:00:00 王芳\n你好", shanghai());
  REQUIRE(h.unread.size() == 1);
  CHECK(h.unread[0].line == 1);
  CHECK(h.unread[0].text == "聊天记录导出");
  REQUIRE(h.messages.size() == 1);
  CHECK(h.messages[0].line == 3);
}

TEST_CASE("a chatlog CSV export: ids, nicknames, quotes, media, broken rows", "[import]") {
  const history h = read_chatlog_csv(fixture("chatlog.csv"), shanghai());
  REQUIRE(h.messages.size() == 6);
  CHECK(h.messages[0].system);
  const exported_message& need = h.messages[1];
  CHECK(need.line == 3);
  CHECK(need.sender_id == "wxid_zhaomin01");
  CHECK(need.sender_name == "赵敏");
  CHECK(need.text == "5-1-302 需要 布洛芬 1盒\n孩子发烧38度5");
  CHECK(h.messages[2].text == "[图片]");
  const exported_message& reply = h.messages[3];
  CHECK(reply.text == "我家有，等下放你家门口");
  REQUIRE(reply.quotes.size() == 1);
  CHECK(reply.quotes[0].sender_id == "wxid_zhaomin01");
  CHECK(reply.quotes[0].text == "5-1-302 需要 布洛芬 1盒\n孩子发烧38度5");
  CHECK(h.messages[4].sender_name == "wxid_selfowner");  // the exporter's own, no nickname
  CHECK(h.messages[5].text == "[语音]");

  REQUIRE(h.unread.size() == 2);
  CHECK(h.unread[0].line == 11);
  CHECK(h.unread[0].reason == "has 4 fields, not 6");
  CHECK(h.unread[1].line == 13);
}

TEST_CASE("a CSV without chatlog's header is unreadable as a whole", "[import]") {
  const history h = read_chatlog_csv("a,b,c\n1,2,3\n", shanghai());
  CHECK(h.messages.empty());
  REQUIRE(h.unread.size() == 2);
  CHECK(h.unread[0].line == 1);
}

TEST_CASE("linli's own JSON lines", "[import]") {
  const history h = read_linli_jsonl(fixture("linli.jsonl"), shanghai());
  REQUIRE(h.messages.size() == 2);
  CHECK(h.messages[0].export_id == "h1");
  CHECK(h.messages[0].sender_id == "u-wang");
  CHECK(h.messages[0].time_ms == at_0910_11);
  REQUIRE(h.unread.size() == 2);
  CHECK(h.unread[0].line == 3);
  CHECK(h.unread[0].reason == "not JSON");
  CHECK(h.unread[1].reason == "no \"sender.id\"");
}

TEST_CASE("formats are found by name", "[import]") {
  for (const char* name : {"memotrace-txt", "chatlog-csv", "linli-jsonl"}) {
    REQUIRE(find_export_format(name) != nullptr);
    CHECK(find_export_format(name)->name == name);
  }
  CHECK(find_export_format("qq-mht") == nullptr);
}
