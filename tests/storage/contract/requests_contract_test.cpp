// Supply requests with their items, numbered per chat.

#include "tests/storage/contract/contract.hpp"
#include "tests/storage/contract/samples.hpp"

using namespace linli;
using contract::chat_a;
using contract::chat_b;
using contract::sample_request;

CONTRACT_TEST("requests are numbered per chat from 1 by the store", "[requests]") {
  auto store = backend.make_store();
  auto r1 = sample_request(chat_a, "u1", std::nullopt, "大米", 100);
  r1.number = 99;  // ignored: the store numbers it
  const auto id = store->insert_request(r1);
  CHECK(r1.id == id);
  CHECK(r1.number == 1);
  auto r2 = sample_request(chat_a, "u2", std::nullopt, "鸡蛋", 200);
  store->insert_request(r2);
  CHECK(r2.number == 2);
  CHECK(r2.id != r1.id);
  auto other = sample_request(chat_b, "u1", std::nullopt, "大米", 300);
  store->insert_request(other);
  CHECK(other.number == 1);
  auto third = sample_request(chat_a, "u3", std::nullopt, "面粉", 400);
  store->insert_request(third);
  CHECK(third.number == 3);
  CHECK(store->find_request(chat_a, 2)->requester_id == "u2");
  CHECK(store->find_request(chat_b, 1)->id == other.id);
  CHECK_FALSE(store->find_request(chat_b, 2));
}

