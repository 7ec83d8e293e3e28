#pragma once
// One leader among the instances sharing a database: the instance that holds the database's
// leader lock runs the work only one may run at a time (the scheduler). storage::open_leader_lock
// (storage/open.hpp) makes one.

namespace linli::storage {

class leader_lock {
 public:
  virtual ~leader_lock() = default;
  // Takes the lock if no one holds it, or checks that this still holds it; returns whether it
  // does. PostgreSQL: a session-level advisory lock on a connection of its own, so the lock goes
  // when the instance or its connection dies (the server ends the session), and the next call
  // after a lost connection tries again on a new one. Never throws: a database that does not
  // answer makes no leader. Blocking: call it on a thread of its own.
  virtual bool try_hold() = 0;
  // Gives the lock up (a clean stop): another instance takes it at its next try.
  virtual void release() = 0;
};

}  // namespace linli::storage
