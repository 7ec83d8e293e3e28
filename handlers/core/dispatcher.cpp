#include "handlers/core/dispatcher.hpp"

#include <algorithm>
#include <stdexcept>

#include "handlers/chains/chain_commands.hpp"
#include "handlers/core/core_commands.hpp"
#include "handlers/core/robot_command.hpp"
#include "handlers/offers/offer_commands.hpp"
#include "handlers/requests/donation_commands.hpp"
#include "handlers/requests/group_buy_commands.hpp"

#include "handlers/report/report.hpp"
#include "handlers/requests/correction_commands.hpp"
#include "handlers/requests/request_commands.hpp"
#include "handlers/tasks/task_commands.hpp"

#include "handlers/text/phone.hpp"
#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::handlers {
namespace {

bool is_space_at(std::string_view s, std::size_t pos) {
  const char32_t cp = utf8::decode_at(s, pos).code_point;
  return cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r' || cp == 0x3000;
}

// Splits "/cmd@bot  rest" into the command word and the trimmed rest, on the original text.
std::pair<std::string_view, std::string_view> split_word(std::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size() && !is_space_at(s, pos)) pos += utf8::decode_at(s, pos).length;
  return {s.substr(0, pos), text::trim(s.substr(pos))};
}

// Edit distance in code points, for "did you mean" on a mistyped command.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::u32string x, y;
  utf8::for_each(a, [&](char32_t cp, std::size_t, std::size_t) { x.push_back(cp); });
  utf8::for_each(b, [&](char32_t cp, std::size_t, std::size_t) { y.push_back(cp); });
  std::vector<std::size_t> row(y.size() + 1);
  for (std::size_t j = 0; j <= y.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= x.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= y.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (x[i - 1] == y[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[y.size()];
}

std::string denied_answer(const context& ctx, const command& c) {
  const std::string who =
      ctx.say(c.need == role::coordinator ? "core.denied.coordinators" : "core.denied.leads");
  return ctx.say("core.denied", {{"command", c.name}, {"who", who}});
}

// Commands longer than this are not worth a suggestion (and keep edit_distance cheap on junk).
constexpr std::size_t max_command_bytes = 64;
// How much of a message's start is folded to find a command or keyword.
constexpr std::size_t max_prefix_bytes = 256;

}  // namespace

namespace {
const time_zone& zone_named(const std::string& name) {
  const time_zone* z = time_zone::find(name);
  if (!z) throw std::invalid_argument("unknown time zone: " + name);
  return *z;
}
}  // namespace

dispatcher::dispatcher(policy rules)
    : rules_(std::move(rules)), default_zone_(zone_named(rules_.time_zone)) {
  add_core_commands(*this);
  add_task_handlers(*this);  // before the chain and requests: "退出 T12", "认领 T12" name tasks
  add_chain_handlers(*this);
  add_group_buy_handlers(*this);  // before requests: "3-1-201 蔬菜包 2份" is an order
  add_donation_handlers(*this);
  add_offer_handlers(*this);  // before requests: "我家有X，谁需要" offers, 撤回 #3 of an offer
  add_request_handlers(*this);
  add_correction_handlers(*this);
  add_report_handlers(*this);
  add_robot_commands(*this);
}

std::int64_t message_time_ms(const envelope& message) {
  constexpr std::int64_t day_ms = 86'400'000;
  // A platform timestamp counts when it is not in the future (5 minutes' grace for clock drift)
  // and not older than a day: a redelivery after an outage keeps the time it was written. The
  // seconds are compared before they are multiplied, so no platform's number can overflow.
  const std::int64_t received_s = message.received_at_ms / 1000;
  if (message.sent_at <= 0 || message.sent_at > received_s + 300 ||
      message.sent_at < received_s - day_ms / 1000 - 1) {
    return message.received_at_ms;
  }
  const std::int64_t sent = message.sent_at * 1000;
  if (sent <= message.received_at_ms + 300'000 && sent >= message.received_at_ms - day_ms) {
    return sent;
  }
  return message.received_at_ms;
}

std::int64_t context::now_ms() const {
  return message_time_ms(message);
}

void context::audit(std::string_view action, std::string_view target, std::int64_t rows) const {
  audit_entry e;
  e.chat = message.chat;
  e.actor_id = message.from.id;
  e.actor_name = message.from.name;
  e.action = std::string(utf8::truncate(action, 64));
  // What the action named, as the group saw it: short, and phone numbers masked.
  e.target = text::mask_phones(utf8::truncate(target, 200));
  e.rows = rows;
  e.at_ms = now_ms();
  store.insert_audit(e);
}

role context::who() const {
  const std::string id = role_key(message.chat.platform, message.from.id);
  if (message.from.role == platform_role::admin || rules.coordinators.contains(id)) {
    return role::coordinator;
  }
  const auto chat = rules.chats.find(message.chat.chat_id);
  if (chat == rules.chats.end()) return role::resident;
  if (chat->second.coordinators.contains(id)) return role::coordinator;
  for (const auto& [group, ids] : chat->second.leads) {
    if (ids.contains(id)) return role::lead;
  }
  return role::resident;
}

replies paginate(const std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return {{text}};
  // Room for the "(2/3)" marker on each page.
  const std::size_t room = max_bytes > 32 ? max_bytes - 16 : max_bytes;
  std::vector<std::string> pages(1);
  std::string_view rest = text;
  while (!rest.empty()) {
    const auto nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
    // A single line longer than a page is cut at a code point boundary.
    while (line.size() > room) {
      const std::string_view head = utf8::truncate(line, room);
      if (!pages.back().empty()) pages.emplace_back();
      pages.back() = std::string(head);
      pages.emplace_back();
      line.remove_prefix(head.size());
    }
    if (!pages.back().empty() && pages.back().size() + line.size() + 1 > room) {
      pages.emplace_back();
    }
    if (!pages.back().empty()) pages.back() += '\n';
    pages.back() += line;
  }
  if (pages.back().empty()) pages.pop_back();
  replies out;
  for (std::size_t i = 0; i < pages.size(); ++i) {
    out.push_back(
        {pages[i] + "\n(" + std::to_string(i + 1) + "/" + std::to_string(pages.size()) + ")"});
  }
  return out;
}

void dispatcher::add(command c) {
  const std::size_t index = commands_.size();
  auto register_name = [&](const std::string& name) {
    if (!command_index_.emplace(name, index).second) {
      throw std::logic_error("command name registered twice: " + name);
    }
  };
  register_name(c.name);
  for (const auto& alias : c.aliases) register_name(alias);
  commands_.push_back(std::move(c));
}

void dispatcher::add(keyword k) {
  // Kept sorted by priority; equal priorities stay in registration order.
  const auto at = std::upper_bound(
      keywords_.begin(), keywords_.end(), k.priority,
      [](handlers::priority p, const keyword& other) { return p < other.priority; });
  keywords_.insert(at, std::move(k));
}

void dispatcher::add(parser p) {
  const auto at = std::upper_bound(
      parsers_.begin(), parsers_.end(), p.priority,
      [](handlers::priority prio, const parser& other) { return prio < other.priority; });
  parsers_.insert(at, std::move(p));
}

void dispatcher::add(edit_reader e) {
  edit_readers_.push_back(std::move(e));
}

outcome dispatcher::handle(const envelope& message, storage::store& store) const {
  outcome out = understand(message, store);
  replies paged;
  for (reply& r : out.answers) {
    // The group never sees a resident's full phone number, whichever feature echoes it.
    for (reply& page : paginate(text::mask_phones(r.text))) paged.push_back(std::move(page));
  }
  out.answers = std::move(paged);
  return out;
}

outcome dispatcher::understand(const envelope& message, storage::store& store) const {
  context ctx{message, store, store.load_chat(message.chat), {}, rules_, &default_zone_};
  if (!ctx.settings.time_zone.empty()) {
    if (const time_zone* z = time_zone::find(ctx.settings.time_zone)) ctx.chat_zone = z;
  }
  const std::string_view trimmed = text::trim(message.text);
  // An edit corrects what its message made (a need, a chain line); it never runs a command or
  // counts a signup twice. Any other edit is kept as written.
  if (message.edited) {
    ctx.args = trimmed;
    for (const edit_reader& e : edit_readers_) {
      if (auto answers = e.run(ctx)) return {e.kind, std::move(*answers)};
    }
    return {std::string(kinds::edited), {}};
  }
  // Commands and keywords are recognised by how a message starts: fold only its beginning.
  const std::string folded = text::fold(utf8::truncate(trimmed, max_prefix_bytes));

  if (folded.starts_with('/')) return run_command(folded, ctx);

  for (const keyword& k : keywords_) {
    if (!folded.starts_with(k.word)) continue;
    // The keyword's length in the original text: fold keeps one code point per code point.
    std::size_t original = 0, cps = 0;
    utf8::for_each(k.word, [&](char32_t, std::size_t, std::size_t) { ++cps; });
    for (; cps > 0 && original < trimmed.size(); --cps) {
      original += utf8::decode_at(trimmed, original).length;
    }
    ctx.args = text::trim(trimmed.substr(original));
    if (auto answers = k.run(ctx)) {
      // What coordinators and leads do is kept in the audit trail (the dashboard's actions too).
      if (ctx.who() >= role::lead) ctx.audit(k.word, ctx.args);
      return {k.kind, std::move(*answers)};
    }
  }
  ctx.args = trimmed;
  for (const parser& p : parsers_) {
    if (auto answers = p.run(ctx)) return {p.kind, std::move(*answers)};
  }
  return {std::string(kinds::chatter), {}};
}

std::optional<std::string> dispatcher::stored_text(const envelope& message) const {
  const std::string_view trimmed = text::trim(message.text);
  const std::string folded = text::fold(utf8::truncate(trimmed, max_prefix_bytes));
  if (!folded.starts_with('/')) return std::nullopt;
  std::string name = std::string(split_word(folded).first.substr(1));
  name.resize(std::min(name.size(), name.find('@')));
  const auto it = command_index_.find(name);
  if (it == command_index_.end() || !commands_[it->second].secret_args) return std::nullopt;
  const std::string_view word = split_word(trimmed).first;
  if (text::trim(trimmed.substr(word.size())).empty()) return std::nullopt;
  return std::string(word) + " [已隐藏 hidden]";
}

outcome dispatcher::run_command(std::string_view folded, context& ctx) const {
  const auto [word, args] = split_word(text::trim(ctx.message.text));
  ctx.args = args;
  // "/help@linli_bot" names the bot the command is for; the name is the part before '@'.
  std::string name = std::string(split_word(folded).first.substr(1));
  if (const auto at = name.find('@'); at != std::string::npos) {
    if (!rules_.bot_names.empty() && !rules_.bot_names.contains(name.substr(at + 1))) {
      return {std::string(kinds::other_bot), {}};
    }
    name.resize(at);
  }

  const auto it = command_index_.find(name);
  if (it == command_index_.end()) {
    std::string answer = ctx.say("core.unknown_command",
                                 {{"word", std::string(utf8::truncate(word, max_command_bytes))}});
    if (!name.empty() && name.size() <= max_command_bytes) {
      const command* best = nullptr;
      std::size_t best_distance = 3;  // suggest only close misspellings
      for (const command& c : commands_) {
        const std::size_t d = edit_distance(name, c.name);
        if (d < best_distance) best = &c, best_distance = d;
      }
      if (best) answer += ctx.say("core.did_you_mean", {{"command", best->name}});
    }
    answer += ctx.say("core.send_help");
    return {std::string(kinds::unknown_command), {{answer}}};
  }

  const command& c = commands_[it->second];
  if (ctx.who() < c.need) {
    return {std::string(kinds::denied), {{denied_answer(ctx, c)}}};
  }
  replies answers = c.run(ctx);
  if (ctx.who() >= role::lead) ctx.audit("/" + c.name, ctx.args);
  return {std::string(kinds::command), std::move(answers)};
}

}  // namespace linli::handlers
