#include "bot/import/importer.hpp"

#include <optional>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include "bot/pipeline/apply.hpp"
#include "bot/platforms/signature.hpp"
#include "handlers/core/kinds.hpp"
#include "handlers/requests/board_views.hpp"

namespace linli::bot::imports {

namespace {

// How far back a quote is looked for: the message it answers is almost always recent.
constexpr std::size_t quote_window = 500;

std::string sender_key(const std::string& id, const std::string& name) {
  return id.empty() ? "name:" + name : id;
}

envelope envelope_of(const chat_ref& chat, const exported_message& m, std::string delivery_id) {
  envelope e;
  e.chat = chat;
  e.delivery_id = std::move(delivery_id);
  e.from.id = sender_key(m.sender_id, m.sender_name);
  e.from.name = m.sender_name.empty() ? m.sender_id : m.sender_name;
  e.text = m.text;
  e.sent_at = m.time_ms / 1000;
  e.received_at_ms = m.time_ms;  // the handlers' "now" is when it was written
  return e;
}

// The delivery id of the latest earlier message that `q` quotes: same sender, text starting with
// the quoted text (exporters shorten long quotes); nullopt when none is in the window.
std::optional<std::string> quoted_id(const quoted& q, const std::vector<envelope>& before) {
  const std::string key = sender_key(q.sender_id, q.sender_name);
  const std::size_t stop = before.size() > quote_window ? before.size() - quote_window : 0;
  for (std::size_t i = before.size(); i > stop; --i) {
    const envelope& e = before[i - 1];
    const bool same = q.sender_id.empty() ? e.from.name == q.sender_name : e.from.id == key;
    if (same && e.text.starts_with(q.text)) return e.delivery_id;
  }
  return std::nullopt;
}

struct money {
  std::int64_t requested = 0;
  std::int64_t spent = 0;
};

money money_of(storage::store& store, const chat_ref& chat) {
  const nlohmann::json view = handlers::overview_view(store, chat, 0);
  const nlohmann::json& m = view.at("money");
  return {m.value("requested_cents", std::int64_t{0}), m.value("spent_cents", std::int64_t{0})};
}

}  // namespace

std::string delivery_id_of(const chat_ref& chat, const exported_message& m, int occurrence) {
  std::string key = chat.platform + '\0' + chat.chat_id + '\0';
  if (!m.export_id.empty()) {
    key += "id\0" + m.export_id;
  } else {
    key += std::to_string(m.time_ms) + '\0' + sender_key(m.sender_id, m.sender_name) + '\0' +
           m.text + '\0' + std::to_string(occurrence);
  }
  return "import:" + to_hex(sha256(key)).substr(0, 20);
}

import_summary import_history(storage::store& store, const handlers::dispatcher& dispatcher,
                              const chat_ref& chat, const history& h,
                              const import_options& options) {
  import_summary summary;
  summary.unread = h.unread;
  // Every message as an envelope first: ids and quotes depend only on the file.
  std::vector<envelope> envelopes;
  std::vector<std::int64_t> lines;  // where each starts in the export
  envelopes.reserve(h.messages.size());
  std::unordered_map<std::string, int> seen;
  for (const exported_message& m : h.messages) {
    if (m.system) {
      ++summary.system;
      continue;
    }
    // The id of a first occurrence names the content; the same words from the same sender at
    // the same second again are its next occurrence, a message of their own.
    const std::string content = delivery_id_of(chat, m, 0);
    envelope e = envelope_of(chat, m, delivery_id_of(chat, m, seen[content]++));
    for (const quoted& q : m.quotes) {
      if (auto id = quoted_id(q, envelopes)) {
        e.reply_to = std::move(*id);
        break;
      }
    }
    replace_nul(e);
    envelopes.push_back(std::move(e));
    lines.push_back(m.line);
  }

  const money before = money_of(store, chat);
  std::set<std::int64_t> drives;  // the drives the imported donations went to
  std::set<std::string> donation_ids;
  const std::size_t batch =
      options.dry_run ? envelopes.size() + 1 : std::max<std::size_t>(1, options.batch);
  std::size_t done = 0;
  while (done < envelopes.size() || (done == 0 && envelopes.empty())) {
    storage::transaction tx(store);
    store.lock_chats({chat});
    const std::size_t end = std::min(envelopes.size(), done + batch);
    for (; done < end; ++done) {
      const applied a = apply_message(store, dispatcher, envelopes[done]);
      if (a.unavailable) {
        // Nothing of this batch is kept; the batches before it are, and a second run skips them.
        throw std::runtime_error("storage failed importing the message of line " +
                                 std::to_string(lines[done]));
      }
      if (a.duplicate) {
        ++summary.already;
        continue;
      }
      ++summary.messages;
      ++summary.kinds[a.kind];
      if (a.kind == handlers::kinds::donation) {
        if (const auto drive = store.current_drive(chat)) drives.insert(drive->id);
        donation_ids.insert(envelopes[done].delivery_id);
      }
    }
    if (done == envelopes.size()) {
      const money after = money_of(store, chat);
      summary.requested_cents = after.requested - before.requested;
      summary.spent_cents = after.spent - before.spent;
      for (const std::int64_t drive : drives) {
        for (const donation& d : store.donations(drive)) {
          if (donation_ids.contains(d.message_id)) summary.donated_cents += d.cents;
        }
      }
    }
    if (!options.dry_run) tx.commit();
    if (options.progress) options.progress(done, envelopes.size());
    if (envelopes.empty()) break;
  }
  return summary;
}

}  // namespace linli::bot::imports
