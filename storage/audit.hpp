#pragma once
// The audit trail (who did what, when) and the erasure of residents' personal data
// (个人信息保护法): a resident's own (/forget) and everything older than a date (retention,
// `linli purge`). An erasure blanks the personal fields (names, addresses, phone numbers, free
// text) and keeps the rest: kinds, states, counts, quantities and money, so tallies and reports
// still add up. The inbox keeps an erased message as a row without text: a replay sees it as an
// empty message (stored, understood as nothing), so the erased data never comes back.

#include <cstdint>
#include <string>
#include <vector>

#include "handlers/core/audit_types.hpp"
#include "handlers/core/model.hpp"

namespace linli::storage {

class audit_store {
 public:
  virtual ~audit_store() = default;

  // Returns the entry's seq.
  virtual std::int64_t insert_audit(const audit_entry& e) = 0;
  // The chat's entries and the deployment-wide ones (chat {"*", "*"}: purges, retention), newest
  // first: up to `limit` older than `before_seq` (0 = from the newest).
  virtual std::vector<audit_entry> list_audit(const chat_ref& chat, std::int64_t before_seq,
                                              int limit) = 0;

  // Blanks what `sender_id` wrote in the chat: their messages (and the replies to them), needs
  // (name, unit and room, free text; the building stays for the tallies), chain lines (an active
  // one leaves the roster), remembered address, and their name on orders, donations, task places
  // and claimed needs. Quantities, states and money stay.
  virtual erasure_counts erase_sender(const chat_ref& chat, const std::string& sender_id) = 0;
  // Blanks the same fields, in every chat, of messages received before `before_ms`, needs closed
  // (delivered or cancelled) and last changed before it, lines of chains opened before it, and
  // orders, donations and task places of group buys, drives and tasks that old.
  virtual erasure_counts erase_before(std::int64_t before_ms) = 0;
};

}  // namespace linli::storage
