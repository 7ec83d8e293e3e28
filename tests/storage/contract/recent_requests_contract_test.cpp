// The lookups under the duplicate check: a household's and a requester's newest request for
// one of the same items.

#include <optional>
#include <string>
#include <vector>

#include "tests/storage/contract/contract.hpp"
#include "tests/storage/contract/samples.hpp"

using namespace linli;
using contract::chat_a;
using contract::chat_b;
using contract::sample_request;

namespace {

const std::vector<std::string> rice{"大米"};

std::optional<int> number(const std::optional<storage::request_summary>& s) {
  return s ? std::optional<int>(s->number) : std::nullopt;
}

}  // namespace

CONTRACT_TEST("the newest request at an address asking for one of the items", "[requests]") {
  auto store = backend.make_store();
  const address home{"3", "2", "501"};
  auto add = [&](const chat_ref& chat, const std::string& who, std::optional<address> where,
                 const std::string& item, std::int64_t at,
                 request_status status = request_status::open) {
    auto r = sample_request(chat, who, std::move(where), item, at);
    r.items.push_back({"鸡蛋", 1, std::nullopt, std::nullopt});
    r.status = status;
    store->insert_request(r);
    return r.number;
  };
  add(chat_a, "mother", home, "大米", 100);                                 // 1
  add(chat_a, "daughter", home, "面粉", 300);                               // 2: other items
  add(chat_a, "mother", home, "大米", 400, request_status::cancelled);      // 3
  add(chat_a, "x", address{"3", "2", "502"}, "大米", 500);                  // 4: next door
  add(chat_a, "x", address{"3", std::nullopt, std::nullopt}, "大米", 550);  // 5: building only
  add(chat_a, "son", home, "大米", 50);                                     // 6: earlier than 1
  add(chat_b, "son", home, "大米", 600);                                    // 1 in another chat

  const auto found = store->newest_at_address(chat_a, home, rice, 0);
  REQUIRE(found);
  CHECK(found->number == 1);
  CHECK(found->requester_id == "mother");
  CHECK(found->where == home);
  CHECK(found->created_ms == 100);
  // Any one of the names; names compared exactly; not cancelled; from a time on.
  CHECK(number(store->newest_at_address(chat_a, home, {"牛奶", "鸡蛋"}, 0)) == 2);
  CHECK(number(store->newest_at_address(chat_a, home, {"面粉"}, 0)) == 2);
  CHECK_FALSE(store->newest_at_address(chat_a, home, {"大"}, 0));
  CHECK_FALSE(store->newest_at_address(chat_a, home, {}, 0));
  CHECK(number(store->newest_at_address(chat_a, home, rice, 60)) == 1);
  CHECK_FALSE(store->newest_at_address(chat_a, home, rice, 101));
  // Unit and room absent match only absent.
  CHECK(number(store->newest_at_address(chat_a, address{"3", std::nullopt, std::nullopt}, rice,
                                        0)) == 5);
  CHECK_FALSE(store->newest_at_address(chat_a, address{"3", "2", std::nullopt}, rice, 0));
  CHECK(number(store->newest_at_address(chat_b, home, rice, 0)) == 1);
}

CONTRACT_TEST("the newest request from a requester, with or without an address", "[requests]") {
  auto store = backend.make_store();
  auto add = [&](const chat_ref& chat, const std::string& who, std::optional<address> where,
                 const std::string& item, std::int64_t at) {
    auto r = sample_request(chat, who, std::move(where), item, at);
    store->insert_request(r);
    return r.number;
  };
  add(chat_a, "son", std::nullopt, "大米", 100);              // 1
  add(chat_a, "son", address{"7", "3", "302"}, "大米", 300);  // 2
  add(chat_a, "son", address{"7", "3", "303"}, "大米", 200);  // 3
  add(chat_a, "mother", std::nullopt, "大米", 400);           // 4
  add(chat_b, "son", std::nullopt, "大米", 500);              // 1 in another chat

  CHECK(number(store->newest_from_requester(chat_a, "son", false, rice, 0)) == 2);
  CHECK(number(store->newest_from_requester(chat_a, "son", true, rice, 0)) == 1);
  CHECK_FALSE(store->newest_from_requester(chat_a, "son", true, rice, 101));
  CHECK_FALSE(store->newest_from_requester(chat_a, "son", false, {"面粉"}, 0));
  CHECK_FALSE(store->newest_from_requester(chat_a, "nobody", false, rice, 0));
  CHECK(number(store->newest_from_requester(chat_b, "son", false, rice, 0)) == 1);
}

CONTRACT_TEST("a request without items is never a repeat's original", "[requests]") {
  auto store = backend.make_store();
  auto empty = sample_request(chat_a, "u1", std::nullopt, "x", 100);
  empty.items.clear();
  store->insert_request(empty);
  CHECK_FALSE(store->newest_from_requester(chat_a, "u1", false, {"x"}, 0));
  auto r = sample_request(chat_a, "u1", std::nullopt, "胰岛素", 200);
  r.items = {{"胰岛素", 1, "支", std::nullopt}, {"针头", 10, std::nullopt, std::nullopt}};
  store->insert_request(r);
  CHECK(number(store->newest_from_requester(chat_a, "u1", false, {"针头"}, 0)) == 2);
}
