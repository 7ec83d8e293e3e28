#include "bot/pipeline/replay.hpp"

#include <catch2/catch.hpp>

#include "bot/pipeline/apply.hpp"
#include "handlers/chains/chain.hpp"
#include "handlers/requests/requests.hpp"
#include "storage/open.hpp"

using namespace linli;

namespace {

// A conversation with forks, leaves, requests through their lifecycle, a redelivery, a group buy
// and donations.
const std::vector<std::tuple<std::string, std::string, bool, std::string>> conversation = {
    {"m1", "协调员", true, "#接龙 明日核酸\n限2人\n\n1. 阿A 上午"},
    {"m2", "阿B", false, "#接龙 明日核酸\n限2人\n\n1. 阿A 上午\n2. 阿B 下午"},
    {"m3", "阿C", false, "#接龙 明日核酸\n限2人\n\n1. 阿A 上午\n2. 阿C 全天"},
    {"m4", "阿B", false, "退出"},
    {"m5", "王五", false, "帮报 张阿姨 3号楼 上午"},
    {"m6", "王阿姨", false, "3号楼2单元501 需要 硝苯地平 2盒 59.9元 急"},
    {"m7", "李叔", false, "5-1-1202 求购 大米10斤"},
    {"m7", "李叔", false, "5-1-1202 求购 大米10斤"},  // redelivered
    {"m8", "小张", false, "认领 #1"},
    {"m9", "小张", false, "已买 #1 实付 58.5元"},
    {"m10", "小张", false, "已送 #1"},
    {"m11", "李叔", false, "取消 #2"},
    {"m12", "协调员", true, "/团购 蔬菜包 68元/份"},
    {"m13", "阿A", false, "3-1-201 2份"},
    {"m14", "协调员", true, "/募捐 100 防疫物资"},
    {"m15", "阿A", false, "捐 120"},
    {"m16", "路人", false, "/hlep"},
    {"m17", "路人", false, "今天辛苦了"},
};

void converse(storage::store& store, const handlers::dispatcher& dispatcher) {
  std::int64_t t = 1669111200000;
  for (const auto& [id, who, admin, text] : conversation) {
    envelope e;
    e.chat = {"generic", "g1"};
    e.delivery_id = id;
    e.from = {who, who, admin ? platform_role::admin : platform_role::member};
    e.text = text;
    e.received_at_ms = (t += 60'000);
    storage::transaction tx(store);
    bot::apply_message(store, dispatcher, e);
    tx.commit();
  }
}

std::vector<std::string> roster_of(storage::store& s) {
  std::vector<std::string> out;
  const auto c = s.latest_chain({"generic", "g1"});
  for (const auto& l : handlers::roster(*c)) {
    out.push_back(std::to_string(l.position) + l.entry->content +
                  (l.status == handlers::entry_status::confirmed ? "+" : "-"));
  }
  return out;
}

std::string requests_of(storage::store& s) {
  std::string out;
  for (const auto& r : s.list_requests({"generic", "g1"})) {
    out += handlers::describe(r, storage::language::zh) + "|" + std::string(to_string(r.status)) +
           "|" + r.claimed_by.value_or("") + "|" + std::to_string(r.spent_cents.value_or(-1)) +
           "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("replay rebuilds the same state from the inbox", "[replay]") {
  handlers::dispatcher dispatcher;
  auto live = storage::open(":memory:");
  converse(*live, dispatcher);

  auto rebuilt = storage::open(":memory:");
  const auto summary = bot::replay(*live, *rebuilt, dispatcher, 5);  // small batches on purpose
  CHECK(summary.messages == 17);  // the redelivery was stored once
  CHECK(summary.changed_replies == 0);
  CHECK(summary.failed == 0);
  CHECK(rebuilt->count_messages() == live->count_messages());

  CHECK(roster_of(*rebuilt) == roster_of(*live));
  CHECK(roster_of(*live).size() == 3);
  CHECK(requests_of(*rebuilt) == requests_of(*live));
  const auto tally_live = handlers::tally(*live, {"generic", "g1"}, "item");
  const auto tally_rebuilt = handlers::tally(*rebuilt, {"generic", "g1"}, "item");
  CHECK(handlers::render_tally(*tally_rebuilt, storage::language::zh) ==
        handlers::render_tally(*tally_live, storage::language::zh));
  const auto buy = rebuilt->open_group_buy({"generic", "g1"});
  REQUIRE(buy);
  REQUIRE(rebuilt->group_buy_orders(buy->id).size() == 1);
  CHECK(rebuilt->group_buy_orders(buy->id)[0].quantity == 2);
  const auto drive = rebuilt->current_drive({"generic", "g1"});
  REQUIRE(drive);
  CHECK(rebuilt->donations(drive->id).size() == 1);
  const auto kinds = [](storage::store& s) {
    std::string out;
    for (const auto& m : s.messages_after(0, 100)) out += m.kind + ",";
    return out;
  };
  CHECK(kinds(*rebuilt) == kinds(*live));
}

TEST_CASE("replay of an empty inbox builds an empty database", "[replay]") {
  handlers::dispatcher dispatcher;
  auto empty = storage::open(":memory:");
  auto target = storage::open(":memory:");
  const auto summary = bot::replay(*empty, *target, dispatcher);
  CHECK(summary.messages == 0);
  CHECK(target->count_messages() == 0);
}
