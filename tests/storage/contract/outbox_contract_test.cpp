// The outbox: messages kept until sent or given up on.

#include <algorithm>
#include <set>
#include <thread>

#include "tests/storage/contract/contract.hpp"
#include "tests/storage/contract/samples.hpp"

using namespace linli;
using contract::chat_a;
using contract::chat_b;

namespace {

outbound_message sample_outbound(const chat_ref& chat, const std::string& text) {
  outbound_message m;
  m.chat = chat;
  m.text = text;
  m.route = "https://oapi.dingtalk.com/robot/sendBySession?session=x";
  m.reply_to = "m7";
  m.attempts = 1;
  m.parts_sent = 1;
  m.created_ms = 10;
  m.next_attempt_ms = 20;
  m.last_error = "timeout";
  return m;
}

}  // namespace

CONTRACT_TEST("the outbox round-trips a message and lists the pending ones oldest first",
              "[outbox]") {
  auto store = backend.make_store();
  CHECK(store->pending_outbound().empty());
  const auto first = store->insert_outbound(sample_outbound(chat_a, "明天的岗位"));
  const auto second = store->insert_outbound(sample_outbound(chat_b, "提醒"));
  CHECK(second > first);

  const auto found = store->find_outbound(first);
  REQUIRE(found);
  CHECK(found->id == first);
  CHECK(found->chat == chat_a);
  CHECK(found->text == "明天的岗位");
  CHECK(found->route == "https://oapi.dingtalk.com/robot/sendBySession?session=x");
  CHECK(found->reply_to == "m7");
  CHECK(found->state == outbound_state::pending);
  CHECK(found->parts_sent == 1);
  CHECK(found->attempts == 1);
  CHECK(found->created_ms == 10);
  CHECK(found->next_attempt_ms == 20);
  CHECK_FALSE(found->sent_ms);
  CHECK(found->last_error == "timeout");
  CHECK_FALSE(store->find_outbound(second + 1000));

  const auto pending = store->pending_outbound();
  REQUIRE(pending.size() == 2);
  CHECK(pending[0].id == first);
  CHECK(pending[1].id == second);
  CHECK(pending[1].chat == chat_b);
}

CONTRACT_TEST("updating an outbound message saves its delivery state", "[outbox]") {
  auto store = backend.make_store();
  outbound_message sent = sample_outbound(chat_a, "一");
  sent.id = store->insert_outbound(sent);
  outbound_message failed = sample_outbound(chat_a, "二");
  failed.id = store->insert_outbound(failed);
  outbound_message retried = sample_outbound(chat_a, "三");
  retried.id = store->insert_outbound(retried);

  sent.state = outbound_state::sent;
  sent.sent_ms = 11;
  sent.parts_sent = 3;
  sent.last_error.clear();
  store->update_outbound(sent);
  failed.state = outbound_state::failed;
  failed.attempts = 8;
  store->update_outbound(failed);
  retried.attempts = 2;
  retried.next_attempt_ms = 99;
  retried.last_error = "HTTP 429";
  store->update_outbound(retried);

  const auto s = store->find_outbound(sent.id);
  REQUIRE(s);
  CHECK(s->state == outbound_state::sent);
  CHECK(s->sent_ms == 11);
  CHECK(s->parts_sent == 3);
  CHECK(s->last_error.empty());
  CHECK(s->text == "一");
  CHECK(store->find_outbound(failed.id)->state == outbound_state::failed);
  CHECK(store->find_outbound(failed.id)->attempts == 8);
  const auto pending = store->pending_outbound();
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].id == retried.id);
  CHECK(pending[0].attempts == 2);
  CHECK(pending[0].next_attempt_ms == 99);
  CHECK(pending[0].last_error == "HTTP 429");
}

