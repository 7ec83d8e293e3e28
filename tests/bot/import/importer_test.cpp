#include "bot/import/importer.hpp"

#include <catch2/catch.hpp>

#include "storage/open.hpp"

using namespace linli;
using namespace linli::bot::imports;

namespace {

exported_message said(std::string name, std::string text, std::int64_t minute) {
  exported_message m;
  m.sender_name = std::move(name);
  m.text = std::move(text);
  m.time_ms = 1649725200000 + minute * 60'000;
  return m;
}

history conversation() {
  history h;
  h.messages.push_back(said("张老师", "#接龙 明天核酸\n1. 张老师", 0));
  h.messages.push_back(said("刘洋", "#接龙 明天核酸\n1. 张老师\n2. 刘洋", 1));
  h.messages.push_back(said("王芳", "3号楼2单元501 需要 硝苯地平 2盒", 2));
  h.messages.push_back(said("王芳", "谢谢", 3));
  h.messages.push_back(said("王芳", "谢谢", 3));  // the same words at the same minute: two messages
  exported_message reply = said("刘洋", "名单", 4);
  reply.quotes.push_back({"", "张老师", "#接龙 明天核酸"});
  h.messages.push_back(reply);
  exported_message join = said("", "\"王芳\"邀请\"刘洋\"加入了群聊", 5);
  join.system = true;
  h.messages.push_back(join);
  return h;
}

const chat_ref chat{"onebot12", "grp1"};

}  // namespace

TEST_CASE("an import applies each message once, in order, at its own time", "[import]") {
  auto store = storage::open(":memory:");
  const handlers::dispatcher dispatcher;
  const import_summary s = import_history(*store, dispatcher, chat, conversation());
  CHECK(s.messages == 6);
  CHECK(s.system == 1);
  CHECK(s.already == 0);
  CHECK(s.kinds.at("chain_post") == 2);
  CHECK(s.kinds.at("request") == 1);
  CHECK(s.kinds.at("command") == 1);  // 名单, answering the chain it quotes

  const auto rows = store->messages_after(0, 100);
  REQUIRE(rows.size() == 6);
  CHECK(rows[0].message.from.id == "name:张老师");
  CHECK(rows[2].message.received_at_ms == 1649725200000 + 2 * 60'000);
  CHECK(rows[3].message.delivery_id != rows[4].message.delivery_id);
  CHECK(rows[5].message.reply_to == rows[0].message.delivery_id);

  const import_summary again = import_history(*store, dispatcher, chat, conversation());
  CHECK(again.messages == 0);
  CHECK(again.already == 6);
  CHECK(store->messages_after(0, 100).size() == 6);
}

TEST_CASE("a dry run applies everything and keeps nothing", "[import]") {
  auto store = storage::open(":memory:");
  const handlers::dispatcher dispatcher;
  const import_summary s =
      import_history(*store, dispatcher, chat, conversation(), {.dry_run = true});
  CHECK(s.messages == 6);
  CHECK(s.kinds.at("request") == 1);
  CHECK(store->messages_after(0, 100).empty());
}

TEST_CASE("progress is reported after each batch", "[import]") {
  auto store = storage::open(":memory:");
  const handlers::dispatcher dispatcher;
  std::vector<std::size_t> seen;
  import_options options;
  options.batch = 4;
  options.progress = [&](std::size_t done, std::size_t total) {
    CHECK(total == 6);
    seen.push_back(done);
  };
  import_history(*store, dispatcher, chat, conversation(), options);
  CHECK(seen == std::vector<std::size_t>{4, 6});
}

TEST_CASE("delivery ids depend on the export alone", "[import]") {
  exported_message m = said("王芳", "谢谢", 3);
  const std::string id = delivery_id_of(chat, m, 0);
  CHECK(id.starts_with("import:"));
  CHECK(id.size() == 27);
  CHECK(delivery_id_of(chat, m, 0) == id);
  CHECK(delivery_id_of(chat, m, 1) != id);
  CHECK(delivery_id_of({"onebot12", "other"}, m, 0) != id);
  m.export_id = "4911202398765432101";  // an id in the export names the message by itself
  CHECK(delivery_id_of(chat, m, 0) == delivery_id_of(chat, m, 7));
}
