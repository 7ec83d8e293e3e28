#include "bot/pipeline/replay.hpp"

#include <stdexcept>

#include "bot/pipeline/apply.hpp"

namespace linli::bot {

replay_summary replay(storage::store& source, storage::store& target,
                      const handlers::dispatcher& dispatcher, std::size_t batch) {
  replay_summary summary;
  std::int64_t after = 0;
  for (;;) {
    const auto messages = source.messages_after(after, static_cast<int>(batch));
    if (messages.empty()) break;
    storage::transaction tx(target);
    for (const auto& m : messages) {
      const applied a = apply_message(target, dispatcher, m.message);
      if (a.unavailable)
        throw std::runtime_error("storage failed replaying " + m.message.delivery_id);
      ++summary.messages;
      if (a.answers != m.answers) ++summary.changed_replies;
      if (a.kind == handlers::kinds::failed) ++summary.failed;
      after = m.seq;
    }
    tx.commit();
  }
  return summary;
}

}  // namespace linli::bot
