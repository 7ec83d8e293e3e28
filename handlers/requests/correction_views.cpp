#include "handlers/requests/correction_views.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "handlers/requests/board_views.hpp"
#include "handlers/requests/correction_commands.hpp"
#include "handlers/requests/request_parser.hpp"

namespace linli::handlers {
namespace {

using json = nlohmann::json;

constexpr int audit_page = 500;

// The message `seq` of the chat, whatever it was understood as now.
std::optional<storage::stored_message> message_at(storage::store& store, const chat_ref& chat,
                                                  std::int64_t seq) {
  storage::message_filter f;
  f.before_seq = seq + 1;
  f.limit = 1;
  auto rows = store.list_messages(chat, f);
  if (rows.empty() || rows.front().seq != seq) return std::nullopt;
  return std::move(rows.front());
}

// What the need's text says beyond its stored fields (the words that made it urgent, a priority
// group, a question to the group), read again by the same reader.
json need_label(const supply_request& r) {
  const auto read = parse_request(r.text);
  std::optional<std::string> reason;
  if (r.urgent) {
    // Marked urgent by a coordinator's 改 when the text says nothing of it.
    reason = read && read->urgency_reason ? *read->urgency_reason : std::string("协调员标记");
  }
  json items = json::array();
  for (const request_item& i : r.items) {
    items.push_back({{"name", i.name}, {"quantity", i.quantity}, {"unit", optional_json(i.unit)}});
  }
  std::optional<std::int64_t> money = r.stated_total_cents;
  if (!money) {
    for (const request_item& i : r.items) {
      if (i.amount_cents) money = money.value_or(0) + *i.amount_cents;
    }
  }
  return {{"kind", "need"},
          {"address", address_json(r.where)},
          {"items", std::move(items)},
          {"money_cents", optional_json(money)},
          {"category", r.category},
          {"urgent", r.urgent},
          {"urgency_reason", optional_json(reason)},
          {"priority_group", read ? optional_json(read->priority_group) : json(nullptr)},
          {"question", read && read->question}};
}

json offer_label(const offer& o) {
  json items = json::array();
  for (const offer_item& i : o.items) {
    items.push_back({{"name", i.name}, {"quantity", i.quantity}, {"unit", optional_json(i.unit)}});
  }
  return {
      {"kind", "offer"},           {"address", address_json(o.where)}, {"items", std::move(items)},
      {"money_cents", nullptr},    {"category", o.category},           {"urgent", false},
      {"urgency_reason", nullptr}, {"priority_group", nullptr},        {"question", false}};
}

// "12:#3" -> (12, 3)
std::optional<std::pair<std::int64_t, int>> target_of(const std::string& target) {
  const auto colon = target.find(":#");
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  try {
    return std::pair{std::stoll(target.substr(0, colon)), std::stoi(target.substr(colon + 2))};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

json corrections_view(storage::store& store, const chat_ref& chat) {
  std::vector<audit_entry> found;
  for (std::int64_t before = 0;;) {
    const auto page = store.list_audit(chat, before, audit_page);
    for (const audit_entry& e : page) {
      if (correction_kind_from_action(e.action) && e.chat == chat) found.push_back(e);
    }
    if (static_cast<int>(page.size()) < audit_page) break;
    before = page.back().seq;
  }
  std::reverse(found.begin(), found.end());  // oldest first
  json records = json::array();
  for (const audit_entry& e : found) {
    const auto target = target_of(e.target);
    if (!target) continue;
    const auto m = message_at(store, chat, target->first);
    if (!m || m->message.text.empty()) continue;
    json label;
    std::string as_read;
    if (correction_kind_from_action(e.action) == correction_kind::need) {
      const auto r = store.find_request(chat, target->second);
      if (!r) continue;
      label = need_label(*r);
      as_read = r->text;
    } else {
      const auto o = store.find_offer(chat, target->second);
      if (!o) continue;
      label = offer_label(*o);
      as_read = o->text;
    }
    json record = {{"id", "x" + std::to_string(m->seq)},
                   {"split", "dev"},
                   {"source", "linli correction in " + chat.platform + ":" + chat.chat_id + " by " +
                                  e.actor_name}};
    if (as_read != m->message.text) record["note"] = "corrected text: " + as_read;
    record["text"] = m->message.text;
    record["label"] = std::move(label);
    records.push_back(std::move(record));
  }
  return {{"corrections", std::move(records)}};
}

}  // namespace linli::handlers
