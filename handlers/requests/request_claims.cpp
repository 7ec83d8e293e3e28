// A volunteer taking needs: 认领 #5 / 认领5 / 接 5 / #5 我来, several at once (#14 #15 都我来), and
// a coordinator's 派 #12 小李.

#include <algorithm>
#include <string>
#include <vector>

#include "handlers/requests/request_step_common.hpp"
#include "handlers/requests/requests.hpp"
#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::handlers::requests_detail {
namespace {

// Whether `rest` (after a number or a claim word) is a remark of its own: it starts with a space
// or a mark (, 。 ! ~), as in "认领5 我离得近", "#11 我来，十分钟到".
bool remark_follows(std::string_view rest) {
  for (std::string_view mark : {" ", ",", ".", "!", "~", ";", ":", "。", "、"}) {
    if (rest.starts_with(mark)) return true;
  }
  return false;
}

// 认领 #5, 认领5, 接 5, 接单 #21, 我来跑 #6: a claim may name the request without '#' when the
// number is all it says (a task is T5, never a bare number); the errand's verb may stand between.
std::optional<std::pair<int, std::string_view>> claim_ref(std::string_view args_in) {
  std::string_view args = text::trim(args_in);
  for (std::string_view verb : {"单", "跑腿", "跑", "去买", "帮买", "买", "送"}) {
    if (args.starts_with(verb)) {
      args = text::trim(args.substr(verb.size()));
      break;
    }
  }
  if (auto ref = request_ref(args)) return ref;
  const std::string folded = text::fold(text::trim(args));
  const auto n = text::read_number(folded);
  if (folded.empty() || folded[0] < '0' || folded[0] > '9' || !n || n->value < 1 ||
      n->value > 10'000'000)
    return std::nullopt;
  // 认领5 我离得近: a remark may follow the number after a space or a mark, never a unit or a
  // word glued to it (认领3号楼 is no claim of #3).
  if (n->length != folded.size() && !remark_follows(std::string_view(folded).substr(n->length)))
    return std::nullopt;
  return std::pair{static_cast<int>(n->value),
                   text::after_folded(args, std::string_view(folded).substr(0, n->length))};
}

replies claim_request(context& ctx, supply_request& r) {
  if (r.status != request_status::open) {
    if (r.claimed_by_name)
      return {{refused(ctx, r, "requests.refused.claim.claimed", *r.claimed_by_name)}};
    return {{refused(ctx, r, "requests.refused.claim")}};
  }
  r.status = request_status::claimed;
  r.claimed_by = ctx.message.from.id;
  r.claimed_by_name = ctx.message.from.name;
  return save(ctx, r,
              ctx.say("requests.claimed", {{"number", std::to_string(r.number)},
                                           {"volunteer", ctx.message.from.name},
                                           {"request", describe(r, ctx.settings.lang)}}));
}

// Several needs at once, "#14 #15": the numbers (each once, as written) and the folded text after
// them. Each number but the first (which the '#' keyword has already taken) has its '#'; they are
// apart by spaces, 、 , 和 or 跟. Fewer than two numbers is no list.
std::optional<std::pair<std::vector<int>, std::string>> request_list(std::string_view args,
                                                                     bool first_has_mark) {
  const std::string folded = text::fold(text::trim(args));
  std::string_view rest = folded;
  std::vector<int> numbers;
  for (bool first = true;; first = false) {
    if (!first || first_has_mark) {
      if (!rest.starts_with("#")) break;
      rest.remove_prefix(1);
    }
    const auto n = text::read_number(rest);
    if (rest.empty() || !is_digit(rest[0]) || !n || n->value < 1 || n->value > 10'000'000) {
      if (first) return std::nullopt;
      break;
    }
    if (std::find(numbers.begin(), numbers.end(), n->value) == numbers.end()) {
      numbers.push_back(static_cast<int>(n->value));
    }
    rest = rest.substr(n->length);
    const std::string_view before = rest;
    for (bool skipped = true; skipped;) {
      skipped = false;
      for (std::string_view gap : {" ", ",", "、", "和", "跟", "/", "+"}) {
        if (rest.starts_with(gap)) {
          rest.remove_prefix(gap.size());
          skipped = true;
        }
      }
    }
    if (!rest.starts_with("#")) {
      rest = before;
      break;
    }
  }
  if (numbers.size() < 2) return std::nullopt;
  return std::pair{std::move(numbers), std::string(text::trim(rest))};
}

// Claims each of `numbers`, answering in one message, a line per need.
replies claim_several(context& ctx, const std::vector<int>& numbers) {
  std::vector<std::string> lines;
  for (const int number : numbers) {
    auto r = ctx.store.find_request(ctx.message.chat, number);
    if (!r) {
      lines.push_back(ctx.say("requests.no_request", {{"number", std::to_string(number)}}));
      continue;
    }
    for (reply& answer : claim_request(ctx, *r)) lines.push_back(std::move(answer.text));
  }
  return {{text::join(lines, "\n")}};
}

// Who a coordinator names when assigning: the sender of that name who claimed a need of the chat
// before, else the one on the chat's current chain, else known by the name alone ("name:小李"),
// whom only coordinators act for.
std::string volunteer_id(context& ctx, const std::string& name) {
  const auto all = ctx.store.list_requests(ctx.message.chat);
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if (it->claimed_by && it->claimed_by_name == name && !it->claimed_by->starts_with("name:")) {
      return *it->claimed_by;
    }
  }
  if (const auto c = ctx.store.latest_chain(ctx.message.chat)) {
    for (const chain_entry& e : c->entries) {
      if (e.sender_name == name) return e.sender_id;
    }
  }
  return "name:" + name;
}