namespace {

// A pending message no one holds yet, due at 0.
outbound_message unleased(const chat_ref& chat, const std::string& text) {
  outbound_message m = sample_outbound(chat, text);
  m.next_attempt_ms = 0;
  return m;
}

std::vector<std::int64_t> ids_of(const std::vector<outbound_message>& messages) {
  std::vector<std::int64_t> ids;
  for (const auto& m : messages) ids.push_back(m.id);
  return ids;
}

// Claims in a transaction of its own, as the writer does.
std::vector<outbound_message> claim(storage::store& s, std::string_view instance,
                                    std::int64_t now_ms, std::int64_t until_ms, int limit = 100) {
  storage::transaction tx(s);
  auto claimed = s.claim_outbound(instance, now_ms, until_ms, limit, "");
  tx.commit();
  return claimed;
}

}  // namespace

CONTRACT_TEST("two instances never claim the same outbound message", "[outbox][lease]") {
  auto a = backend.make_store();
  auto b = backend.connect(false);
  std::vector<std::int64_t> all;
  for (int i = 0; i < 5; ++i)
    all.push_back(a->insert_outbound(unleased(chat_a, "第" + std::to_string(i))));

  const auto first = claim(*a, "A", 100, 200, 3);
  CHECK(ids_of(first) == std::vector<std::int64_t>(all.begin(), all.begin() + 3));
  for (const auto& m : first) {
    CHECK(m.leased_by == "A");
    CHECK(m.lease_until_ms == 200);
  }
  const auto second = claim(*b, "B", 100, 200);
  CHECK(ids_of(second) == std::vector<std::int64_t>(all.begin() + 3, all.end()));
  CHECK(claim(*a, "A", 150, 250).empty());
  CHECK(claim(*b, "B", 150, 250).empty());
  CHECK(a->find_outbound(all[0])->leased_by == "A");
  CHECK(a->find_outbound(all[4])->leased_by == "B");
}

