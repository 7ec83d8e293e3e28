// The whole dispatcher (commands, keywords, chains, requests, tasks) over a real in-memory store,
// as a chat would drive it: the input is a conversation, messages separated by '\n\n\n', each
// from one of three people (the first byte picks who, a coordinator among them).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "bot/pipeline/apply.hpp"
#include "handlers/core/dispatcher.hpp"
#include "storage/open.hpp"

using namespace linli;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const handlers::dispatcher handlers_table;
  // A fresh database per input keeps runs reproducible; :memory: keeps them fast.
  const auto store = storage::open(":memory:");
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  int n = 0;
  while (!rest.empty() && n < 16) {
    const std::size_t end = rest.find("\n\n\n");
    std::string_view text = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 3);
    const int who = text.empty() ? 0 : static_cast<unsigned char>(text[0]) % 3;
    envelope e;
    e.chat = {"generic", "g1"};
    e.delivery_id = "m" + std::to_string(++n);
    e.from = {"u" + std::to_string(who), "邻居" + std::to_string(who),
              who == 0 ? platform_role::admin : platform_role::member};
    e.text = std::string(text);
    e.received_at_ms = 1669111200000 + n * 60'000;
    // Exactly the writer's step: a handler that throws leaves the message stored as "failed".
    storage::transaction tx(*store);
    (void)bot::apply_message(*store, handlers_table, e);
    tx.commit();
  }
  return 0;
}
