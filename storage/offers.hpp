#pragma once
// Neighbours' offers (邻里互助) with their items, numbered per chat in their own sequence.

#include <cstdint>
#include <optional>
#include <vector>

#include "handlers/core/model.hpp"
#include "handlers/offers/offer_types.hpp"

namespace linli::storage {

class offer_store {
 public:
  virtual ~offer_store() = default;

  // Stores a new offer with its items. The store numbers it: the chat's next offer number, from
  // 1, assigned in the same statement as the insert. Writes the id and the number back into `o`
  // (o.number on entry is ignored); returns the id.
  virtual std::int64_t insert_offer(offer& o) = 0;
  virtual std::optional<offer> find_offer(const chat_ref& chat, int number) = 0;
  // Saves what may change: status, the matched need, the address, updated_ms.
  virtual void update_offer(const offer& o) = 0;
  // The chat's offers created at or after since_ms (0 = all), oldest first, with items.
  virtual std::vector<offer> list_offers(const chat_ref& chat, std::int64_t since_ms = 0) = 0;
  // The chat's offers in `status`, oldest first, with items (matching reads the open ones).
  virtual std::vector<offer> offers_in(const chat_ref& chat, offer_status status) = 0;
};

}  // namespace linli::storage
