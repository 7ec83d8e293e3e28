#include "bot/pipeline/ingest.hpp"
#include "bot/pipeline/outbox.hpp"

#include <catch2/catch.hpp>
#include <future>

#include "bot/metrics.hpp"
#include "storage/open.hpp"

using namespace linli;
using bot::ingest_result;

namespace {

envelope message(const std::string& id, const std::string& text) {
  envelope e;
  e.chat = {"generic", "g1"};
  e.delivery_id = id;
  e.from = {"u1", "张三", platform_role::member};
  e.text = text;
  return e;
}

struct fixture {
  std::unique_ptr<storage::store> store = storage::open(":memory:");
  handlers::dispatcher dispatcher;
  bot::outbox box;
  bot::metrics stats;

  // Submits all messages at once (so they share batches) and waits for every result.
  std::vector<ingest_result> run(const std::vector<envelope>& messages, std::size_t max_batch) {
    std::vector<std::promise<ingest_result>> promises(messages.size());
    {
      bot::ingest writer(*store, dispatcher, box, stats, max_batch);
      for (std::size_t i = 0; i < messages.size(); ++i) {
        writer.submit(messages[i], [&p = promises[i]](ingest_result r) { p.set_value(r); });
      }
    }
    std::vector<ingest_result> out;
    for (auto& p : promises) out.push_back(p.get_future().get());
    return out;
  }
};

}  // namespace

TEST_CASE("ingest stores each message once and answers redeliveries from the inbox", "[ingest]") {
  fixture f;
  const auto results = f.run(
      {message("m1", "/ping"), message("m2", "hello"), message("m1", "/ping (redelivered)")}, 512);
  CHECK(results[0].state == ingest_result::status::stored);
  CHECK(results[0].answers == replies{{"在线 ✅"}});
  CHECK(results[1].state == ingest_result::status::stored);
  CHECK(results[1].answers.empty());
  CHECK(results[2].state == ingest_result::status::duplicate);
  CHECK(results[2].answers == results[0].answers);
  CHECK(f.store->count_messages() == 2);
  CHECK(f.store->find_message({"generic", "g1"}, "m2")->kind == "chatter");
}

TEST_CASE("ingest applies messages in submission order across batches", "[ingest]") {
  fixture f;
  std::vector<envelope> messages;
  for (int i = 0; i < 50; ++i) messages.push_back(message("m" + std::to_string(i), "x"));
  const auto results = f.run(messages, 7);
  for (const auto& r : results) CHECK(r.state == ingest_result::status::stored);
  const auto rows = f.store->list_messages({"generic", "g1"}, {.limit = 100});
  REQUIRE(rows.size() == 50);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CHECK(rows[i].message.delivery_id == "m" + std::to_string(49 - i));  // newest first
  }
}

TEST_CASE("ingest keeps a message whose handler throws, and undoes its changes", "[ingest]") {
  fixture f;
  f.dispatcher.add(handlers::command{.name = "boom", .run = [](handlers::context& ctx) -> replies {
                                       ctx.store.save_chat(ctx.message.chat,
                                                           {.lang = storage::language::en});
                                       throw std::runtime_error("handler bug");
                                     }});
  const auto results = f.run({message("m1", "/boom"), message("m2", "/ping")}, 512);
  CHECK(results[0].state == ingest_result::status::stored);
  CHECK_THAT(results[0].answers.at(0).text, Catch::Contains("已保存"));
  CHECK(results[1].answers == replies{{"在线 ✅"}});  // the batch went on in Chinese
  const auto kept = f.store->find_message({"generic", "g1"}, "m1");
  REQUIRE(kept);
  CHECK(kept->kind == "failed");
  CHECK(kept->message.text == "/boom");
  CHECK(f.store->load_chat({"generic", "g1"}).lang == storage::language::zh);
}

TEST_CASE("ingest refuses work after stop and when the queue is full", "[ingest]") {
  fixture f;
  bot::ingest writer(*f.store, f.dispatcher, f.box, f.stats, 512, 0);
  std::promise<ingest_result> full;
  writer.submit(message("m1", "x"), [&](ingest_result r) { full.set_value(r); });
  CHECK(full.get_future().get().state == ingest_result::status::overloaded);
  writer.stop();
  CHECK(f.store->count_messages() == 0);
}

TEST_CASE("ingest stores a NUL byte of any text as U+FFFD, as PostgreSQL can hold it", "[ingest]") {
  fixture f;
  envelope e = message(std::string("m\0"
                                   "1",
                                   3),
                       std::string("/ping\0 hi", 9));
  e.from.name = std::string("张\0三", 7);
  e.reply_to = std::string("\0", 1);
  const auto results = f.run({e}, 512);
  CHECK(results[0].state == ingest_result::status::stored);
  const auto stored = f.store->find_message({"generic", "g1"}, "m\uFFFD1");
  REQUIRE(stored);
  CHECK(stored->message.text == "/ping\uFFFD hi");
  CHECK(stored->message.from.name == "张\uFFFD三");
  CHECK(stored->message.reply_to == "\uFFFD");
}