CONTRACT_TEST("two instances claiming at once share the outbox without overlap",
              "[outbox][lease]") {
  auto a = backend.make_store();
  auto b = backend.connect(false);
  constexpr int count = 60;
  for (int i = 0; i < count; ++i) a->insert_outbound(unleased(i % 2 ? chat_a : chat_b, "x"));
  auto drain = [](storage::store& s, std::string_view instance) {
    std::vector<std::int64_t> got;
    for (;;) {
      const auto claimed = claim(s, instance, 100, 10'000, 4);
      if (claimed.empty()) return got;
      for (const auto& m : claimed) got.push_back(m.id);
    }
  };
  std::vector<std::int64_t> by_b;
  std::thread other([&] { by_b = drain(*b, "B"); });
  const std::vector<std::int64_t> by_a = drain(*a, "A");
  other.join();
  std::set<std::int64_t> seen(by_a.begin(), by_a.end());
  for (const auto id : by_b) CHECK(seen.insert(id).second);  // claimed by both: sent twice
  CHECK(seen.size() == count);
}

CONTRACT_TEST("a message whose lease expired is claimed by another instance", "[outbox][lease]") {
  auto a = backend.make_store();
  auto b = backend.connect(false);
  const auto id = a->insert_outbound(unleased(chat_a, "提醒"));
  REQUIRE(claim(*a, "A", 100, 200).size() == 1);
  CHECK(claim(*b, "B", 199, 300).empty());      // A's lease still holds
  const auto taken = claim(*b, "B", 200, 300);  // A's instance died: its lease ran out
  REQUIRE(taken.size() == 1);
  CHECK(taken[0].id == id);
  CHECK(taken[0].leased_by == "B");
  CHECK(taken[0].text == "提醒");
  CHECK(claim(*a, "A", 250, 350).empty());
}

CONTRACT_TEST("a message written with a lease is its writer's until the lease ends",
              "[outbox][lease]") {
  auto a = backend.make_store();
  outbound_message m = unleased(chat_a, "新的");
  m.leased_by = "A";
  m.lease_until_ms = 1000;
  m.id = a->insert_outbound(m);
  CHECK(a->find_outbound(m.id)->leased_by == "A");
  CHECK(a->find_outbound(m.id)->lease_until_ms == 1000);
  CHECK(claim(*a, "B", 999, 2000).empty());
  CHECK(claim(*a, "B", 1000, 2000).size() == 1);
}

CONTRACT_TEST("only due messages are claimed, and a sent or failed one never again",
              "[outbox][lease]") {
  auto a = backend.make_store();
  outbound_message later = unleased(chat_a, "稍后");
  later.next_attempt_ms = 500;
  later.id = a->insert_outbound(later);
  outbound_message sent = unleased(chat_a, "已发");
  sent.id = a->insert_outbound(sent);
  outbound_message failed = unleased(chat_b, "放弃");
  failed.id = a->insert_outbound(failed);

  const auto claimed = claim(*a, "A", 100, 200);
  CHECK(ids_of(claimed) == std::vector<std::int64_t>{sent.id, failed.id});
  sent.state = outbound_state::sent;
  sent.sent_ms = 150;
  a->update_outbound(sent);
  failed.state = outbound_state::failed;
  a->update_outbound(failed);
  const auto s = a->find_outbound(sent.id);
  CHECK(s->leased_by.empty());  // finishing a send clears the lease
  CHECK(s->lease_until_ms == 0);
  CHECK(a->find_outbound(failed.id)->leased_by.empty());

  const auto due = claim(*a, "B", 1000, 2000);
  CHECK(ids_of(due) == std::vector<std::int64_t>{later.id});
  CHECK(claim(*a, "C", 5000, 6000).size() == 1);  // B's lease on `later` ran out; none other
}

CONTRACT_TEST("an instance renews its leases and frees them at a clean stop", "[outbox][lease]") {
  auto a = backend.make_store();
  const auto one = a->insert_outbound(unleased(chat_a, "一"));
  const auto two = a->insert_outbound(unleased(chat_b, "二"));
  REQUIRE(claim(*a, "A", 100, 200).size() == 2);
  outbound_message retried = *a->find_outbound(one);
  retried.attempts = 3;
  a->update_outbound(retried);  // a retry planned keeps the lease
  CHECK(a->find_outbound(one)->leased_by == "A");

  const std::vector<std::int64_t> queued{one, two};
  auto renewed = a->renew_leases("A", 900, queued);
  std::sort(renewed.begin(), renewed.end());
  CHECK(renewed == std::vector<std::int64_t>{one, two});
  CHECK(a->renew_leases("B", 900, queued).empty());
  CHECK(a->find_outbound(two)->lease_until_ms == 900);
  CHECK(claim(*a, "B", 500, 1000).empty());
  a->release_leases("A");
  CHECK(a->find_outbound(one)->leased_by.empty());
  CHECK(ids_of(claim(*a, "B", 500, 1000)) == std::vector<std::int64_t>{one, two});
}

CONTRACT_TEST("a claim takes one platform's messages and renewal only the ids given",
              "[outbox][lease]") {
  auto a = backend.make_store();
  auto other = unleased(chat_a, "别的平台");
  other.chat.platform = "wecom";
  const auto wecom = a->insert_outbound(other);
  const auto one = a->insert_outbound(unleased(chat_a, "一"));
  const auto two = a->insert_outbound(unleased(chat_b, "二"));
  {
    storage::transaction tx(*a);
    CHECK(ids_of(a->claim_outbound("A", 100, 200, 10, chat_a.platform)) ==
          std::vector<std::int64_t>{one, two});
    tx.commit();
  }
  CHECK(a->find_outbound(wecom)->leased_by.empty());
  CHECK(a->count_pending_outbound(other.chat) == 1);
  CHECK(a->count_pending_outbound(chat_a) == 1);
  const std::vector<std::int64_t> just_one{one, wecom};
  CHECK(a->renew_leases("A", 900, just_one) == std::vector<std::int64_t>{one});
  CHECK(a->renew_leases("A", 900, {}).empty());
  CHECK(a->find_outbound(one)->lease_until_ms == 900);
  CHECK(a->find_outbound(two)->lease_until_ms == 200);
  CHECK(ids_of(claim(*a, "B", 300, 1000)) == std::vector<std::int64_t>{wecom, two});
}
