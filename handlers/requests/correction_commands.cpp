#include "handlers/requests/correction_commands.hpp"

#include <array>
#include <string>

#include "handlers/core/dispatcher.hpp"
#include "handlers/core/kinds.hpp"
#include "handlers/offers/offer_commands.hpp"
#include "handlers/requests/request_commands.hpp"
#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::handlers {
namespace {

constexpr int audit_page = 500;  // entries read at a time when looking for an earlier correction

struct kind_word {
  std::string_view word;  // folded
  correction_kind kind;
};

constexpr std::array<kind_word, 7> kind_words = {{
    {"需求", correction_kind::need},
    {"需", correction_kind::need},
    {"need", correction_kind::need},
    {"供给", correction_kind::offer},
    {"提供", correction_kind::offer},
    {"互助", correction_kind::offer},
    {"offer", correction_kind::offer},
}};

bool is_space(char32_t cp) {
  return cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r' || cp == 0x3000;
}

// The first word of s and the trimmed rest.
std::pair<std::string_view, std::string_view> first_word(std::string_view s) {
  s = text::trim(s);
  std::size_t pos = 0;
  while (pos < s.size()) {
    const auto d = utf8::decode_at(s, pos);
    if (is_space(d.code_point)) break;
    pos += d.length;
  }
  return {s.substr(0, pos), text::trim(s.substr(pos))};
}

std::optional<correction_kind> kind_of(std::string_view word) {
  const std::string folded = text::fold(word);
  for (const kind_word& k : kind_words) {
    if (k.word == folded) return k.kind;
  }
  return std::nullopt;
}

std::optional<std::int64_t> seq_of(std::string_view word) {
  const std::string folded = text::fold(word);
  const auto n = text::read_number(folded);
  if (folded.empty() || folded[0] < '0' || folded[0] > '9' || !n || n->length != folded.size() ||
      n->value < 1) {
    return std::nullopt;
  }
  return n->value;
}

// The chat's message `seq` when linli understood it as nothing.
std::optional<storage::stored_message> chatter_at(storage::store& store, const chat_ref& chat,
                                                  std::int64_t seq) {
  storage::message_filter f;
  f.before_seq = seq + 1;
  f.limit = 1;
  auto rows = store.list_messages(chat, f);
  if (rows.empty() || rows.front().seq != seq || rows.front().kind != kinds::chatter) {
    return std::nullopt;
  }
  return std::move(rows.front());
}

// The number the resident's reply names ("📝 已登记 #12 …"): the newest need or offer of the
// resident created by this message.
std::optional<int> logged_number(storage::store& store, const chat_ref& chat, correction_kind k,
                                 const std::string& delivery_id) {
  if (k == correction_kind::need) {
    const auto all = store.list_requests(chat);
    for (auto it = all.rbegin(); it != all.rend(); ++it) {
      if (it->message_id == delivery_id) return it->number;
    }
    return std::nullopt;
  }
  for (const auto s :
       {offer_status::open, offer_status::matched, offer_status::given, offer_status::withdrawn}) {
    for (const offer& o : store.offers_in(chat, s)) {
      if (o.message_id == delivery_id) return o.number;
    }
  }
  return std::nullopt;
}

replies on_correct(context& ctx) {
  auto [word, rest] = first_word(ctx.args);
  std::optional<storage::stored_message> original;
  std::optional<std::int64_t> seq = seq_of(word);
  if (seq) {
    std::tie(word, rest) = first_word(rest);
  } else if (!ctx.message.reply_to.empty()) {
    // In reply to the message itself: no number needed.
    if (auto m = ctx.store.find_message_by_key(ctx.message.chat, ctx.message.reply_to)) {
      seq = m->seq;
    }
  }
  const auto kind = kind_of(word);
  if (!seq || !kind) return {{ctx.say("requests.correct.usage")}};
  original = chatter_at(ctx.store, ctx.message.chat, *seq);
  const std::string seq_text = std::to_string(*seq);
  if (!original) return {{ctx.say("requests.correct.no_message", {{"seq", seq_text}})}};
  if (correction_of(ctx.store, ctx.message.chat, *seq)) {
    return {{ctx.say("requests.correct.already", {{"seq", seq_text}})}};
  }

  // The resident's message as the coordinator reads it, through the resident's own path.
  envelope as_meant = original->message;
  if (!rest.empty()) as_meant.text = std::string(rest);
  context theirs{as_meant,  ctx.store,    ctx.settings, text::trim(as_meant.text),
                 ctx.rules, ctx.chat_zone};
  const std::optional<replies> logged =
      *kind == correction_kind::need ? log_need(theirs) : log_offer(theirs);
  const auto number =
      logged ? logged_number(ctx.store, ctx.message.chat, *kind, original->message.delivery_id)
             : std::nullopt;
  if (!number) {
    return {{ctx.say(*kind == correction_kind::need ? "requests.correct.unreadable_need"
                                                    : "requests.correct.unreadable_offer",
                     {{"text", std::string(utf8::truncate(as_meant.text, 200))}})}};
  }
  ctx.audit(correction_action(*kind), seq_text + ":#" + std::to_string(*number));
  replies out{{ctx.say("requests.correct.done", {{"coordinator", ctx.message.from.name},
                                                 {"resident", original->message.from.name}})}};
  for (const reply& r : *logged) out.push_back(r);
  return out;
}

}  // namespace

std::optional<audit_entry> correction_of(storage::store& store, const chat_ref& chat,
                                         std::int64_t seq) {
  const std::string prefix = std::to_string(seq) + ":";
  std::int64_t before = 0;
  for (;;) {
    const auto page = store.list_audit(chat, before, audit_page);
    for (const audit_entry& e : page) {
      if (correction_kind_from_action(e.action) && e.target.starts_with(prefix)) return e;
    }
    if (static_cast<int>(page.size()) < audit_page) return std::nullopt;
    before = page.back().seq;
  }
}

std::string_view correction_action(correction_kind k) {
  return k == correction_kind::need ? "correct need" : "correct offer";
}

std::optional<correction_kind> correction_kind_from_action(std::string_view action) {
  if (action == "correct need") return correction_kind::need;
  if (action == "correct offer") return correction_kind::offer;
  return std::nullopt;
}

void add_correction_handlers(dispatcher& d) {
  d.add({.name = "correct",
         .aliases = {"代登记"},
         .summary = "requests.summary.correct",
         .need = role::coordinator,
         .run = on_correct});
}

}  // namespace linli::handlers
