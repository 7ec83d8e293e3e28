#include "handlers/requests/correction_commands.hpp"

#include <catch2/catch.hpp>

#include "tests/support.hpp"

using namespace linli;
using namespace linli::handlers;

namespace {

// A chat whose messages are kept in the inbox too, as the pipeline keeps them: a correction
// reads the message it names from there.
struct inbox_chat : testing::chat_fixture {
  std::int64_t post(const std::string& who, const std::string& text, bool coordinator = false,
                    const std::string& reply_to = "") {
    const int id = next_id + 1;
    const outcome out = say(who, text, coordinator, reply_to);
    storage::stored_message m;
    m.message.chat = chat;
    m.message.delivery_id = "m" + std::to_string(id);
    m.message.from = {who, who, coordinator ? platform_role::admin : platform_role::member};
    m.message.text = text;
    m.message.received_at_ms = clock_ms;
    m.kind = out.kind;
    m.answers = out.answers;
    last = out;
    storage::transaction tx(*store);
    const std::int64_t seq = store->insert_message(m);
    tx.commit();
    return seq;
  }

  std::string answer() const {
    std::string out;
    for (const linli::reply& r : last.answers) out += r.text + "\n";
    return out;
  }

  outcome last;
};

}  // namespace

TEST_CASE("代登记 logs an unparsed message as the resident's need, dated when they wrote",
          "[correction_commands]") {
  inbox_chat g;
  const std::int64_t seq = g.post("王阿姨", "我家老爷子常用的那个快用完了 3号楼2单元501");
  REQUIRE(g.last.kind == "chatter");
  const std::int64_t written = g.clock_ms;
  g.post("协调员李", "/代登记 " + std::to_string(seq) + " 需求 3号楼2单元501 需要 硝苯地平 2盒",
         true);
  CHECK(g.answer().find("协调员 协调员李 代 王阿姨 登记") != std::string::npos);
  const auto r = g.store->find_request(g.chat, 1);
  REQUIRE(r);
  CHECK(r->requester_id == "王阿姨");
  CHECK(r->items.at(0).name == "硝苯地平");
  CHECK(r->where->building == "3");
  CHECK(r->created_ms == written);
  CHECK(r->message_id == "m1");
  const auto audit = g.store->list_audit(g.chat, 0, 10);
  const bool kept = std::any_of(audit.begin(), audit.end(), [&](const audit_entry& e) {
    return e.action == "correct need" && e.target == std::to_string(seq) + ":#1" &&
           e.actor_name == "协调员李";
  });
  CHECK(kept);

  SECTION("a message is corrected once") {
    g.post("协调员李", "/代登记 " + std::to_string(seq) + " 需求", true);
    CHECK(g.answer().find("已经代登记过了") != std::string::npos);
    CHECK_FALSE(g.store->find_request(g.chat, 2));
  }
}

TEST_CASE("代登记 as an offer, and in reply to the message without its number",
          "[correction_commands]") {
  inbox_chat g;
  g.post("赵大爷", "刚从药店回来 排了很久");  // read as nothing
  REQUIRE(g.last.kind == "chatter");
  g.post("协调员李", "/correct offer 我家有 布洛芬 2盒 可以分享", true, "m1");
  const auto o = g.store->find_offer(g.chat, 1);
  REQUIRE(o);
  CHECK(o->offerer_id == "赵大爷");
  CHECK(o->items.at(0).name == "布洛芬");
}

TEST_CASE("代登记 refuses residents, unknown messages, messages understood and unreadable text",
          "[correction_commands]") {
  inbox_chat g;
  const std::int64_t chatter = g.post("王阿姨", "楼下的快递到了吗");
  const std::int64_t need = g.post("李叔", "5-1-1202 求购 大米10斤");
  const std::string c = std::to_string(chatter);

  g.post("李叔", "/代登记 " + c + " 需求 5号楼 需要 大米");
  CHECK(g.last.kind == "denied");
  g.post("协调员", "/代登记 " + std::to_string(need) + " 需求", true);
  CHECK(g.answer().find("没有未识别的消息") != std::string::npos);
  g.post("协调员", "/代登记 999 需求", true);
  CHECK(g.answer().find("没有未识别的消息 999") != std::string::npos);
  g.post("协调员", "/代登记 " + c, true);
  CHECK(g.answer().find("用法") != std::string::npos);
  g.post("协调员", "/代登记 " + c + " 需求", true);  // the text as written is no need
  CHECK(g.answer().find("读不出需求") != std::string::npos);
  CHECK(g.store->list_requests(g.chat).size() == 1);
}
