#pragma once
// The storage interface. It speaks domain types only, so the handlers never see SQL and a
// PostgreSQL backend can stand beside SQLite. One store object is one connection: it is used by
// one thread at a time.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "handlers/chains/chain_types.hpp"
#include "handlers/core/model.hpp"
#include "handlers/requests/request_types.hpp"
#include "handlers/tasks/task_types.hpp"

namespace linli::storage {

// A message as kept in the inbox, with how it was understood and what linli answered.
struct stored_message {
  std::int64_t seq = 0;  // order of arrival across the whole store, assigned on insert
  envelope message;
  std::string kind;  // what the handlers made of it: "command", "chatter", "failed", ...
  linli::replies answers;
};

struct message_filter {
  std::optional<std::string> kind;  // only messages of this kind
  std::int64_t before_seq = 0;      // only messages older than this; 0 = from the newest
  int limit = 100;
};

enum class language { zh, en };

struct chat_settings {
  language lang = language::zh;
  std::string time_zone;  // IANA name; empty = the deployment's default
};

class store {
 public:
  virtual ~store() = default;

  // Transactions. The writer opens one per batch of messages (group commit) and a savepoint per
  // message inside it, so a message whose handling fails undoes only its own changes.
  virtual void begin() = 0;
  virtual void commit() = 0;
  virtual void rollback() noexcept = 0;
  virtual void savepoint() = 0;
  virtual void release_savepoint() = 0;
  virtual void rollback_to_savepoint() = 0;

  // Ends the read snapshot that statements stepped but not finished keep open, so the next read
  // sees every commit made since (by another connection), and, on a writer, checkpoints the
  // write-ahead log once it has grown: a snapshot held across commits would keep every checkpoint
  // from finishing, and the log would grow without end. Call between transactions and between
  // read queries.
  virtual void end_reads() = 0;

  // The inbox: every message that arrived, exactly once per (chat, delivery id).
  virtual std::optional<stored_message> find_message(const chat_ref& chat,
                                                     const std::string& delivery_id) = 0;
  // Assigns and returns the message's seq.
  virtual std::int64_t insert_message(const stored_message& m) = 0;
  // Newest first.
  virtual std::vector<stored_message> list_messages(const chat_ref& chat,
                                                    const message_filter& filter) = 0;
  virtual std::int64_t count_messages() = 0;
  // Up to `limit` messages of every chat stored after `after_seq`, in arrival order.
  virtual std::vector<stored_message> messages_after(std::int64_t after_seq, int limit) = 0;

  // Per-chat settings; defaults for a chat never seen.
  virtual chat_settings load_chat(const chat_ref& chat) = 0;
  virtual void save_chat(const chat_ref& chat, const chat_settings& settings) = 0;

  // 接龙 chains, each loaded with all its entries.
  virtual std::optional<chain> latest_chain(const chat_ref& chat) = 0;
  virtual std::optional<chain> find_chain(const chat_ref& chat, const std::string& header_key) = 0;
  // Stores a chain's header and settings (not its entries); returns its id.
  virtual std::int64_t insert_chain(const chain& c) = 0;
  // Saves the settings: capacity, slot caps, deadline, closed.
  virtual void update_chain(const chain& c) = 0;
  // Returns the entry's id, which orders entries by arrival.
  virtual std::int64_t insert_chain_entry(std::int64_t chain_id, const chain_entry& e) = 0;
  // Saves the entry's state and changed_ms.
  virtual void update_chain_entry(const chain_entry& e) = 0;

  // Supply requests, each loaded with its items. Numbers are per chat, from 1.
  virtual int next_request_number(const chat_ref& chat) = 0;
  virtual std::int64_t insert_request(const supply_request& r) = 0;
  virtual std::optional<supply_request> find_request(const chat_ref& chat, int number) = 0;
  // Saves everything that may change: status, claim, money, address, items, category, text.
  virtual void update_request(const supply_request& r) = 0;
  // The number of the latest request since since_ms, not cancelled, from the same household (the
  // same address; the same requester when either has no address) that asks for one of the same
  // items: a possible repeat of `r`.
  virtual std::optional<int> find_possible_duplicate(const supply_request& r,
                                                     std::int64_t since_ms) = 0;
  // The chat's requests created at or after since_ms (0 = all), oldest first.
  virtual std::vector<supply_request> list_requests(const chat_ref& chat,
                                                    std::int64_t since_ms = 0) = 0;

