#pragma once
// Notifications between the instances sharing a database: what one announces inside a transaction
// (unit_of_work::announce) reaches every other's listener when that transaction commits.
// PostgreSQL: LISTEN/NOTIFY, on a connection of the listener's own. storage::open_listener
// (storage/open.hpp) makes one; a single writer (SQLite) has no one to tell and gets none.

#include <string>
#include <vector>

namespace linli::storage {

struct notification {
  std::string channel;
  std::string payload;
};

class listener {
 public:
  virtual ~listener() = default;
  // Waits up to timeout_ms for notifications on the channels it listens to; returns those that
  // came, maybe none. Sets `resumed` when the connection came back after it was lost: what was
  // announced meanwhile is lost, so the caller looks for what it may have missed (polls). Never
  // throws: while the database is away it waits out the timeout and returns nothing. Blocking:
  // call it on a thread of its own.
  virtual std::vector<notification> wait(int timeout_ms, bool& resumed) = 0;
};

}  // namespace linli::storage
