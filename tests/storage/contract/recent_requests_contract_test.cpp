// The query under the duplicate check: a household's and a requester's recent requests.

#include <algorithm>

#include "tests/storage/contract/contract.hpp"
#include "tests/storage/contract/samples.hpp"

using namespace linli;
using contract::chat_a;
using contract::chat_b;
using contract::sample_request;

namespace {

std::vector<int> numbers(const std::vector<storage::request_summary>& rs) {
  std::vector<int> out;
  for (const auto& r : rs) out.push_back(r.number);
  return out;
}

}  // namespace

CONTRACT_TEST("recent requests: the household's and the requester's, newest first", "[requests]") {
  auto store = backend.make_store();
  const address home{"3", "2", "501"};
  auto add = [&](const chat_ref& chat, const std::string& who, std::optional<address> where,
                 std::int64_t at, request_status status = request_status::open) {
    auto r = sample_request(chat, who, std::move(where), "大米", at);
    r.items.push_back({"鸡蛋", 1, std::nullopt, std::nullopt});
    r.status = status;
    store->insert_request(r);
    return r.number;
  };
  add(chat_a, "mother", home, 100);                                 // 1
  add(chat_a, "son", std::nullopt, 200);                            // 2
  add(chat_a, "son", address{"7", "3", "302"}, 300);                // 3
  add(chat_a, "mother", home, 400, request_status::cancelled);      // 4
  add(chat_a, "x", address{"3", "2", "502"}, 500);                  // 5: next door
  add(chat_a, "x", address{"3", std::nullopt, std::nullopt}, 550);  // 6: building only
  add(chat_a, "daughter", home, 50);                                // 7: earlier than 1
  add(chat_b, "son", home, 600);                                    // 1 in another chat

  // At the address or from the requester; a request that is both is listed once.
  const auto son_at_home = store->recent_requests(chat_a, "son", home, 0, 100);
  CHECK(numbers(son_at_home) == std::vector<int>{3, 2, 1, 7});
  const auto& first = son_at_home[0];
  CHECK(first.requester_id == "son");
  CHECK(first.where == address{"7", "3", "302"});
  CHECK(first.created_ms == 300);
  auto names = first.item_names;
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"大米", "鸡蛋"});
  CHECK(numbers(store->recent_requests(chat_a, "mother", home, 0, 100)) == std::vector<int>{1, 7});
  // No address: the requester's only. Unit and room absent match only absent.
  CHECK(numbers(store->recent_requests(chat_a, "son", std::nullopt, 0, 100)) ==
        std::vector<int>{3, 2});
  CHECK(numbers(store->recent_requests(chat_a, "y", address{"3", std::nullopt, std::nullopt}, 0,
                                       100)) == std::vector<int>{6});
  // From a time on, and at most `limit` of each kind.
  CHECK(numbers(store->recent_requests(chat_a, "son", home, 100, 100)) ==
        std::vector<int>{3, 2, 1});
  CHECK(numbers(store->recent_requests(chat_a, "son", home, 0, 1)) == std::vector<int>{3, 1});
  CHECK(store->recent_requests(chat_a, "nobody", address{"9", "9", "9"}, 0, 100).empty());
}

CONTRACT_TEST("recent requests carry their item names; a request without items has none",
              "[requests]") {
  auto store = backend.make_store();
  auto empty = sample_request(chat_a, "u1", std::nullopt, "x", 100);
  empty.items.clear();
  store->insert_request(empty);
  auto r = sample_request(chat_a, "u1", std::nullopt, "胰岛素", 200);
  r.items = {{"胰岛素", 1, "支", std::nullopt},
             {"针头", 10, std::nullopt, std::nullopt},
             {"酒精棉", 1, std::nullopt, std::nullopt}};
  store->insert_request(r);

  const auto recent = store->recent_requests(chat_a, "u1", std::nullopt, 0, 10);
  REQUIRE(recent.size() == 2);
  CHECK(recent[1].number == 1);
  CHECK(recent[1].item_names.empty());
  auto names = recent[0].item_names;
  std::sort(names.begin(), names.end());
  CHECK(names == std::vector<std::string>{"胰岛素", "酒精棉", "针头"});
  // The limit counts requests, not items.
  const auto newest = store->recent_requests(chat_a, "u1", std::nullopt, 0, 1);
  REQUIRE(newest.size() == 1);
  CHECK(newest[0].item_names.size() == 3);
}
