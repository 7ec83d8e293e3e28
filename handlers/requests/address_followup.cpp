#include "handlers/requests/address_followup.hpp"

#include "handlers/core/dispatcher.hpp"
#include "handlers/requests/requests.hpp"
#include "handlers/text/address.hpp"
#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::handlers {
namespace {

// Whether nothing but spaces and punctuation is left around the address.
bool only_the_address(std::string_view folded, const text::parsed_address& a) {
  bool other = false;
  auto check = [&](std::string_view part) {
    utf8::for_each(part, [&](char32_t cp, std::size_t, std::size_t) {
      constexpr std::u32string_view allowed = U" \t\r\n,.;:!~。、，；：！";
      if (allowed.find(cp) == std::u32string_view::npos) other = true;
    });
  };
  check(folded.substr(0, a.begin));
  check(folded.substr(a.end));
  return !other;
}

// Whether the sender has written nothing since the need (this message is not stored yet). Only
// the chat's latest messages are looked at; past them the time window alone bounds the answer.
bool next_from_sender(context& ctx, const supply_request& need) {
  storage::message_filter latest;
  latest.limit = 100;
  for (const auto& m : ctx.store.list_messages(ctx.message.chat, latest)) {
    if (m.message.delivery_id == need.message_id) return true;
    if (m.message.from.id == ctx.message.from.id) return false;
  }
  return true;
}

std::optional<replies> on_address_only(context& ctx) {
  const std::string folded = text::fold(utf8::truncate(ctx.args, 256));
  const auto a = text::find_address(folded);
  if (!a || !only_the_address(folded, *a)) return std::nullopt;
  // The sender's newest need within the window; it is completed only when it still lacks one.
  const std::int64_t now = ctx.now_ms();
  auto recent = ctx.store.list_requests(ctx.message.chat, now - address_followup_ms);
  supply_request* pending = nullptr;
  for (auto& r : recent) {
    if (r.requester_id == ctx.message.from.id) pending = &r;
  }
  if (!pending || pending->where || pending->status == request_status::cancelled) {
    return std::nullopt;
  }
  if (!next_from_sender(ctx, *pending)) return std::nullopt;
  pending->where = a->value;
  pending->updated_ms = now;
  ctx.store.update_request(*pending);
  ctx.store.save_address(ctx.message.chat, ctx.message.from.id, a->value);
  return replies{{ctx.say("requests.address.completed",
                          {{"request", describe(*pending, ctx.settings.lang)}})}};
}

}  // namespace

void add_address_followup(dispatcher& d) {
  d.add(parser{std::string(kinds::address), on_address_only, priority::requests});
}

}  // namespace linli::handlers
