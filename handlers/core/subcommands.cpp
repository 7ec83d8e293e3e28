#include "handlers/core/subcommands.hpp"

#include <set>
#include <stdexcept>

#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::handlers {
namespace {

// The code points text::trim takes for white space.
bool is_space(char32_t cp) {
  return cp == U' ' || cp == U'\t' || cp == U'\n' || cp == U'\r' || cp == U'\f' || cp == U'\v' ||
         cp == 0x3000 || cp == 0x00A0;
}

replies default_denied(const context& ctx, const std::string& command, const subcommand& entry) {
  const std::string who =
      ctx.say(entry.need == role::coordinator ? "core.denied.coordinators" : "core.denied.leads");
  return {
      {ctx.say("core.denied", {{"command", command + " " + entry.words.front()}, {"who", who}})}};
}

}  // namespace

first_word_split first_word(std::string_view text) {
  const std::string_view trimmed = text::trim(text);
  std::size_t end = 0;
  while (end < trimmed.size()) {
    const utf8::decoded d = utf8::decode_at(trimmed, end);
    if (is_space(d.code_point)) break;
    end += d.length;
  }
  const std::string_view word = trimmed.substr(0, end);
  return {text::fold(word), word, text::trim(trimmed.substr(end))};
}

subcommands::subcommands(std::string command, std::vector<subcommand> entries,
                         subcommand_fn fallback, denied_fn denied)
    : command_(std::move(command)),
      entries_(std::move(entries)),
      fallback_(std::move(fallback)),
      denied_(std::move(denied)) {
  const auto fail = [this](const std::string& what) {
    throw std::logic_error("/" + command_ + " subcommands: " + what);
  };
  if (!fallback_) fail("no fallback");
  std::set<std::string_view> seen;
  for (const subcommand& e : entries_) {
    if (e.words.empty()) fail("an entry without words");
    if (!e.run) fail("'" + e.words.front() + "' has no handler");
    for (const std::string& w : e.words) {
      if (w.empty() || first_word(w).word != w) fail("'" + w + "' is not one folded word");
      if (!seen.insert(w).second) fail("'" + w + "' registered twice");
    }
  }
}

const subcommand* subcommands::find(std::string_view folded_word) const {
  if (folded_word.empty()) return nullptr;
  for (const subcommand& e : entries_) {
    for (const std::string& w : e.words) {
      if (w == folded_word) return &e;
    }
  }
  return nullptr;
}

replies subcommands::operator()(context& ctx) const {
  const first_word_split split = first_word(ctx.args);
  const subcommand* entry = find(split.word);
  if (!entry) return fallback_(ctx, ctx.args);
  if (ctx.who() < entry->need) {
    return denied_ ? denied_(ctx, *entry) : default_denied(ctx, command_, *entry);
  }
  return entry->run(ctx, split.rest);
}

}  // namespace linli::handlers
