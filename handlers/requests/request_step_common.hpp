#pragma once
// Internal to the need's steps (request_steps.cpp, request_claims.cpp, request_edits.cpp): finding
// the request a message names and answering for it.

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "handlers/core/dispatcher.hpp"
#include "handlers/requests/request_types.hpp"

namespace linli::handlers::requests_detail {

// The first byte of the folded text, folding only its first character: the numbered forms are
// read only when it is '#' or a digit, so a long message (a 500-line chain copy) is not folded
// whole for nothing by each of them.
char first_folded_byte(std::string_view args);
bool is_digit(char c);

// "#12 …" at the start of the args: the number and the rest; nullopt without '#'.
std::optional<std::pair<int, std::string_view>> request_ref(std::string_view args);

// Looks up #N and runs `act` on it; answers for a missing number.
template <class Act>
std::optional<replies> with_request(context& ctx, Act act,
                                    decltype(&request_ref) ref_of = request_ref) {
  const auto ref = ref_of(ctx.args);
  if (!ref) return std::nullopt;
  auto r = ctx.store.find_request(ctx.message.chat, ref->first);
  if (!r) {
    return replies{{ctx.say("requests.no_request", {{"number", std::to_string(ref->first)}})}};
  }
  return act(*r, ref->second);
}

// "#12（已认领）不能再认领。": why the request's status does not allow what was asked.
std::string refused(const context& ctx, const supply_request& r, std::string_view key,
                    std::optional<std::string> claimer = std::nullopt);

// Saves the request as changed now; the answer as the reply.
replies save(context& ctx, supply_request& r, std::string answer);

// Runs `step` as if the message read "#N rest" (已买 #12 …, 改 #12 …), then restores the args.
std::optional<replies> as_numbered(context& ctx, int number, std::string_view rest,
                                   std::optional<replies> (*step)(context&));

// request_claims.cpp: 认领 #5 / 接 5 (and 认领 #14 #15), #5 我来 / #14 #15 都我来, 派 #12 小李.
std::optional<replies> on_claim(context& ctx);
std::optional<replies> on_numbered_claim(context& ctx);
std::optional<replies> on_numbered_claims(context& ctx);
std::optional<replies> on_assign(context& ctx);

// request_edits.cpp: 改 #12 …, 改 #12 类别:药品, and an edit of the message that logged a need.
std::optional<replies> on_edit(context& ctx);
std::optional<replies> on_edited_need(context& ctx);

}  // namespace linli::handlers::requests_detail
