#pragma once
// The storage interface: one small interface per domain (inbox, chats, chains, requests, offers,
// tasks, outbox, dashboard accounts, audit and erasure), joined into `store`, one connection to a
// database with transaction control. It speaks domain types only, so the handlers never see SQL
// and every backend (storage/sqlite/, storage/postgres/) implements the same interfaces and passes
// the same contract tests (tests/storage/contract/). A store is used by one thread at a time.
// storage::open (storage/open.hpp) makes one.

#include <memory>
#include <string_view>
#include <vector>

#include "storage/accounts.hpp"
#include "storage/audit.hpp"
#include "storage/chains.hpp"
#include "storage/chats.hpp"
#include "storage/inbox.hpp"
#include "storage/offers.hpp"
#include "storage/outbox.hpp"
#include "storage/requests.hpp"
#include "storage/tables.hpp"
#include "storage/tasks.hpp"

namespace linli::storage {

// Transactions. The writer opens one per batch of messages (group commit) and a savepoint per
// message inside it, so a message whose handling fails undoes only its own changes. Use the
// guards below rather than these calls.
class unit_of_work {
 public:
  virtual ~unit_of_work() = default;

  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
  // Savepoints nest: each release or rollback ends the innermost one still open.
  virtual void begin_savepoint() = 0;
  virtual void release_savepoint() = 0;
  // Undoes everything since the innermost savepoint and ends it.
  virtual void rollback_to_savepoint() = 0;
  // Makes the chats this transaction's own until it ends: another connection (another instance)
  // that locks one of them waits until then, so each chat's messages are applied one at a time.
  // Called right after begin() with every chat the transaction will write (in any order, with
  // repeats; the backend takes the locks in a fixed order, so two writers never deadlock). A
  // backend with a single writer (SQLite: BEGIN IMMEDIATE) has nothing to do.
  virtual void lock_chats(const std::vector<chat_ref>& chats) { (void)chats; }
  // Makes the schedule (tasks due and what they send, handlers/tasks/schedule.hpp) this
  // transaction's own until it ends: another instance's run waits, then reads what this one
  // wrote, so two runs that overlap (two leaders for a moment, while the lead moves) never send
  // one task's message twice. Called right after begin(). A single writer has nothing to do.
  virtual void lock_schedule() {}
  // Tells every other instance on the database listening on `channel` (storage/listener.hpp)
  // `payload` (at most 7,900 bytes) when this transaction commits, and nothing if it rolls
  // back. A single writer has no one to tell.
  virtual void announce(std::string_view channel, std::string_view payload) {
    (void)channel;
    (void)payload;
  }
};

class store : public unit_of_work,
              public inbox_store,
              public chat_store,
              public chain_store,
              public request_store,
              public offer_store,
              public task_store,
              public outbox_store,
              public account_store,
              public audit_store {
 public:
  // The version of the schema the database is at: after opening, the latest this linli knows.
  virtual int schema_version() = 0;
  // Asks the database for an answer (SELECT 1); throws when it gives none. PostgreSQL's store
  // first reconnects a connection it lost. /healthz reports it.
  virtual void ping() = 0;
  // Every table as rows, on this store's connection: what `linli migrate` copies
  // (storage/tables.hpp). Valid while the store lives.
  virtual std::unique_ptr<table_io> tables() = 0;
};

// Rolls back on destruction unless committed (the SQLiteCpp Transaction idiom, over the interface).
class transaction {
 public:
  explicit transaction(unit_of_work& w) : work_(w) { work_.begin(); }
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;
  ~transaction() {
    if (!done_) work_.rollback();
  }
  void commit() {
    work_.commit();
    done_ = true;
  }

 private:
  unit_of_work& work_;
  bool done_ = false;
};

// A savepoint inside a transaction: rolls back to where it began on destruction unless released
// or rolled back explicitly.
class savepoint {
 public:
  explicit savepoint(unit_of_work& w) : work_(w) { work_.begin_savepoint(); }
  savepoint(const savepoint&) = delete;
  savepoint& operator=(const savepoint&) = delete;
  ~savepoint() {
    if (done_) return;
    try {
      work_.rollback_to_savepoint();
    } catch (...) {
      // The transaction around it is broken too; its commit fails and says why.
    }
  }
  // Keeps what was done since the savepoint (as part of the enclosing transaction).
  void release() {
    work_.release_savepoint();
    done_ = true;
  }
  // Undoes what was done since the savepoint now.
  void rollback() {
    done_ = true;
    work_.rollback_to_savepoint();
  }

 private:
  unit_of_work& work_;
  bool done_ = false;
};

}  // namespace linli::storage
