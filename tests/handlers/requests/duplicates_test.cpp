#include "handlers/requests/duplicates.hpp"

#include <catch2/catch.hpp>

#include "storage/open.hpp"

using namespace linli;
using handlers::find_possible_duplicate;
using handlers::possible_duplicate;

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

storage::request_summary summary(int number, std::string requester, std::optional<address> where,
                                 std::vector<std::string> items, std::int64_t at) {
  return {number, number, std::move(requester), std::move(where), at, std::move(items)};
}

}  // namespace

TEST_CASE("a repeat is the same household asking for one of the same items", "[duplicates]") {
  const std::vector<storage::request_summary> recent = {
      summary(1, "mother", home, {"大米", "鸡蛋"}, 100),
      summary(2, "son", std::nullopt, {"牛奶"}, 200),
  };
  // Another member of the household, same address, one of the same items.
  CHECK(possible_duplicate(request("daughter", home, "鸡蛋", 300), recent) == 1);
  // The same requester, when either request has no address.
  CHECK(possible_duplicate(request("son", address{"7", "3", "302"}, "牛奶", 300), recent) == 2);
  CHECK(possible_duplicate(request("son", std::nullopt, "牛奶", 300), recent) == 2);
  CHECK(possible_duplicate(request("mother", std::nullopt, "大米", 300), recent) == 1);
  // Another item; another address (next door, or without the room); the same requester with
  // an address on both sides that differ.
  CHECK_FALSE(possible_duplicate(request("mother", home, "面粉", 300), recent));
  CHECK_FALSE(possible_duplicate(request("x", address{"3", "2", "502"}, "大米", 300), recent));
  CHECK_FALSE(
      possible_duplicate(request("x", address{"3", "2", std::nullopt}, "大米", 300), recent));
  CHECK_FALSE(possible_duplicate(request("mother", address{"9", "1", "101"}, "大米", 300), recent));
  auto nothing = request("daughter", home, "大米", 300);
  nothing.items.clear();
  CHECK_FALSE(possible_duplicate(nothing, recent));
  CHECK_FALSE(possible_duplicate(request("daughter", home, "大米", 300), {}));
}

TEST_CASE("the repeat is the newest of each kind, then the higher number", "[duplicates]") {
  // Newest by time, then by id, whatever the numbers say.
  const std::vector<storage::request_summary> out_of_order = {
      summary(5, "mother", home, {"大米"}, 100),
      summary(3, "daughter", home, {"大米"}, 300),
      summary(4, "father", home, {"大米"}, 200),
  };
  CHECK(possible_duplicate(request("son", home, "大米", 400), out_of_order) == 3);
  std::vector<storage::request_summary> same_time = {
      {10, 6, "a", home, 100, {"大米"}},
      {11, 2, "b", home, 100, {"大米"}},
  };
  CHECK(possible_duplicate(request("c", home, "大米", 400), same_time) == 2);
  // One of each kind: the higher number of the two.
  const std::vector<storage::request_summary> both = {
      summary(8, "mother", home, {"大米"}, 100),
      summary(9, "son", std::nullopt, {"大米"}, 50),
  };
  CHECK(possible_duplicate(request("son", home, "大米", 400), both) == 9);
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
