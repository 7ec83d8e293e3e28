#include "bot/pipeline/outbox.hpp"

#include "bot/pipeline/ingest.hpp"

#include <spdlog/spdlog.h>

#include "handlers/text/phone.hpp"

namespace linli::bot {

outbox::outbox(rows_fn rows) : rows_(std::move(rows)) {}

std::vector<outbound_message> outbox::add_replies(storage::store& store, const envelope& message,
                                                  const replies& answers) const {
  if (!rows_) return {};
  std::vector<outbound_message> out = rows_(message, answers);
  add(store, out);
  return out;
}

void outbox::add(storage::store& store, std::vector<outbound_message>& messages) const {
  for (outbound_message& m : messages) {
    // The schedule's reminders render names and lines residents wrote: they are masked here, the
    // one place every message the bot sends on its own passes (replies were masked already).
    m.text = text::mask_phones(m.text);
    m.id = store.insert_outbound(m);
  }
}

std::vector<outbound_message> outbox::pending(storage::store& store) const {
  return store.pending_outbound();
}

std::function<void(const outbound_message&)> outbox::recorder(ingest& writer) const {
  return [&writer](const outbound_message& m) {
    writer.execute_waiting([m](storage::store& s) { s.update_outbound(m); },
                           [id = m.id](bool committed) {
                             if (!committed) {
                               spdlog::warn(
                                   "outbox: the new state of message {} was not stored; "
                                   "it may be sent again after a restart",
                                   id);
                             }
                           });
  };
}

}  // namespace linli::bot