CONTRACT_TEST("a request round-trips every field, money in cents", "[requests]") {
  auto store = backend.make_store();
  auto r = sample_request(chat_a, "u1", address{"3", "2", "501"}, "硝苯地平", 100);
  r.items.push_back({"大米", 10, "斤", std::nullopt});
  r.items.push_back({"口罩", 1, std::nullopt, 2'290'170});  // ¥22,901.70
  r.urgent = true;
  r.status = request_status::bought;
  r.claimed_by = "v1";
  r.claimed_by_name = "志愿者小李";
  r.stated_total_cents = 13'600;
  r.spent_cents = 9'007'199'254'740'993;  // beyond a double's exact integers
  r.duplicate_of = 7;
  r.updated_ms = 150;
  store->insert_request(r);

  const auto found = store->find_request(chat_a, r.number);
  REQUIRE(found);
  CHECK(found->id == r.id);
  CHECK(found->chat == chat_a);
  CHECK(found->number == 1);
  CHECK(found->requester_id == "u1");
  CHECK(found->requester_name == "王阿姨");
  CHECK(found->where == address{"3", "2", "501"});
  CHECK(found->items == r.items);
  CHECK(found->category == "medicine");
  CHECK(found->urgent);
  CHECK(found->status == request_status::bought);
  CHECK(found->claimed_by == "v1");
  CHECK(found->claimed_by_name == "志愿者小李");
  CHECK(found->stated_total_cents == 13'600);
  CHECK(found->spent_cents == 9'007'199'254'740'993);
  CHECK(found->duplicate_of == 7);
  CHECK(found->text == "需要 硝苯地平");
  CHECK(found->message_id == "m-u1");
  CHECK(found->created_ms == 100);
  CHECK(found->updated_ms == 150);

  auto bare = sample_request(chat_a, "u2", std::nullopt, "x", 200);
  bare.items = {{"鸡蛋", 1, std::nullopt, std::nullopt}};
  store->insert_request(bare);
  const auto plain = store->find_request(chat_a, bare.number);
  REQUIRE(plain);
  CHECK_FALSE(plain->where);
  CHECK(plain->items == bare.items);
  CHECK_FALSE(plain->urgent);
  CHECK(plain->status == request_status::open);
  CHECK_FALSE(plain->claimed_by);
  CHECK_FALSE(plain->claimed_by_name);
  CHECK_FALSE(plain->stated_total_cents);
  CHECK_FALSE(plain->spent_cents);
  CHECK_FALSE(plain->duplicate_of);

  auto partial = sample_request(chat_a, "u3", address{"12", std::nullopt, "602"}, "胰岛素", 300);
  partial.items.clear();
  store->insert_request(partial);
  const auto loaded = store->find_request(chat_a, partial.number);
  REQUIRE(loaded);
  CHECK(loaded->where == address{"12", std::nullopt, "602"});
  CHECK(loaded->items.empty());
}

CONTRACT_TEST("updating a request saves what may change and replaces its items", "[requests]") {
  auto store = backend.make_store();
  auto r = sample_request(chat_a, "u1", address{"3", "2", "501"}, "大米", 100);
  r.claimed_by = "v1";
  r.duplicate_of = 3;
  store->insert_request(r);

  r.where = address{"4", std::nullopt, std::nullopt};
  r.items = {{"面粉", 5, "斤", 2'500}};
  r.category = "food";
  r.urgent = true;
  r.status = request_status::delivered;
  r.claimed_by.reset();
  r.claimed_by_name = "小王";
  r.stated_total_cents = 100;
  r.spent_cents = 0;
  r.duplicate_of.reset();
  r.text = "改 需要 面粉";
  r.updated_ms = 900;
  store->update_request(r);

  const auto found = store->find_request(chat_a, 1);
  REQUIRE(found);
  CHECK(found->where == address{"4", std::nullopt, std::nullopt});
  CHECK(found->items == r.items);
  CHECK(found->category == "food");
  CHECK(found->urgent);
  CHECK(found->status == request_status::delivered);
  CHECK_FALSE(found->claimed_by);
  CHECK(found->claimed_by_name == "小王");
  CHECK(found->stated_total_cents == 100);
  CHECK(found->spent_cents == 0);
  CHECK_FALSE(found->duplicate_of);
  CHECK(found->text == "改 需要 面粉");
  CHECK(found->updated_ms == 900);
  CHECK(found->created_ms == 100);
  CHECK(found->number == 1);

  r.where.reset();
  r.items.clear();
  store->update_request(r);
  CHECK_FALSE(store->find_request(chat_a, 1)->where);
  CHECK(store->find_request(chat_a, 1)->items.empty());
}

CONTRACT_TEST("a chat's requests are listed oldest first from a time on", "[requests]") {
  auto store = backend.make_store();
  for (int i = 0; i < 4; ++i) {
    auto r = sample_request(chat_a, "u" + std::to_string(i), std::nullopt, "大米", 100 * (i + 1));
    store->insert_request(r);
  }
  auto other = sample_request(chat_b, "x", std::nullopt, "大米", 250);
  store->insert_request(other);

  const auto all = store->list_requests(chat_a);
  REQUIRE(all.size() == 4);
  for (int i = 0; i < 4; ++i) CHECK(all[static_cast<std::size_t>(i)].number == i + 1);
  CHECK(all[0].items.size() == 1);
  const auto later = store->list_requests(chat_a, 200);
  REQUIRE(later.size() == 3);
  CHECK(later[0].created_ms == 200);
  CHECK(store->list_requests(chat_a, 401).empty());
  CHECK(store->list_requests(chat_b).size() == 1);
}

CONTRACT_TEST("a long list of items is stored whole and in order", "[requests]") {
  // The items go in multi-row INSERTs of at most 8 rows: 1, 8, 9 and 19 items cross the chunks.
  auto store = backend.make_store();
  for (const int count : {1, 8, 9, 19}) {
    auto r = sample_request(chat_a, "u" + std::to_string(count), std::nullopt, "大米", count);
    r.items.clear();
    for (int i = 0; i < count; ++i) {
      r.items.push_back({"物品" + std::to_string(i), i + 1,
                         i % 2 ? std::optional<std::string>("盒") : std::nullopt,
                         i % 3 ? std::optional<std::int64_t>(i * 100) : std::nullopt});
    }
    store->insert_request(r);
    const auto found = store->find_request(chat_a, r.number);
    REQUIRE(found);
    CHECK(found->items == r.items);
    r.items.pop_back();
    store->update_request(r);
    CHECK(store->find_request(chat_a, r.number)->items == r.items);
  }
}

namespace {

std::vector<int> numbers(const storage::request_page& page) {
  std::vector<int> out;
  for (const auto& r : page.requests) out.push_back(r.number);
  return out;
}

// Six needs of chat_a (numbered 1 to 6 as listed) and one of chat_b, for the board's filters.
void fill_board(storage::store& store) {
  auto r1 = sample_request(chat_a, "u1", address{"3", "2", "501"}, "硝苯地平", 100);
  auto r2 = sample_request(chat_a, "u2", address{"12", std::nullopt, "602"}, "Rice", 200);
  r2.requester_name = "Li";
  r2.category = "food";
  r2.urgent = true;
  r2.status = request_status::claimed;
  r2.text = "Need RICE 10斤";
  auto r3 = sample_request(chat_a, "u3", std::nullopt, "胰岛素", 300);
  r3.urgent = true;
  r3.text = "急 需冷藏";  // found by its item alone
  auto r4 = sample_request(chat_a, "u4", address{"3", std::nullopt, std::nullopt}, "冰袋", 50);
  r4.category = "cold_chain";
  r4.status = request_status::delivered;
  auto r5 = sample_request(chat_a, "u5", std::nullopt, "水果", 400);
  r5.category = "other";
  r5.status = request_status::cancelled;
  r5.text = "Äpfel 2kg";
  auto r6 = sample_request(chat_a, "u6", address{"12", "1", "101"}, "纸巾", 100);
  r6.category = "daily";
  for (auto* r : {&r1, &r2, &r3, &r4, &r5, &r6}) store.insert_request(*r);
  auto other = sample_request(chat_b, "u1", address{"3", "2", "501"}, "硝苯地平", 100);
  store.insert_request(other);
}

}  // namespace

CONTRACT_TEST("the board sorts a chat's requests in each order and pages them", "[requests]") {
  auto store = backend.make_store();
  fill_board(*store);
  board_query q;
  const auto all = store->board_requests(chat_a, q);
  // Open before claimed before delivered before cancelled; urgent, then medicine before daily.
  CHECK(numbers(all) == std::vector<int>{3, 1, 6, 2, 4, 5});
  CHECK(all.total == 6);
  REQUIRE(all.requests.size() == 6);
  CHECK(all.requests[1].items == std::vector<request_item>{{"硝苯地平", 2, "盒", 5990}});
  CHECK(all.requests[1].where == address{"3", "2", "501"});
  CHECK(all.requests[3].text == "Need RICE 10斤");
  q.sort = board_sort::newest;  // ties on the time broken by the number
  CHECK(numbers(store->board_requests(chat_a, q)) == std::vector<int>{5, 3, 2, 6, 1, 4});
  q.sort = board_sort::oldest;
  CHECK(numbers(store->board_requests(chat_a, q)) == std::vector<int>{4, 1, 6, 2, 3, 5});
  q.sort = board_sort::number;
  CHECK(numbers(store->board_requests(chat_a, q)) == std::vector<int>{1, 2, 3, 4, 5, 6});

  q.sort = board_sort::priority;
  q.offset = 2;
  q.limit = 2;
  auto page = store->board_requests(chat_a, q);
  CHECK(numbers(page) == std::vector<int>{6, 2});
  CHECK(page.total == 6);
  q.offset = 5;
  q.limit = 10;
  CHECK(numbers(store->board_requests(chat_a, q)) == std::vector<int>{5});
  for (const int past : {6, 100}) {
    q.offset = past;
    page = store->board_requests(chat_a, q);
    CHECK(page.requests.empty());
    CHECK(page.total == 6);
  }
  q.offset = -3;  // as 0
  q.limit = 1;
  CHECK(numbers(store->board_requests(chat_a, q)) == std::vector<int>{3});
  q.limit = 0;
  page = store->board_requests(chat_a, q);
  CHECK(page.requests.empty());
  CHECK(page.total == 6);

  // The chat's own list: open ones only, urgent medicine, medicine, then the rest by age.
  q = board_query{};
  q.open_only = true;
  q.sort = board_sort::pressing;
  page = store->board_requests(chat_a, q);
  CHECK(numbers(page) == std::vector<int>{3, 1, 6, 2});
  CHECK(page.total == 4);
  REQUIRE(page.requests.size() == 4);
  CHECK(page.requests[1].items == std::vector<request_item>{{"硝苯地平", 2, "盒", 5990}});
  q.offset = 1;
  q.limit = 2;
  page = store->board_requests(chat_a, q);
  CHECK(numbers(page) == std::vector<int>{1, 6});
  CHECK(page.total == 4);

  const auto other = store->board_requests(chat_b, {});
  CHECK(numbers(other) == std::vector<int>{1});
  CHECK(store->board_requests({"generic", "nobody"}, {}).total == 0);
}

CONTRACT_TEST("the chat's list puts urgent medicine first, then by class and age", "[requests]") {
  auto store = backend.make_store();
  struct need {
    const char* category;
    bool urgent;
    std::int64_t at_ms;
    request_status status = request_status::open;
  };
  const need needs[] = {{"food", true, 1},
                        {"medicine", false, 2},
                        {"cold_chain", false, 3, request_status::claimed},
                        {"medicine", true, 4, request_status::bought},
                        {"medicine", false, 0},
                        {"daily", false, 6, request_status::delivered},
                        {"food", false, 7, request_status::cancelled}};
  for (const need& n : needs) {
    auto r = sample_request(chat_a, "u1", std::nullopt, "物品", n.at_ms);
    r.category = n.category;
    r.urgent = n.urgent;
    r.status = n.status;
    store->insert_request(r);
  }
  board_query q;
  q.open_only = true;
  q.sort = board_sort::pressing;
  const auto page = store->board_requests(chat_a, q);
  CHECK(numbers(page) == std::vector<int>{4, 5, 2, 3, 1});
  CHECK(page.total == 5);
}

CONTRACT_TEST("the board's filters each hold, together, in the store", "[requests]") {
  auto store = backend.make_store();
  fill_board(*store);
  const auto found = [&](const board_query& q) {
    const auto page = store->board_requests(chat_a, q);
    CHECK(page.total == static_cast<std::int64_t>(page.requests.size()));
    return numbers(page);
  };
  board_query q;
  q.status = request_status::open;
  CHECK(found(q) == std::vector<int>{3, 1, 6});
  q = {};
  q.category = "medicine";
  CHECK(found(q) == std::vector<int>{3, 1});
  q = {};
  q.building = "12";
  CHECK(found(q) == std::vector<int>{6, 2});
  q.building = "3";  // the building exactly; a need without an address has none
  CHECK(found(q) == std::vector<int>{1, 4});
  q.building = "1";
  CHECK(found(q).empty());
  q = {};
  q.urgent_only = true;
  CHECK(found(q) == std::vector<int>{3, 2});

  q = {};
  for (const char* rice : {"rice", "RICE", "Rice", "ce 10"}) {  // text and item, any case
    q.text = rice;
    CHECK(found(q) == std::vector<int>{2});
  }
  q.text = "lI";  // the requester's name
  CHECK(found(q) == std::vector<int>{2});
  q.text = "胰岛素";  // an item's name only
  CHECK(found(q) == std::vector<int>{3});
  q.text = "王阿姨";
  CHECK(found(q) == std::vector<int>{3, 1, 6, 4, 5});
  q.text = "Äpfel";
  CHECK(found(q) == std::vector<int>{5});
  q.text = "äpfel";  // letters beyond ASCII compared exactly
  CHECK(found(q).empty());
  q.text = "PFEL";
  CHECK(found(q) == std::vector<int>{5});
  for (const char* wild : {"%", "_", "'", "\\"}) {  // no pattern characters, no quoting
    q.text = wild;
    CHECK(found(q).empty());
  }

  q = {};  // every filter must hold
  q.status = request_status::open;
  q.text = "硝苯地平";
  CHECK(found(q) == std::vector<int>{1});
  q.category = "food";
  CHECK(found(q).empty());
  q = {};
  q.urgent_only = true;
  q.category = "food";
  q.building = "12";
  q.status = request_status::claimed;
  q.text = "need";
  CHECK(found(q) == std::vector<int>{2});
}
