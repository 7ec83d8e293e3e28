// Every text parser on arbitrary bytes: 接龙 chains, supply requests, addresses, money, numbers,
// task specs, exported chat histories (linli import) and the folding they all start from. Beyond
// "no crash, no sanitizer report", checks what must hold for any input.

#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bot/import/exports.hpp"
#include "handlers/chains/chain_parser.hpp"
#include "handlers/core/local_time.hpp"
#include "handlers/requests/request_parser.hpp"
#include "handlers/tasks/tasks.hpp"
#include "handlers/text/phone.hpp"
#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

using namespace linli;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  const std::string folded = text::fold(input);
  if (!utf8::valid(folded)) std::abort();  // fold always gives well-formed UTF-8

  if (const auto chain = handlers::parse_chain(input)) {
    for (const auto& e : chain->entries) (void)handlers::split_name(e.text);
    // What the limits kept off the roster is counted, and only a bounded part of it kept.
    if (chain->over_limit.size() > handlers::max_over_limit_kept ||
        chain->over_limit.size() > chain->over_limit_count) {
      std::abort();
    }
  }
  // Masking never lengthens a text (full-width digits come out as ASCII ones).
  if (text::mask_phones(input).size() > input.size()) std::abort();
  (void)handlers::is_chain_post(input);
  (void)handlers::parse_slot(input);

  if (const auto r = handlers::parse_request(input)) {
    for (const auto& item : r->items) {
      if (item.amount_cents && *item.amount_cents < 0) std::abort();  // money is never negative
    }
  }
  (void)handlers::find_address(input);
  if (const auto cents = handlers::parse_cents(input); cents && *cents < 0) std::abort();
  std::size_t length = 0;
  if (const auto money = handlers::read_money(folded, length); money && length > folded.size()) {
    std::abort();
  }
  (void)text::parse_chinese_number(input);
  (void)text::read_number(input);
  (void)handlers::parse_task_ref(folded);
  (void)handlers::parse_task_spec(input, handlers::civil_date{2026, 11, 22});

  for (const auto& format : bot::imports::export_formats()) {
    const auto h = format.read(input, handlers::time_zone::shanghai());
    for (const auto& m : h.messages) {
      if (m.line < 1 || m.time_ms < 0) std::abort();  // every message has its line and a time
    }
    for (const auto& u : h.unread) {
      if (u.line < 1 || u.reason.empty()) std::abort();  // every refusal says where and why
    }
  }
  return 0;
}
