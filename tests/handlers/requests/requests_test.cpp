#include "handlers/requests/requests.hpp"

#include <catch2/catch.hpp>

#include "storage/open.hpp"

using namespace linli;
using namespace linli::handlers;

namespace {

supply_request make(int number, std::string category, bool urgent, std::int64_t created,
                    request_status status = request_status::open) {
  supply_request r;
  r.number = number;
  r.category = std::move(category);
  r.urgent = urgent;
  r.created_ms = created;
  r.status = status;
  return r;
}

}  // namespace

TEST_CASE("requested_cents prefers the stated total", "[requests]") {
  supply_request r;
  CHECK_FALSE(requested_cents(r));
  r.items = {{"大米", 1, "袋", 5990}, {"鸡蛋", 30, "个", std::nullopt}, {"油", 1, "桶", 10}};
  CHECK(requested_cents(r) == 6000);
  r.stated_total_cents = 13600;
  CHECK(requested_cents(r) == 13600);
}

TEST_CASE("format_cents writes yuan with two decimals", "[requests]") {
  CHECK(format_cents(0) == "0.00");
  CHECK(format_cents(5) == "0.05");
  CHECK(format_cents(5990) == "59.90");
  CHECK(format_cents(2290170) == "22901.70");
  CHECK(format_cents(-150) == "-1.50");
}

TEST_CASE("tally groups by building, item and category and skips cancelled", "[requests]") {
  supply_request a = make(1, "food", false, 1);
  a.where = address{"3", "2", "501"};
  a.items = {{"大米", 10, "斤", 5990}, {"鸡蛋", 30, "个", 3000}};
  supply_request b = make(2, "medicine", false, 2);
  b.where = address{"3", std::nullopt, "602"};
  b.items = {{"大米", 5, "斤", std::nullopt}};
  b.stated_total_cents = 2000;
  supply_request c = make(3, "food", false, 3);
  c.items = {{"大米", 2, "袋", 100}};
  supply_request cancelled = make(4, "food", false, 4, request_status::cancelled);
  cancelled.items = {{"大米", 100, "斤", 99999}};
  auto store = storage::open(":memory:");
  const chat_ref chat{"generic", "g1"};
  for (supply_request* r : {&a, &b, &c, &cancelled}) {
    r->chat = chat;
    store->insert_request(*r);
  }
  supply_request elsewhere = make(1, "food", false, 5);  // another chat's: not tallied
  elsewhere.chat = {"generic", "g2"};
  elsewhere.items = {{"大米", 7, "斤", 700}};
  store->insert_request(elsewhere);

  const auto building = tally(*store, chat, "building");
  REQUIRE(building);
  REQUIRE(building->rows.size() == 2);
  CHECK(building->rows[0].key == "3");
  CHECK(building->rows[0].requests == 2);
  CHECK(building->rows[0].amount_cents == 8990 + 2000);
  CHECK(building->rows[1].key == "unknown");
  CHECK(building->requests == 3);
  CHECK(building->amount_cents == 8990 + 2000 + 100);

  const auto item = tally(*store, chat, "item");
  REQUIRE(item);
  REQUIRE(item->rows.size() == 3);  // 大米 斤, 大米 袋, 鸡蛋 个
  CHECK(item->rows[0].key == "大米");
  CHECK(item->rows[0].quantity == 15);
  CHECK(item->rows[0].unit == "斤");
  CHECK(item->rows[0].amount_cents == 5990);
  CHECK(item->rows[0].requests == 2);
  CHECK(item->rows[1].unit == "袋");
  CHECK(item->rows[1].amount_cents == 100);
  CHECK(item->rows[2].key == "鸡蛋");
  CHECK(item->rows[2].quantity == 30);
  CHECK(item->requests == 3);  // requests, not items
  CHECK(item->amount_cents == building->amount_cents);

  const auto category = tally(*store, chat, "category");
  REQUIRE(category);
  REQUIRE(category->rows.size() == 2);
  CHECK(category->rows[0].key == "food");
  CHECK(category->rows[0].requests == 2);
  CHECK(category->rows[0].amount_cents == 8990 + 100);
  CHECK(category->rows[1].key == "medicine");
  CHECK(category->rows[1].amount_cents == 2000);
  CHECK_FALSE(tally(*store, chat, "colour"));
  CHECK(tally(*store, {"generic", "none"}, "building")->rows.empty());
}