  // Group buys: at most one open per chat; orders are kept per household.
  virtual std::optional<group_buy> open_group_buy(const chat_ref& chat) = 0;
  virtual std::int64_t insert_group_buy(const group_buy& g) = 0;
  virtual void close_group_buy(std::int64_t id) = 0;
  // Group buys opened at or after since_ms, oldest first.
  virtual std::vector<group_buy> group_buys(const chat_ref& chat, std::int64_t since_ms) = 0;
  // Creates or replaces the household's order.
  virtual void save_group_buy_order(std::int64_t buy_id, const group_buy_order& o) = 0;
  virtual std::vector<group_buy_order> group_buy_orders(std::int64_t buy_id) = 0;

  // Donation drives: the latest one in a chat is the current one.
  virtual std::optional<donation_drive> current_drive(const chat_ref& chat) = 0;
  virtual std::int64_t insert_drive(const donation_drive& d) = 0;
  virtual void add_donation(std::int64_t drive_id, const donation& d) = 0;
  virtual std::vector<donation> donations(std::int64_t drive_id) = 0;

  // The address a resident registered in a chat (/addr).
  virtual std::optional<address> load_address(const chat_ref& chat,
                                              const std::string& sender_id) = 0;
  virtual void save_address(const chat_ref& chat, const std::string& sender_id,
                            const address& a) = 0;

  // Tasks (posts and shifts), each loaded with all its members. Numbers are per chat, from 1.
  virtual int next_task_number(const chat_ref& chat) = 0;
  // Stores the task (not its members); returns its id.
  virtual std::int64_t insert_task(const task& t) = 0;
  // Saves what may change: title, place, group, times, capacity, flags, next_event_ms.
  virtual void update_task(const task& t) = 0;
  virtual std::optional<task> find_task(const chat_ref& chat, int number) = 0;
  // The chat's tasks on a local date (YYYY-MM-DD), cancelled ones included, by start then number.
  virtual std::vector<task> tasks_on(const chat_ref& chat, const std::string& date) = 0;
  // The tasks a message created (a /task add or a template), by number.
  virtual std::vector<task> tasks_from_message(const chat_ref& chat,
                                               const std::string& message_id) = 0;
  // Every chat's tasks whose next_event_ms is at or before now_ms, soonest first.
  virtual std::vector<task> tasks_due(std::int64_t now_ms, int limit) = 0;
  virtual std::int64_t insert_task_member(const task_member& m) = 0;
  // Saves state, confirmed, completed, asked_ms and changed_ms.
  virtual void update_task_member(const task_member& m) = 0;

  // Volunteers' service groups (/group), per chat.
  virtual std::optional<std::string> volunteer_group(const chat_ref& chat,
                                                     const std::string& volunteer_id) = 0;
  // An empty group clears it.
  virtual void save_volunteer_group(const chat_ref& chat, const std::string& volunteer_id,
                                    const std::string& group) = 0;

  // Day templates, by name per chat.
  virtual void save_template(const chat_ref& chat, const task_template& t) = 0;
  virtual std::optional<task_template> find_template(const chat_ref& chat,
                                                     const std::string& name) = 0;
  virtual std::vector<std::string> template_names(const chat_ref& chat) = 0;

  // The outbox: what the bot sends on its own, kept until delivered (or given up on).
  virtual std::int64_t insert_outbound(const outbound_message& m) = 0;
  // Every pending message, oldest first.
  virtual std::vector<outbound_message> pending_outbound() = 0;
  virtual std::optional<outbound_message> find_outbound(std::int64_t id) = 0;
  // Saves state, attempts, next_attempt_ms, sent_ms, last_error.
  virtual void update_outbound(const outbound_message& m) = 0;
};

// Rolls back on destruction unless committed (the SQLiteCpp Transaction idiom, over the interface).
class transaction {
 public:
  explicit transaction(store& s) : store_(s) { store_.begin(); }
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;
  ~transaction() {
    if (!done_) store_.rollback();
  }
  void commit() {
    store_.commit();
    done_ = true;
  }

 private:
  store& store_;
  bool done_ = false;
};

}  // namespace linli::storage
