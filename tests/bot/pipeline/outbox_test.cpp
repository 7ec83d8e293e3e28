#include "bot/pipeline/outbox.hpp"

#include <catch2/catch.hpp>
#include <future>

#include "bot/metrics.hpp"
#include "bot/pipeline/ingest.hpp"
#include "storage/open.hpp"

using namespace linli;
using namespace linli::bot;

namespace {

envelope message(const std::string& id, const std::string& text) {
  envelope e;
  e.chat = {"telegram", "-100"};
  e.delivery_id = id;
  e.from = {"u1", "张三", platform_role::member};
  e.text = text;
  return e;
}

// Every reply after the first `carried` ones leaves through the send API.
outbox::rows_fn after(std::size_t carried) {
  return [carried](const envelope& m, const replies& answers) {
    std::vector<outbound_message> rows;
    for (std::size_t i = carried; i < answers.size(); ++i) {
      outbound_message row;
      row.chat = m.chat;
      row.text = answers[i].text;
      row.reply_to = m.message_key();
      rows.push_back(std::move(row));
    }
    return rows;
  };
}

}  // namespace

TEST_CASE("outbox stores a message's send-API replies and says their ids", "[outbox]") {
  auto store = storage::open(":memory:");
  const outbox box(after(1));
  storage::transaction tx(*store);
  const auto rows = box.add_replies(*store, message("m1", "x"), {{"一"}, {"二"}, {"三"}});
  tx.commit();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].text == "二");
  CHECK(rows[0].id > 0);
  CHECK(rows[1].id > rows[0].id);
  const auto pending = box.pending(*store);
  REQUIRE(pending.size() == 2);
  CHECK(pending[0].id == rows[0].id);
  CHECK(pending[1].text == "三");
}

TEST_CASE("outbox without a rows function keeps every reply in the answer", "[outbox]") {
  auto store = storage::open(":memory:");
  const outbox box;
  CHECK(box.add_replies(*store, message("m1", "x"), {{"一"}, {"二"}}).empty());
  std::vector<outbound_message> own(1);
  own[0].chat = {"telegram", "-100"};
  own[0].text = "⏰";
  box.add(*store, own);  // the bot's own messages are kept all the same
  CHECK(own[0].id > 0);
  CHECK(box.pending(*store).size() == 1);
}

TEST_CASE("outbox rows commit with their message, once, through the writer", "[outbox]") {
  auto store = storage::open(":memory:");
  handlers::dispatcher dispatcher;
  metrics stats;
  const outbox box(after(0));
  std::promise<ingest_result> first, again;
  {
    ingest writer(*store, dispatcher, box, stats, 64);
    writer.submit(message("m1", "/ping"), [&](ingest_result r) { first.set_value(r); });
    writer.submit(message("m1", "/ping"), [&](ingest_result r) { again.set_value(r); });
  }
  const ingest_result r = first.get_future().get();
  REQUIRE(r.outbox.size() == 1);
  CHECK(r.outbox[0].text == "在线 ✅");
  CHECK(r.outbox[0].id > 0);
  CHECK(again.get_future().get().outbox.empty());  // a redelivery sends nothing again
  CHECK(store->pending_outbound().size() == 1);
}

TEST_CASE("outbox records a sender's progress through the writer", "[outbox]") {
  auto store = storage::open(":memory:");
  handlers::dispatcher dispatcher;
  metrics stats;
  const outbox box;
  std::vector<outbound_message> own(2);
  for (auto& m : own) m.chat = {"telegram", "-100"}, m.text = "第一行\n第二行";
  box.add(*store, own);
  {
    ingest writer(*store, dispatcher, box, stats, 64);
    const auto record = box.recorder(writer);
    outbound_message part = own[0];
    part.parts_sent = 1;
    part.attempts = 1;
    record(part);
    outbound_message done = own[1];
    done.state = outbound_state::sent;
    done.sent_ms = 1669000000000;
    record(done);
  }  // stopping the writer applies what was recorded
  const auto pending = store->pending_outbound();
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].id == own[0].id);
  CHECK(pending[0].attempts == 1);
  CHECK(store->find_outbound(own[1].id)->state == outbound_state::sent);
}

TEST_CASE("a sender's sent record waits for room in a full writer queue and is kept", "[outbox]") {
  auto store = storage::open(":memory:");
  handlers::dispatcher dispatcher;
  metrics stats;
  const outbox box;
  std::vector<outbound_message> own(1);
  own[0].chat = {"telegram", "-100"};
  own[0].text = "⏰ 明天 09:00 东门岗";
  {
    storage::transaction tx(*store);
    box.add(*store, own);
    tx.commit();
  }
  {
    ingest writer(*store, dispatcher, box, stats, 1, /*max_queue=*/1);
    std::promise<void> release, busy;
    // The writer is busy, and the one place in its queue taken: the queue is full.
    writer.execute(
        [&](storage::store&) {
          busy.set_value();
          release.get_future().wait();
        },
        nullptr);
    busy.get_future().wait();
    writer.execute([](storage::store&) {}, nullptr);
    outbound_message sent = own[0];
    sent.state = outbound_state::sent;
    sent.sent_ms = 5;
    sent.attempts = 1;
    auto record = std::async(std::launch::async, [&] { box.recorder(writer)(sent); });
    // The record waits for room rather than being dropped.
    CHECK(record.wait_for(std::chrono::milliseconds(50)) == std::future_status::timeout);
    release.set_value();
    record.get();
  }
  // As a restart would find it: sent, so not sent again.
  const auto row = store->find_outbound(own[0].id);
  REQUIRE(row);
  CHECK(row->state == outbound_state::sent);
  CHECK(box.pending(*store).empty());
}

TEST_CASE("outbox masks phone numbers in the bot's own messages", "[outbox]") {
  auto store = storage::open(":memory:");
  const outbox box;
  std::vector<outbound_message> own(1);
  own[0].chat = {"telegram", "-100"};
  own[0].text = "⏰ 提醒：张三 13812345678、李四 １３９１２３４５６７８ 明天 09:00 到岗";
  box.add(*store, own);
  CHECK(own[0].text == "⏰ 提醒：张三 138****5678、李四 139****5678 明天 09:00 到岗");
  CHECK(store->find_outbound(own[0].id)->text == own[0].text);
}
