// The inbox: every message once per (chat, delivery id), in arrival order.

#include "tests/storage/contract/contract.hpp"
#include "tests/storage/contract/samples.hpp"

using namespace linli;
using contract::chat_a;
using contract::chat_b;
using contract::sample_message;

CONTRACT_TEST("the inbox keeps one row per chat and delivery id: the first", "[inbox]") {
  auto store = backend.make_store();
  const auto first = sample_message(chat_a, "m1");
  const auto seq = store->insert_message(first);
  auto again = sample_message(chat_a, "m1", "command");
  again.message.text = "a redelivery, changed";
  CHECK_THROWS(store->insert_message(again));
  CHECK(store->count_messages() == 1);
  const auto found = store->find_message(chat_a, "m1");
  REQUIRE(found);
  CHECK(found->seq == seq);
  CHECK(found->message.text == first.message.text);
  CHECK(found->kind == "chatter");

  // The same delivery id in another chat or on another platform is another message.
  store->insert_message(sample_message(chat_b, "m1"));
  store->insert_message(sample_message({"telegram", "a"}, "m1"));
  CHECK(store->count_messages() == 3);
  CHECK(store->find_message(chat_b, "m1")->seq != seq);
  CHECK_FALSE(store->find_message(chat_a, "m2"));
}

CONTRACT_TEST("the inbox round-trips every stored field of a message", "[inbox]") {
  auto store = backend.make_store();
  const auto m = sample_message(chat_a, "m1");
  store->insert_message(m);
  auto quiet = sample_message(chat_a, "m2");
  quiet.message.from = {"u2", "", platform_role::member};
  quiet.message.message_id.clear();
  quiet.message.reply_to.clear();
  quiet.message.edited = false;
  quiet.message.sent_at = 0;
  quiet.answers.clear();
  store->insert_message(quiet);

  const auto found = store->find_message(chat_a, "m1");
  REQUIRE(found);
  CHECK(found->message.chat == chat_a);
  CHECK(found->message.delivery_id == "m1");
  CHECK(found->message.message_id == "mid-m1");
  CHECK(found->message.reply_to == "earlier");
  CHECK(found->message.edited);
  CHECK(found->message.from.id == "u1");
  CHECK(found->message.from.name == "张三");
  CHECK(found->message.from.role == platform_role::admin);
  CHECK(found->message.text == m.message.text);
  CHECK(found->message.sent_at == 1669000000);
  CHECK(found->message.received_at_ms == 1669000000123);
  CHECK(found->kind == "chatter");
  CHECK(found->answers == m.answers);

  const auto plain = store->find_message(chat_a, "m2");
  REQUIRE(plain);
  CHECK(plain->message.from.role == platform_role::member);
  CHECK(plain->message.from.name.empty());
  CHECK(plain->message.message_id.empty());
  CHECK(plain->message.reply_to.empty());
  CHECK_FALSE(plain->message.edited);
  CHECK(plain->message.sent_at == 0);
  CHECK(plain->answers.empty());
}

CONTRACT_TEST("seq orders messages by arrival across every chat", "[inbox]") {
  auto store = backend.make_store();
  std::vector<std::int64_t> seqs;
  for (int i = 0; i < 6; ++i) {
    seqs.push_back(
        store->insert_message(sample_message(i % 2 ? chat_b : chat_a, "m" + std::to_string(i))));
  }
  for (std::size_t i = 1; i < seqs.size(); ++i) CHECK(seqs[i] > seqs[i - 1]);

  const auto all = store->messages_after(0, 100);
  REQUIRE(all.size() == 6);
  for (std::size_t i = 0; i < all.size(); ++i) {
    CHECK(all[i].seq == seqs[i]);
    CHECK(all[i].message.delivery_id == "m" + std::to_string(i));
  }
  const auto page = store->messages_after(seqs[1], 2);
  REQUIRE(page.size() == 2);
  CHECK(page[0].message.delivery_id == "m2");
  CHECK(page[1].message.delivery_id == "m3");
  CHECK(page[1].message.chat == chat_b);
  CHECK(store->messages_after(seqs.back(), 10).empty());
}

