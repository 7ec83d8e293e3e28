// The outbox: messages kept until sent or given up on.

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
