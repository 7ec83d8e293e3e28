// A need's corrections: 改 #12 … read like a new request, 改 #12 类别:药品, and an edit of the
// message that logged the need (handlers/requests/request_steps.hpp).

#include <map>

#include "handlers/core/dispatcher.hpp"
#include "handlers/core/kinds.hpp"
#include "handlers/requests/request_step_common.hpp"
#include "handlers/requests/request_steps.hpp"
#include "handlers/requests/requests.hpp"
#include "handlers/text/text.hpp"

namespace linli::handlers {
namespace {

std::vector<request_item> to_items(const parsed_request& p) {
  std::vector<request_item> out;
  for (const auto& i : p.items) out.push_back({i.name, i.quantity, i.unit, i.amount_cents});
  return out;
}

// 改 #12 类别:药品 (类别：药品, category: medicine): the category to file the need under, by
// its Chinese or English name; an empty string for a name that is none; nullopt when the edit
// is not of the category.
std::optional<std::string> category_edit(std::string_view rest) {
  const std::string f = text::fold(text::trim(rest));
  std::string_view r = f;
  bool named = false;
  for (std::string_view word : {"类别", "分类", "category"}) {
    if (r.starts_with(word)) {
      r = text::trim(r.substr(word.size()));
      named = true;
      break;
    }
  }
  if (!named || !r.starts_with(':')) return std::nullopt;
  r = text::trim(r.substr(1));
  static const std::map<std::string_view, std::string_view> names = {
      {"药品", "medicine"},     {"药", "medicine"},
      {"冷链", "cold_chain"},   {"食品", "food"},
      {"食物", "food"},         {"日用品", "daily"},
      {"日用", "daily"},        {"其他", "other"},
      {"medicine", "medicine"}, {"cold_chain", "cold_chain"},
      {"food", "food"},         {"daily", "daily"},
      {"other", "other"}};
  const auto it = names.find(r);
  return it == names.end() ? std::string() : std::string(it->second);
}

}  // namespace

void apply_parsed(context& ctx, const parsed_request& p, supply_request& r) {
  r.where = p.where ? p.where : ctx.store.load_address(ctx.message.chat, ctx.message.from.id);
  r.items = to_items(p);
  r.category = std::string(category_name(p.kind));
  r.urgent = p.urgent;
  r.stated_total_cents = p.stated_total_cents;
  // A line with an amount past the cap has no trustworthy money: it stays text (r.text) and the
  // sender is told, rather than a fragment of the number being summed.
  if (text::has_money_past_cap(text::fold(ctx.args))) {
    for (auto& i : r.items) i.amount_cents.reset();
    r.stated_total_cents.reset();
  }
}

namespace requests_detail {

std::optional<replies> on_edit(context& ctx) {
  return with_request(ctx, [&](supply_request& r, std::string_view rest) -> replies {
    if (r.requester_id != ctx.message.from.id && !ctx.is_coordinator()) {
      return {{refused(ctx, r, "requests.refused.edit.not_requester")}};
    }
    if (r.status != request_status::open && r.status != request_status::claimed) {
      return {{refused(ctx, r, "requests.refused.edit.done")}};
    }
    if (const auto category = category_edit(rest)) {
      if (category->empty()) {
        return {
            {ctx.say("requests.edit.unknown_category", {{"number", std::to_string(r.number)}})}};
      }
      r.category = *category;
      return save(ctx, r,
                  ctx.say("requests.edited", {{"request", describe(r, ctx.settings.lang)}}));
    }
    // The correction is read like a new request; 需要 is implied.
    auto parsed = parse_request("需要 " + std::string(rest));
    if (!parsed) {
      return {{ctx.say("requests.edit.unreadable", {{"number", std::to_string(r.number)}})}};
    }
    const auto previous = r.where;
    const bool was_urgent = r.urgent;
    apply_parsed(ctx, *parsed, r);
    if (!parsed->where && previous) r.where = previous;
    r.urgent = r.urgent || was_urgent;  // correcting a quantity does not make it less urgent
    r.text = std::string(rest);
    return save(ctx, r, ctx.say("requests.edited", {{"request", describe(r, ctx.settings.lang)}}));
  });
}

// An edit of a message that logged a need corrects that need, as 改 #N with the edited text.
std::optional<replies> on_edited_need(context& ctx) {
  const auto original = ctx.store.find_original_by_key(ctx.message.chat, ctx.message.message_key());
  if (!original || original->kind != kinds::request) return std::nullopt;
  const envelope& first = original->message;
  for (const supply_request& r :
       ctx.store.list_requests(ctx.message.chat, message_time_ms(first))) {
    if (r.message_id != first.delivery_id) continue;
    return as_numbered(ctx, r.number, ctx.args, on_edit);
  }
  return std::nullopt;
}

}  // namespace requests_detail
}  // namespace linli::handlers
