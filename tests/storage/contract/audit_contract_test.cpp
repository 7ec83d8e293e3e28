// The audit trail and the erasure of personal data (issue 15, items 15 and 16).

#include "tests/storage/contract/contract.hpp"
#include "tests/storage/contract/samples.hpp"

using namespace linli;
using contract::chat_a;
using contract::chat_b;
using contract::sample_message;
using contract::sample_request;

namespace {

audit_entry sample_audit(const chat_ref& chat, const std::string& action, std::int64_t at_ms) {
  audit_entry e;
  e.chat = chat;
  e.actor_id = "u9";
  e.actor_name = "协调员";
  e.action = action;
  e.target = "remove 3";
  e.rows = 4;
  e.at_ms = at_ms;
  return e;
}

// A chain in `chat` with one line by `sender`; returns the chain's header key.
std::string chain_with_line(storage::store& s, const chat_ref& chat, const std::string& sender,
                            std::int64_t opened_ms) {
  chain c;
  c.chat = chat;
  c.header_key = "k-" + sender;
  c.title = "明日核酸";
  c.opened_ms = opened_ms;
  c.id = s.insert_chain(c);
  chain_entry e;
  e.content = "张三 13812345678 3号楼";
  e.key = "张三";
  e.name = "张三";
  e.detail = "13812345678 3号楼";
  e.sender_id = sender;
  e.sender_name = "张三";
  e.added_ms = e.changed_ms = opened_ms;
  s.insert_chain_entry(c.id, e);
  return c.header_key;
}

}  // namespace

CONTRACT_TEST("the audit trail lists a chat's entries and the deployment's, newest first, paged",
              "[audit]") {
  auto store = backend.make_store();
  const auto first = store->insert_audit(sample_audit(chat_a, "/chain", 10));
  store->insert_audit(sample_audit(chat_b, "/chain", 11));
  const auto everywhere = store->insert_audit(sample_audit({"*", "*"}, "purge", 12));
  const auto last = store->insert_audit(sample_audit(chat_a, "已送", 13));
  CHECK(last > everywhere);
  CHECK(everywhere > first);

  const auto page = store->list_audit(chat_a, 0, 2);
  REQUIRE(page.size() == 2);
  CHECK(page[0].seq == last);
  CHECK(page[0].action == "已送");
  CHECK(page[0].actor_id == "u9");
  CHECK(page[0].actor_name == "协调员");
  CHECK(page[0].target == "remove 3");
  CHECK(page[0].rows == 4);
  CHECK(page[0].at_ms == 13);
  CHECK(page[0].chat == chat_a);
  CHECK(page[1].seq == everywhere);
  CHECK(page[1].chat == chat_ref{"*", "*"});
  const auto rest = store->list_audit(chat_a, page[1].seq, 2);
  REQUIRE(rest.size() == 1);
  CHECK(rest[0].seq == first);
  CHECK(store->list_audit(chat_b, 0, 10).size() == 2);
}

CONTRACT_TEST("erasing a sender blanks their personal fields in that chat only", "[audit]") {
  auto store = backend.make_store();
  auto mine = sample_message(chat_a, "m1");
  mine.message.from = {"u1", "张三", platform_role::member};
  store->insert_message(mine);
  auto other = sample_message(chat_a, "m2");
  other.message.from = {"u2", "李四", platform_role::member};
  store->insert_message(other);
  auto elsewhere = sample_message(chat_b, "m3");
  elsewhere.message.from = {"u1", "张三", platform_role::member};
  store->insert_message(elsewhere);
  auto need = sample_request(chat_a, "u1", address{"3", "2", "501"}, "硝苯地平", 100);
  store->insert_request(need);
  store->save_address(chat_a, "u1", {"3", "2", "501"});
  const auto key = chain_with_line(*store, chat_a, "u1", 50);

  const erasure_counts n = store->erase_sender(chat_a, "u1");
  CHECK(n.messages == 1);
  CHECK(n.requests == 1);
  CHECK(n.chain_entries == 1);
  CHECK(n.other == 1);  // the remembered address
  CHECK(n.total() == 4);

  const auto m = store->find_message(chat_a, "m1");
  CHECK(m->message.text.empty());
  CHECK(m->message.from.name.empty());
  CHECK(m->message.from.id == "u1");
  CHECK(m->answers.empty());
  CHECK(store->find_message(chat_a, "m2")->message.text == other.message.text);
  CHECK(store->find_message(chat_b, "m3")->message.text == elsewhere.message.text);

  const auto r = store->find_request(chat_a, need.number);
  REQUIRE(r);
  CHECK(r->requester_name.empty());
  CHECK(r->text.empty());
  REQUIRE(r->where);
  CHECK(r->where->building == "3");  // the tallies by building still add up
  CHECK_FALSE(r->where->unit);
  CHECK_FALSE(r->where->room);
  REQUIRE(r->items.size() == 1);
  CHECK(r->items[0].amount_cents == 5990);  // money stays
  CHECK_FALSE(store->load_address(chat_a, "u1"));

  const auto c = store->find_chain(chat_a, key);
  REQUIRE(c->entries.size() == 1);
  CHECK(c->entries[0].content.empty());
  CHECK(c->entries[0].name.empty());
  CHECK(c->entries[0].detail.empty());
  CHECK(c->entries[0].state == entry_state::left);  // its place is freed

  // Erasing again changes nothing more.
  CHECK(store->erase_sender(chat_a, "u1").total() == 0);
}

