// Group buys with each household's order, donation drives with their donations.

#include "tests/storage/contract/contract.hpp"
#include "tests/storage/contract/samples.hpp"

using namespace linli;
using contract::chat_a;
using contract::chat_b;

namespace {

group_buy sample_buy(const std::string& title, std::int64_t opened_ms) {
  group_buy g;
  g.chat = chat_a;
  g.title = title;
  g.unit = "份";
  g.unit_price_cents = 3'990;
  g.deadline_ms = 1669122000000;
  g.opened_ms = opened_ms;
  return g;
}

}  // namespace

CONTRACT_TEST("group buys round-trip; the newest open one is the open one", "[group_buys]") {
  auto store = backend.make_store();
  CHECK_FALSE(store->open_group_buy(chat_a));
  group_buy veg = sample_buy("蔬菜包", 100);
  veg.id = store->insert_group_buy(veg);
  const auto open = store->open_group_buy(chat_a);
  REQUIRE(open);
  CHECK(open->id == veg.id);
  CHECK(open->chat == chat_a);
  CHECK(open->title == "蔬菜包");
  CHECK(open->unit == "份");
  CHECK(open->unit_price_cents == 3'990);
  CHECK(open->deadline_ms == 1669122000000);
  CHECK_FALSE(open->closed);
  CHECK(open->opened_ms == 100);
  CHECK_FALSE(store->open_group_buy(chat_b));

  group_buy milk = sample_buy("牛奶", 200);
  milk.deadline_ms.reset();
  milk.id = store->insert_group_buy(milk);
  CHECK(store->open_group_buy(chat_a)->id == milk.id);
  CHECK_FALSE(store->open_group_buy(chat_a)->deadline_ms);
  store->close_group_buy(milk.id);
  CHECK(store->open_group_buy(chat_a)->id == veg.id);
  store->close_group_buy(veg.id);
  CHECK_FALSE(store->open_group_buy(chat_a));

  const auto all = store->group_buys(chat_a, 0);
  REQUIRE(all.size() == 2);
  CHECK(all[0].id == veg.id);
  CHECK(all[0].closed);
  CHECK(all[1].id == milk.id);
  REQUIRE(store->group_buys(chat_a, 150).size() == 1);
  CHECK(store->group_buys(chat_a, 150)[0].title == "牛奶");
  CHECK(store->group_buys(chat_b, 0).empty());
}

CONTRACT_TEST("a household's group buy order is created, replaced, listed by household",
              "[group_buys]") {
  auto store = backend.make_store();
  const auto id = store->insert_group_buy(sample_buy("蔬菜包", 100));
  const auto other = store->insert_group_buy(sample_buy("牛奶", 200));
  CHECK(store->group_buy_orders(id).empty());
  store->save_group_buy_order(id, {"5-1-1202", address{"5", "1", "1202"}, "u1", "李", 2, 10});
  store->save_group_buy_order(id, {"3-2-501", address{"3", "2", "501"}, "u2", "王", 1, 11});
  store->save_group_buy_order(id, {"u9", std::nullopt, "u9", "赵", 3, 12});
  store->save_group_buy_order(other, {"3-2-501", address{"3", "2", "501"}, "u2", "王", 7, 13});
  // The same household again: replaced, whoever sends it.
  store->save_group_buy_order(id, {"3-2-501", address{"3", "2", "501"}, "u3", "王二", 4, 14});

  const auto orders = store->group_buy_orders(id);
  REQUIRE(orders.size() == 3);
  CHECK(orders[0].household == "3-2-501");
  CHECK(orders[0].where == address{"3", "2", "501"});
  CHECK(orders[0].sender_id == "u3");
  CHECK(orders[0].sender_name == "王二");
  CHECK(orders[0].quantity == 4);
  CHECK(orders[0].updated_ms == 14);
  CHECK(orders[1].household == "5-1-1202");
  CHECK(orders[2].household == "u9");
  CHECK_FALSE(orders[2].where);
  REQUIRE(store->group_buy_orders(other).size() == 1);
  CHECK(store->group_buy_orders(other)[0].quantity == 7);
}

CONTRACT_TEST("the latest donation drive is the current one; donations keep their order",
              "[donations]") {
  auto store = backend.make_store();
  CHECK_FALSE(store->current_drive(chat_a));
  const auto first = store->insert_drive({0, chat_a, "爱心捐款", 1'000'000, 100});
  const auto second = store->insert_drive({0, chat_a, "第二期", 50'000, 200});
  store->insert_drive({0, chat_b, "别处", 1, 300});
  const auto current = store->current_drive(chat_a);
  REQUIRE(current);
  CHECK(current->id == second);
  CHECK(current->chat == chat_a);
  CHECK(current->title == "第二期");
  CHECK(current->goal_cents == 50'000);
  CHECK(current->opened_ms == 200);

  store->add_donation(second, {"u1", "张三", 20'000, 210, "m1"});
  store->add_donation(second, {"u2", "李四", 1, 220, "m2"});
  store->add_donation(first, {"u3", "王五", 5'050, 110, "m0"});
  const auto given = store->donations(second);
  REQUIRE(given.size() == 2);
  CHECK(given[0].sender_id == "u1");
  CHECK(given[0].sender_name == "张三");
  CHECK(given[0].cents == 20'000);
  CHECK(given[0].at_ms == 210);
  CHECK(given[0].message_id == "m1");
  CHECK(given[1].cents == 1);
  REQUIRE(store->donations(first).size() == 1);
  CHECK(store->donations(first)[0].cents == 5'050);
}
