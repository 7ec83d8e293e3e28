// The tally's groups (request_store::tally_requests), summed by the store.

#include <algorithm>
#include <limits>
#include <utility>

#include "tests/storage/contract/contract.hpp"
#include "tests/storage/contract/samples.hpp"

using namespace linli;
using contract::chat_a;
using contract::chat_b;
using contract::sample_request;

CONTRACT_TEST("the tally's groups are summed by the store, cancelled needs left out",
              "[requests]") {
  auto store = backend.make_store();
  auto priced = sample_request(chat_a, "u1", address{"3", "2", "501"}, "大米", 100);
  priced.items = {{"大米", 10, "斤", 5990}, {"鸡蛋", 30, "个", 3000}};
  priced.category = "food";
  store->insert_request(priced);
  auto stated = sample_request(chat_a, "u2", address{"3", std::nullopt, "602"}, "大米", 200);
  stated.items = {{"大米", 5, "斤", std::nullopt}, {"大米", 1, std::nullopt, 50}};
  stated.stated_total_cents = 2000;  // the stated total, not the items' 0.50
  store->insert_request(stated);
  auto unpriced = sample_request(chat_a, "u3", std::nullopt, "口罩", 300);
  unpriced.items = {{"口罩", 2, "", std::nullopt}};
  store->insert_request(unpriced);
  auto cancelled = sample_request(chat_a, "u4", address{"3", "1", "101"}, "大米", 400);
  cancelled.items = {{"大米", 100, "斤", 99'999}};
  cancelled.status = request_status::cancelled;
  store->insert_request(cancelled);
  auto other_chat = sample_request(chat_b, "u1", address{"3", "2", "501"}, "大米", 500);
  store->insert_request(other_chat);

  using group = storage::tally_group;
  const auto sorted = [](std::vector<group> groups) {
    std::sort(groups.begin(), groups.end(), [](const group& a, const group& b) {
      return std::pair(a.key, a.unit.value_or("")) < std::pair(b.key, b.unit.value_or(""));
    });
    return groups;
  };
  const auto by_building = sorted(store->tally_requests(chat_a, storage::tally_by::building));
  REQUIRE(by_building.size() == 2);
  CHECK(by_building[0].key.empty());  // no address
  CHECK(by_building[0].requests == 1);
  CHECK(by_building[0].amount_cents == 0);
  CHECK(by_building[1].key == "3");
  CHECK(by_building[1].requests == 2);
  CHECK(by_building[1].amount_cents == 8990 + 2000);

  const auto by_category = sorted(store->tally_requests(chat_a, storage::tally_by::category));
  REQUIRE(by_category.size() == 2);
  CHECK(by_category[0].key == "food");
  CHECK(by_category[0].requests == 1);
  CHECK(by_category[1].key == sample_request(chat_a, "u", std::nullopt, "x", 0).category);
  CHECK(by_category[1].requests == 2);
  CHECK(by_category[1].amount_cents == 2000);

  const auto by_item = sorted(store->tally_requests(chat_a, storage::tally_by::item));
  REQUIRE(by_item.size() == 4);  // 口罩 (no unit), 大米 (none), 大米 斤, 鸡蛋 个
  CHECK(by_item[0].key == "口罩");
  CHECK(by_item[0].unit.value_or("") == "");  // "" and absent are one group
  CHECK(by_item[0].quantity == 2);
  CHECK(by_item[1].key == "大米");
  CHECK_FALSE(by_item[1].unit);
  CHECK(by_item[1].amount_cents == 50);  // an item's own price, whatever the stated total
  CHECK(by_item[2].unit == "斤");
  CHECK(by_item[2].requests == 2);
  CHECK(by_item[2].quantity == 15);
  CHECK(by_item[2].amount_cents == 5990);
  CHECK(by_item[3].key == "鸡蛋");
  CHECK(by_item[3].amount_cents == 3000);

  CHECK(store->tally_requests({"generic", "nobody"}, storage::tally_by::item).empty());
}

CONTRACT_TEST("a tally past 64 bits saturates, never fails or wraps", "[requests]") {
  auto store = backend.make_store();
  for (const char* who : {"u1", "u2"}) {  // as an imported table might hold them
    auto r = sample_request(chat_a, who, address{"3", "2", "501"}, "大米", 100);
    r.stated_total_cents = std::numeric_limits<std::int64_t>::max() / 2 + 1;
    r.items = {{"大米", 1, "袋", std::numeric_limits<std::int64_t>::max()}};
    store->insert_request(r);
  }
  const auto by_building = store->tally_requests(chat_a, storage::tally_by::building);
  REQUIRE(by_building.size() == 1);
  CHECK(by_building[0].requests == 2);
  CHECK(by_building[0].amount_cents == std::numeric_limits<std::int64_t>::max());
  const auto by_item = store->tally_requests(chat_a, storage::tally_by::item);
  REQUIRE(by_item.size() == 1);
  CHECK(by_item[0].amount_cents == std::numeric_limits<std::int64_t>::max());
  CHECK(by_item[0].quantity == 2);
}