CONTRACT_TEST("erasing what is older than a date keeps open needs and newer data", "[audit]") {
  auto store = backend.make_store();
  auto old_message = sample_message(chat_a, "m1");
  old_message.message.received_at_ms = 1000;
  store->insert_message(old_message);
  auto new_message = sample_message(chat_a, "m2");
  new_message.message.received_at_ms = 5000;
  store->insert_message(new_message);
  auto done = sample_request(chat_a, "u1", address{"3", "2", "501"}, "硝苯地平", 1000);
  done.status = request_status::delivered;
  store->insert_request(done);
  auto open = sample_request(chat_a, "u2", address{"4", "1", "101"}, "大米", 1000);
  store->insert_request(open);
  const auto old_chain = chain_with_line(*store, chat_a, "u1", 1000);
  const auto new_chain = chain_with_line(*store, chat_a, "u2", 5000);

  const erasure_counts n = store->erase_before(2000);
  CHECK(n.messages == 1);
  CHECK(n.requests == 1);
  CHECK(n.chain_entries == 1);
  CHECK(store->find_message(chat_a, "m1")->message.text.empty());
  CHECK(store->find_message(chat_a, "m2")->message.text == new_message.message.text);
  CHECK(store->find_request(chat_a, done.number)->requester_name.empty());
  CHECK(store->find_request(chat_a, done.number)->status == request_status::delivered);
  CHECK(store->find_request(chat_a, open.number)->requester_name == "王阿姨");
  const auto erased = store->find_chain(chat_a, old_chain);
  CHECK(erased->entries[0].name.empty());
  CHECK(erased->entries[0].state == entry_state::active);  // a count, as it was
  CHECK(store->find_chain(chat_a, new_chain)->entries[0].name == "张三");
  CHECK(store->erase_before(2000).total() == 0);
}

CONTRACT_TEST("erasure reaches offers: the offerer's fields, open ones withdrawn", "[audit]") {
  auto store = backend.make_store();
  auto make = [&](const std::string& who, offer_status status, std::int64_t at_ms) {
    offer o;
    o.chat = chat_a;
    o.offerer_id = who;
    o.offerer_name = "李叔";
    o.where = address{"3", "2", "501"};
    o.items = {{"蒙脱石散", "蒙脱石散", 2, "盒"}};
    o.category = "medicine";
    o.status = status;
    o.text = "我家多了两盒蒙脱石散，谁家需要可以来拿";
    o.message_id = "m-" + who + std::to_string(at_ms);
    o.created_ms = o.updated_ms = at_ms;
    store->insert_offer(o);
    return store->list_offers(chat_a).back().number;
  };
  const int open = make("u1", offer_status::open, 1000);
  const int given = make("u2", offer_status::given, 1000);
  const int recent = make("u3", offer_status::given, 5000);

  CHECK(store->erase_sender(chat_a, "u1").other >= 1);
  const auto erased = store->find_offer(chat_a, open);
  CHECK(erased->offerer_name.empty());
  CHECK(erased->text.empty());
  CHECK(erased->status == offer_status::withdrawn);
  REQUIRE(erased->where);
  CHECK(erased->where->building == "3");  // counts by building still add up
  CHECK(erased->items.size() == 1);

  CHECK(store->erase_before(2000).other >= 1);
  CHECK(store->find_offer(chat_a, given)->offerer_name.empty());
  CHECK(store->find_offer(chat_a, recent)->offerer_name == "李叔");
}
