#pragma once
// Internal to storage/: the PostgreSQL store's class, implemented one file per domain as the
// SQLite store is:
//   pg_connection.cpp  the libpq wrapper (connection, parameters, results)
//   pg_store.cpp       opening, transactions and savepoints
//   pg_schema.cpp      the migration runner over every feature's migrations
//   pg_inbox.cpp, pg_chats.cpp, pg_chains.cpp, pg_requests.cpp, pg_group_buys.cpp,
//   pg_donations.cpp, pg_tasks.cpp, pg_outbox.cpp, pg_accounts.cpp, pg_offers.cpp
// each with its SQL as named constants and its part of the schema. Several instances may write
// to one database at once, so nothing is cached across statements and every number is assigned
// inside the statement that inserts its row.

#include <optional>
#include <string>
#include <vector>

#include "storage/codec.hpp"
#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/pg_open.hpp"
#include "storage/store.hpp"

namespace linli::storage::postgres {

// The encodings every backend shares (storage/codec.hpp).
using codec::decode_caps;
using codec::decode_lines;
using codec::decode_replies;
using codec::encode_caps;
using codec::encode_lines;
using codec::encode_replies;
using codec::state_from;
using codec::state_name;

// Adds building, unit, room (all NULL when there is no address).
void add_address(params& p, const std::optional<address>& a);
// Reads building, unit, room from col..col+2 (no address when building is NULL).
std::optional<address> read_address(const result& r, int row, int col);

class pg_store final : public store {
 public:
  explicit pg_store(const pg_options& o);

  // pg_store.cpp
  void begin() override;
  void commit() override;
  void rollback() noexcept override;
  void begin_savepoint() override;
  void release_savepoint() override;
  void rollback_to_savepoint() override;
  void lock_chats(const std::vector<chat_ref>& chats) override;
  void lock_schedule() override;
  void announce(std::string_view channel, std::string_view payload) override;
  int schema_version() override;
  std::unique_ptr<table_io> tables() override;  // pg_tables.cpp
  void ping() override;

  // pg_inbox.cpp
  std::optional<stored_message> find_message(const chat_ref& chat,
                                             const std::string& delivery_id) override;
  std::optional<stored_message> find_message_by_key(const chat_ref& chat,
                                                    const std::string& key) override;
  std::optional<stored_message> find_original_by_key(const chat_ref& chat,
                                                     const std::string& key) override;
  std::int64_t insert_message(const stored_message& m) override;
  std::vector<stored_message> list_messages(const chat_ref& chat,
                                            const message_filter& filter) override;
  std::int64_t count_messages() override;
  std::vector<stored_message> messages_after(std::int64_t after_seq, int limit) override;

  // pg_chats.cpp
  chat_settings load_chat(const chat_ref& chat) override;
  void save_chat(const chat_ref& chat, const chat_settings& s) override;
  std::optional<address> load_address(const chat_ref& chat, const std::string& sender_id) override;
  void save_address(const chat_ref& chat, const std::string& sender_id, const address& a) override;
  std::optional<robot_binding> load_robot(const chat_ref& chat) override;
  void save_robot(const chat_ref& chat, const robot_binding& robot) override;
  void remove_robot(const chat_ref& chat) override;

  // pg_chains.cpp
  std::optional<chain> latest_chain(const chat_ref& chat) override;
  std::optional<chain> find_chain(const chat_ref& chat, const std::string& header_key) override;
  std::int64_t insert_chain(const chain& c) override;
  void update_chain(const chain& c) override;
  std::int64_t insert_chain_entry(std::int64_t chain_id, const chain_entry& e) override;
  void update_chain_entry(const chain_entry& e) override;

  // pg_requests.cpp
  std::int64_t insert_request(supply_request& r) override;
  std::optional<supply_request> find_request(const chat_ref& chat, int number) override;
  void update_request(const supply_request& r) override;
  std::vector<supply_request> list_requests(const chat_ref& chat, std::int64_t since_ms) override;
  request_page board_requests(const chat_ref& chat, const board_query& query) override;
  std::vector<tally_group> tally_requests(const chat_ref& chat, tally_by by) override;
  std::optional<request_summary> newest_at_address(const chat_ref& chat, const address& where,
                                                   const std::vector<std::string>& item_names,
                                                   std::int64_t since_ms) override;
  std::optional<request_summary> newest_from_requester(const chat_ref& chat,
                                                       const std::string& requester_id,
                                                       bool without_address,
                                                       const std::vector<std::string>& item_names,
                                                       std::int64_t since_ms) override;

  // pg_group_buys.cpp
  std::optional<group_buy> open_group_buy(const chat_ref& chat) override;
  std::int64_t insert_group_buy(const group_buy& g) override;
  void close_group_buy(std::int64_t id) override;
  std::vector<group_buy> group_buys(const chat_ref& chat, std::int64_t since_ms) override;
  void save_group_buy_order(std::int64_t buy_id, const group_buy_order& o) override;
  std::vector<group_buy_order> group_buy_orders(std::int64_t buy_id) override;

