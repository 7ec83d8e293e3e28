#pragma once
// Helpers shared by the unit tests.

#include <catch2/catch.hpp>

#include <filesystem>
#include <random>
#include <string>
#include <utility>

namespace linli::testing {

// A fresh directory under the system temp dir, removed with everything in it on destruction.
class temp_dir {
 public:
  temp_dir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("linli-test-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace linli::testing

#include "handlers/core/dispatcher.hpp"
#include "storage/open.hpp"

namespace linli::testing {

// A group chat with the real dispatcher over an in-memory store. Each message is applied
// in its own transaction, `step_ms` after the previous one.
struct chat_fixture {
  explicit chat_fixture(handlers::policy rules = {}) : bot(std::move(rules)) {}

  std::unique_ptr<storage::store> store = storage::open(":memory:");
  handlers::dispatcher bot;
  chat_ref chat{"generic", "g1"};
  std::int64_t clock_ms = 1669111200000;  // 2022-11-22 18:00 in Shanghai
  std::int64_t step_ms = 60'000;
  int next_id = 0;
  // Keep each message in the inbox with its outcome, as the writer does (edits look up the
  // message they edit there). Off by default: many tests store messages of their own.
  bool keep_messages = false;

  // Sends a message as `who` (a group admin, so a coordinator, when `coordinator`); `reply_to`
  // is the message id it answers. Message ids are m1, m2, ... in order.
  handlers::outcome say(const std::string& who, const std::string& text, bool coordinator = false,
                        const std::string& reply_to = "") {
    envelope e;
    e.chat = chat;
    e.delivery_id = "m" + std::to_string(++next_id);
    e.from = {who, who, coordinator ? platform_role::admin : platform_role::member};
    e.text = text;
    e.reply_to = reply_to;
    e.received_at_ms = (clock_ms += step_ms);
    return apply(e);
  }

  // `who` edits the message with delivery id `original` (m3) to read `text`, as a platform
  // delivers an edit: a new delivery with the original's message id.
  handlers::outcome edit(const std::string& who, const std::string& original,
                         const std::string& text) {
    envelope e;
    e.chat = chat;
    e.delivery_id = "m" + std::to_string(++next_id);
    e.message_id = original;
    e.edited = true;
    e.from = {who, who, platform_role::member};
    e.text = text;
    e.received_at_ms = (clock_ms += step_ms);
    return apply(e);
  }

  // Handles the message in a transaction of its own.
  handlers::outcome apply(const envelope& e) {
    storage::transaction tx(*store);
    handlers::outcome out = bot.handle(e, *store);
    if (keep_messages) store->insert_message({0, e, out.kind, out.answers});
    tx.commit();
    return out;
  }

  // The replies to a message, joined by newlines.
  std::string replies_to(const std::string& who, const std::string& text,
                         bool coordinator = false) {
    std::string out;
    for (const auto& r : say(who, text, coordinator).answers) out += r.text + "\n";
    return out;
  }

  // Need #number of the chat, which must exist.
  supply_request request(int number) { return *store->find_request(chat, number); }

  // The one reply to a message, exactly.
  std::string reply(const std::string& who, const std::string& text, bool coordinator = false) {
    const auto out = say(who, text, coordinator);
    REQUIRE(out.answers.size() == 1);
    return out.answers.front().text;
  }
};

// Every reply of an outcome, each followed by a newline.
inline std::string all_text(const handlers::outcome& o) {
  std::string out;
  for (const auto& r : o.answers) out += r.text + "\n";
  return out;
}

}  // namespace linli::testing