// Whether `rest` is a claim word said after the request (#5 我来), perhaps with a remark after it
// ("#11 我来，十分钟到").
bool is_claim_after(std::string_view rest) {
  for (std::string_view word : {"我来", "认领", "我接", "接", "接单", "我接单", "我去买", "我去",
                                "我来买", "我帮买", "我来跑", "我去送", "我来送"}) {
    if (rest == word || (rest.starts_with(word) && remark_follows(rest.substr(word.size())))) {
      return true;
    }
  }
  return false;
}

// "#5我来", "#5 认领": the request first, then the claim word; nullopt for anything else.
std::optional<std::pair<int, std::string_view>> numbered_claim_ref(std::string_view args) {
  if (!is_digit(first_folded_byte(args))) return std::nullopt;
  const std::string folded = text::fold(text::trim(args));
  const auto n = text::read_number(folded);
  if (folded.empty() || folded[0] < '0' || folded[0] > '9' || !n || n->value < 1 ||
      n->value > 10'000'000)
    return std::nullopt;
  if (is_claim_after(text::trim(std::string_view(folded).substr(n->length)))) {
    return std::pair{static_cast<int>(n->value), std::string_view()};
  }
  return std::nullopt;
}

}  // namespace

std::optional<replies> on_claim(context& ctx) {
  // 认领 #14 #15: several needs (a remark may follow, as after one).
  if (const auto list = request_list(ctx.args, true)) return claim_several(ctx, list->first);
  return with_request(
      ctx, [&](supply_request& r, std::string_view) { return claim_request(ctx, r); }, claim_ref);
}

// 派 #12 小李 (指派, 派单, assign): a coordinator gives an open or claimed need to a volunteer by
// the name they go by in the chat.
std::optional<replies> on_assign(context& ctx) {
  return with_request(ctx, [&](supply_request& r, std::string_view rest) -> replies {
    const std::string name(utf8::truncate(text::trim(rest), 64));
    if (name.empty()) return {{ctx.say("requests.assign.usage")}};
    if (!ctx.is_coordinator()) return {{ctx.say("requests.assign.coordinators_only")}};
    if (r.status != request_status::open && r.status != request_status::claimed) {
      return {{refused(ctx, r, "requests.refused.assign")}};
    }
    r.status = request_status::claimed;
    r.claimed_by = volunteer_id(ctx, name);
    r.claimed_by_name = name;
    return save(ctx, r,
                ctx.say("requests.assigned", {{"number", std::to_string(r.number)},
                                              {"volunteer", name},
                                              {"request", describe(r, ctx.settings.lang)}}));
  });
}

// "#14 #15 都我来", "#3、#4 我来": several needs, then the claim word (perhaps after 都 or 全).
std::optional<replies> on_numbered_claims(context& ctx) {
  if (!is_digit(first_folded_byte(ctx.args))) return std::nullopt;
  const auto list = request_list(ctx.args, false);
  if (!list) return std::nullopt;
  std::string_view rest = list->second;
  for (std::string_view all : {"都", "全"}) {
    if (rest.starts_with(all)) rest = text::trim(rest.substr(all.size()));
  }
  if (!is_claim_after(rest)) return std::nullopt;
  return claim_several(ctx, list->first);
}

std::optional<replies> on_numbered_claim(context& ctx) {
  return with_request(
      ctx, [&](supply_request& r, std::string_view) { return claim_request(ctx, r); },
      numbered_claim_ref);
}

}  // namespace linli::handlers::requests_detail
