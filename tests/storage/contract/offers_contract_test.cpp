// Neighbours' offers: numbered per chat in their own sequence, items kept whole, status and the
// matched need saved, listed oldest first and by status.

#include "tests/storage/contract/contract.hpp"
#include "tests/storage/contract/samples.hpp"

using namespace linli;
using contract::chat_a;
using contract::chat_b;

namespace {

offer sample_offer(const chat_ref& chat, const std::string& who, std::int64_t at_ms) {
  offer o;
  o.chat = chat;
  o.offerer_id = who;
  o.offerer_name = "李叔";
  o.where = address{"3", "2", "501"};
  o.items = {{"蒙脱石散", "蒙脱石散", 2, "盒"}, {"口罩", "口罩", 10, std::nullopt}};
  o.category = "medicine";
  o.text = "我家多了两盒蒙脱石散，谁家需要可以来拿";
  o.message_id = "m-" + std::to_string(at_ms);
  o.created_ms = at_ms;
  o.updated_ms = at_ms + 1;
  return o;
}

}  // namespace

CONTRACT_TEST("offers round-trip with their items, numbered per chat", "[offers]") {
  auto store = backend.make_store();
  CHECK_FALSE(store->find_offer(chat_a, 1));
  offer first = sample_offer(chat_a, "u1", 100);
  first.number = 77;  // ignored: the store numbers it
  const auto id = store->insert_offer(first);
  CHECK(first.id == id);
  CHECK(first.number == 1);
  offer other_chat = sample_offer(chat_b, "u2", 110);
  store->insert_offer(other_chat);
  CHECK(other_chat.number == 1);
  offer second = sample_offer(chat_a, "u3", 120);
  second.where.reset();
  second.items = {{"卷纸", "卫生纸", 1, "提"}};
  store->insert_offer(second);
  CHECK(second.number == 2);

  // A request in the same chat has its own numbers.
  supply_request r = contract::sample_request(chat_a, "u9", std::nullopt, "大米", 130);
  store->insert_request(r);
  CHECK(r.number == 1);

  const auto got = store->find_offer(chat_a, 1);
  REQUIRE(got);
  CHECK(got->id == id);
  CHECK(got->chat == chat_a);
  CHECK(got->offerer_id == "u1");
  CHECK(got->offerer_name == "李叔");
  CHECK(got->where == address{"3", "2", "501"});
  CHECK(got->items == first.items);
  CHECK(got->category == "medicine");
  CHECK(got->status == offer_status::open);
  CHECK_FALSE(got->matched_request);
  CHECK(got->text == first.text);
  CHECK(got->message_id == "m-100");
  CHECK(got->created_ms == 100);
  CHECK(got->updated_ms == 101);
  const auto no_address = store->find_offer(chat_a, 2);
  REQUIRE(no_address);
  CHECK_FALSE(no_address->where);
  CHECK(no_address->items == second.items);
  CHECK_FALSE(store->find_offer(chat_b, 2));
}

CONTRACT_TEST("an offer's status, match and address are saved and listed by time and status",
              "[offers]") {
  auto store = backend.make_store();
  offer a = sample_offer(chat_a, "u1", 100);
  offer b = sample_offer(chat_a, "u2", 200);
  offer c = sample_offer(chat_a, "u3", 300);
  for (offer* o : {&a, &b, &c}) store->insert_offer(*o);
  offer elsewhere = sample_offer(chat_b, "u4", 150);
  store->insert_offer(elsewhere);

  a.status = offer_status::matched;
  a.matched_request = 5;
  a.where = address{"7", std::nullopt, "302"};
  a.updated_ms = 400;
  store->update_offer(a);
  c.status = offer_status::withdrawn;
  c.updated_ms = 500;
  store->update_offer(c);

  const auto got = store->find_offer(chat_a, a.number);
  REQUIRE(got);
  CHECK(got->status == offer_status::matched);
  CHECK(got->matched_request == 5);
  CHECK(got->where == address{"7", std::nullopt, "302"});
  CHECK(got->updated_ms == 400);
  CHECK(got->items == a.items);  // untouched by an update

  const auto all = store->list_offers(chat_a);
  REQUIRE(all.size() == 3);
  CHECK(all[0].number == a.number);
  CHECK(all[1].number == b.number);
  CHECK(all[2].number == c.number);
  const auto recent = store->list_offers(chat_a, 200);
  REQUIRE(recent.size() == 2);
  CHECK(recent[0].number == b.number);

  const auto open = store->offers_in(chat_a, offer_status::open);
  REQUIRE(open.size() == 1);
  CHECK(open[0].number == b.number);
  CHECK(store->offers_in(chat_a, offer_status::matched).size() == 1);
  CHECK(store->offers_in(chat_a, offer_status::withdrawn)[0].updated_ms == 500);
  CHECK(store->offers_in(chat_a, offer_status::given).empty());
  CHECK(store->offers_in(chat_b, offer_status::open).size() == 1);

  a.status = offer_status::given;
  a.matched_request.reset();
  store->update_offer(a);
  CHECK(store->find_offer(chat_a, a.number)->status == offer_status::given);
  CHECK_FALSE(store->find_offer(chat_a, a.number)->matched_request);
}
