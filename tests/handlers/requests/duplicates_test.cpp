#include "handlers/requests/duplicates.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <vector>

#include "storage/open.hpp"

using namespace linli;
using handlers::find_possible_duplicate;

namespace {

const chat_ref chat{"generic", "g1"};
const address home{"3", "2", "501"};

supply_request request(std::string requester, std::optional<address> where, std::string item,
                       std::int64_t at) {
  supply_request r;
  r.chat = chat;
  r.requester_id = std::move(requester);
  r.where = std::move(where);
  r.items = {{std::move(item), 1, std::nullopt, std::nullopt}};
  r.category = "food";
  r.created_ms = r.updated_ms = at;
  return r;
}

// A store with the given requests, numbered 1, 2, ... in order.
std::unique_ptr<storage::store> with(std::vector<supply_request> requests) {
  auto store = storage::open(":memory:");
  for (auto& r : requests) store->insert_request(r);
  return store;
}

}  // namespace

TEST_CASE("a repeat is the same household asking for one of the same items", "[duplicates]") {
  auto two = request("mother", home, "大米", 100);
  two.items.push_back({"鸡蛋", 1, std::nullopt, std::nullopt});
  const auto store = with({two, request("son", std::nullopt, "牛奶", 200)});
  const auto check = [&](const supply_request& r) { return find_possible_duplicate(*store, r, 0); };
  // Another member of the household, same address, one of the same items.
  CHECK(check(request("daughter", home, "鸡蛋", 300)) == 1);
  // The same requester, when either request has no address.
  CHECK(check(request("son", address{"7", "3", "302"}, "牛奶", 300)) == 2);
  CHECK(check(request("son", std::nullopt, "牛奶", 300)) == 2);
  CHECK(check(request("mother", std::nullopt, "大米", 300)) == 1);
  // Another item; another address (next door, or without the room); the same requester with
  // an address on both sides that differ.
  CHECK_FALSE(check(request("mother", home, "面粉", 300)));
  CHECK_FALSE(check(request("x", address{"3", "2", "502"}, "大米", 300)));
  CHECK_FALSE(check(request("x", address{"3", "2", std::nullopt}, "大米", 300)));
  CHECK_FALSE(check(request("mother", address{"9", "1", "101"}, "大米", 300)));
  auto nothing = request("daughter", home, "大米", 300);
  nothing.items.clear();
  CHECK_FALSE(check(nothing));
  CHECK_FALSE(find_possible_duplicate(*with({}), request("daughter", home, "大米", 300), 0));
}

TEST_CASE("the repeat is the newest of each kind, then the higher number", "[duplicates]") {
  // Newest by time, whatever the numbers say: #1 is the newest here.
  const auto out_of_order =
      with({request("daughter", home, "大米", 300), request("mother", home, "大米", 100),
            request("father", home, "大米", 200)});
  CHECK(find_possible_duplicate(*out_of_order, request("son", home, "大米", 400), 0) == 1);
  // At the same time, the later one (by id).
  const auto same_time = with({request("a", home, "大米", 100), request("b", home, "大米", 100)});
  CHECK(find_possible_duplicate(*same_time, request("c", home, "大米", 400), 0) == 2);
  // One of each kind: the higher number of the two, though the other is newer.
  const auto both =
      with({request("mother", home, "大米", 100), request("son", std::nullopt, "大米", 50)});
  CHECK(find_possible_duplicate(*both, request("son", home, "大米", 400), 0) == 2);
  // The requester's newest without an address, behind newer ones at other addresses.
  const auto deep = with({request("son", std::nullopt, "大米", 10),
                          request("son", address{"7", "1", "101"}, "大米", 20),
                          request("son", address{"7", "1", "102"}, "大米", 30)});
  CHECK(find_possible_duplicate(*deep, request("son", home, "大米", 400), 0) == 1);
  CHECK(find_possible_duplicate(*deep, request("son", std::nullopt, "大米", 400), 0) == 3);
}

TEST_CASE("the duplicate check asks the store for the recent requests it may repeat",
          "[duplicates]") {
  auto store = storage::open(":memory:");
  auto add = [&](supply_request r, request_status status = request_status::open) {
    r.status = status;
    store->insert_request(r);
    return r.number;
  };
  CHECK(add(request("mother", home, "大米", 100)) == 1);
  CHECK(add(request("son", std::nullopt, "鸡蛋", 200)) == 2);
  CHECK(add(request("mother", home, "牛奶", 300), request_status::cancelled) == 3);

  CHECK(find_possible_duplicate(*store, request("daughter", home, "大米", 400), 0) == 1);
  CHECK(find_possible_duplicate(*store, request("son", address{"7", "3", "302"}, "鸡蛋", 400), 0) ==
        2);
  CHECK_FALSE(find_possible_duplicate(*store, request("mother", home, "面粉", 400), 0));
  CHECK_FALSE(
      find_possible_duplicate(*store, request("x", address{"3", "2", "502"}, "大米", 400), 0));
  CHECK_FALSE(
      find_possible_duplicate(*store, request("mother", home, "牛奶", 400), 0));  // cancelled
  CHECK_FALSE(find_possible_duplicate(*store, request("daughter", home, "大米", 400), 150));
  CHECK(find_possible_duplicate(*store, request("son", home, "大米", 400), 0) == 1);
}