  // pg_offers.cpp
  std::int64_t insert_offer(offer& o) override;
  std::optional<offer> find_offer(const chat_ref& chat, int number) override;
  void update_offer(const offer& o) override;
  std::vector<offer> list_offers(const chat_ref& chat, std::int64_t since_ms) override;
  std::vector<offer> offers_in(const chat_ref& chat, offer_status status) override;

  // pg_donations.cpp
  std::optional<donation_drive> current_drive(const chat_ref& chat) override;
  std::int64_t insert_drive(const donation_drive& d) override;
  void add_donation(std::int64_t drive_id, const donation& d) override;
  std::vector<donation> donations(std::int64_t drive_id) override;

  // pg_tasks.cpp
  std::int64_t insert_task(task& t) override;
  void update_task(const task& t) override;
  std::optional<task> find_task(const chat_ref& chat, int number) override;
  std::vector<task> tasks_on(const chat_ref& chat, const std::string& date) override;
  std::vector<task> tasks_from_message(const chat_ref& chat,
                                       const std::string& message_id) override;
  std::vector<task> tasks_due(std::int64_t now_ms, int limit) override;
  std::int64_t insert_task_member(const task_member& m) override;
  void update_task_member(const task_member& m) override;
  std::optional<std::string> volunteer_group(const chat_ref& chat,
                                             const std::string& volunteer_id) override;
  void save_volunteer_group(const chat_ref& chat, const std::string& volunteer_id,
                            const std::string& group) override;
  void save_template(const chat_ref& chat, const task_template& t) override;
  std::optional<task_template> find_template(const chat_ref& chat,
                                             const std::string& name) override;
  std::vector<std::string> template_names(const chat_ref& chat) override;

  // pg_audit.cpp
  std::int64_t insert_audit(const audit_entry& e) override;
  std::vector<audit_entry> list_audit(const chat_ref& chat, std::int64_t before_seq,
                                      int limit) override;
  erasure_counts erase_sender(const chat_ref& chat, const std::string& sender_id) override;
  erasure_counts erase_before(std::int64_t before_ms) override;

  // pg_accounts.cpp
  std::int64_t insert_account(const account& a) override;
  std::optional<account> find_account(const std::string& name) override;
  std::optional<account> find_account_by_id(std::int64_t id) override;
  std::vector<account> list_accounts() override;
  bool remove_account(const std::string& name) override;
  bool set_password(const std::string& name, const std::string& password_hash) override;
  void insert_session(const dash_session& s) override;
  std::optional<dash_session> find_session(const std::string& id_hash,
                                           std::int64_t now_ms) override;
  void delete_session(const std::string& id_hash) override;
  int delete_expired_sessions(std::int64_t now_ms) override;
  void record_login_failure(const std::string& key, std::int64_t at_ms) override;
  int login_failures_since(const std::string& key, std::int64_t since_ms) override;
  std::optional<std::int64_t> last_login_failure(const std::string& key) override;
  void clear_login_failures(const std::string& key) override;
  void delete_login_failures_before(std::int64_t before_ms) override;

  // pg_outbox.cpp
  std::int64_t insert_outbound(const outbound_message& m) override;
  std::vector<outbound_message> pending_outbound() override;
  std::optional<outbound_message> find_outbound(std::int64_t id) override;
  void update_outbound(const outbound_message& m) override;
  std::vector<outbound_message> claim_outbound(std::string_view instance, std::int64_t now_ms,
                                               std::int64_t until_ms, int limit,
                                               std::string_view platform) override;
  std::vector<std::int64_t> renew_leases(std::string_view instance, std::int64_t until_ms,
                                         std::span<const std::int64_t> ids) override;
  std::int64_t count_pending_outbound(const chat_ref& chat) override;
  void release_leases(std::string_view instance) override;

 private:
  // find_message_by_key, or with `original` find_original_by_key.
  std::optional<stored_message> find_by_key(const chat_ref& chat, const std::string& key,
                                            bool original);
  std::vector<request_item> read_items(const chat_ref& chat, std::int64_t request_id);
  void write_items(const chat_ref& chat, std::int64_t request_id,
                   const std::vector<request_item>& items);
  // The chain in the first row of `r` (if any) with all its entries.
  std::optional<chain> read_chain(const result& r, const chat_ref& chat);
  // Every task in `r`, each with its members.
  std::vector<task> read_tasks(const result& r);

  connection db_;
  connection_observer* observer_;
  // Savepoints released by the caller but not yet on the server: a RELEASE costs no round trip
  // of its own (begin_savepoint defers it with its SAVEPOINT; COMMIT makes it needless).
  // Statements in between run inside them, which changes nothing they do.
  int released_ = 0;
  int version_ = 0;  // the schema version, read once when opened (schema_version())
};

}  // namespace linli::storage::postgres