CONTRACT_TEST("list_messages pages a chat's messages newest first, by kind", "[inbox]") {
  auto store = backend.make_store();
  for (int i = 0; i < 5; ++i)
    store->insert_message(sample_message(chat_a, "m" + std::to_string(i)));
  store->insert_message(sample_message(chat_a, "c1", "command"));
  store->insert_message(sample_message(chat_b, "x", "chatter"));

  const auto all = store->list_messages(chat_a, {});
  REQUIRE(all.size() == 6);
  CHECK(all.front().message.delivery_id == "c1");
  CHECK(all.back().message.delivery_id == "m0");
  for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i].seq < all[i - 1].seq);

  const auto commands = store->list_messages(chat_a, {.kind = "command"});
  REQUIRE(commands.size() == 1);
  CHECK(commands[0].message.delivery_id == "c1");
  CHECK(store->list_messages(chat_a, {.kind = "failed"}).empty());

  const auto chatter = store->list_messages(chat_a, {.kind = "chatter", .limit = 2});
  REQUIRE(chatter.size() == 2);
  CHECK(chatter[0].message.delivery_id == "m4");
  CHECK(chatter[1].message.delivery_id == "m3");
  const auto next =
      store->list_messages(chat_a, {.kind = "chatter", .before_seq = chatter[1].seq, .limit = 10});
  REQUIRE(next.size() == 3);
  CHECK(next[0].message.delivery_id == "m2");
  CHECK(next[2].message.delivery_id == "m0");
  CHECK(store->list_messages(chat_a, {.before_seq = all.back().seq}).empty());
  CHECK(store->list_messages({"generic", "nobody"}, {}).empty());
}

CONTRACT_TEST("a message is found by the key replies use: its message id, else its delivery id",
              "[inbox]") {
  auto store = backend.make_store();
  const auto with_id = sample_message(chat_a, "u1");  // message id "mid-u1"
  store->insert_message(with_id);
  auto plain = sample_message(chat_a, "m2");
  plain.message.message_id.clear();
  store->insert_message(plain);
  CHECK(store->find_message_by_key(chat_a, "mid-u1")->message.delivery_id == "u1");
  CHECK(store->find_message_by_key(chat_a, "m2")->message.delivery_id == "m2");
  // A delivery id is no key when the message has a message id of its own.
  CHECK_FALSE(store->find_message_by_key(chat_a, "u1"));
  CHECK_FALSE(store->find_message_by_key(chat_b, "mid-u1"));
  CHECK_FALSE(store->find_message_by_key(chat_a, ""));
}

CONTRACT_TEST("an edit finds the message it edits: the first with its key that is no edit",
              "[inbox]") {
  auto store = backend.make_store();
  auto original = sample_message(chat_a, "u1");  // message id "mid-u1"
  original.message.edited = false;
  store->insert_message(original);
  for (const char* delivery : {"u2", "u3"}) {
    auto edit = sample_message(chat_a, delivery);
    edit.message.message_id = "mid-u1";
    edit.message.edited = true;
    store->insert_message(edit);
  }
  CHECK(store->find_message_by_key(chat_a, "mid-u1")->message.delivery_id == "u3");
  REQUIRE(store->find_original_by_key(chat_a, "mid-u1"));
  CHECK(store->find_original_by_key(chat_a, "mid-u1")->message.delivery_id == "u1");
  // Without message ids the delivery id is the key.
  auto plain = sample_message(chat_a, "m2");
  plain.message.message_id.clear();
  plain.message.edited = false;
  store->insert_message(plain);
  REQUIRE(store->find_original_by_key(chat_a, "m2"));
  CHECK(store->find_original_by_key(chat_a, "m2")->message.delivery_id == "m2");
  CHECK_FALSE(store->find_original_by_key(chat_b, "mid-u1"));
  CHECK_FALSE(store->find_original_by_key(chat_a, ""));
  CHECK_FALSE(store->find_original_by_key(chat_a, "u2"));
}
