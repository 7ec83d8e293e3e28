#pragma once
// Internal to storage/: the SQLite store's class, implemented one file per domain:
//   sqlite_connection.cpp  the connection, prepared statements, transactions, checkpoints
//   sqlite_schema.cpp      the migration runner over every feature's migrations
//   sqlite_inbox.cpp, sqlite_chats.cpp, sqlite_chains.cpp, sqlite_requests.cpp,
//   sqlite_group_buys.cpp, sqlite_donations.cpp, sqlite_tasks.cpp, sqlite_outbox.cpp,
//   sqlite_accounts.cpp, sqlite_offers.cpp
// each with its SQL as named constants and its part of the schema. Nothing outside storage/
// (and its tests) includes this header.

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "storage/codec.hpp"
#include "storage/sqlite/sqlite_caches.hpp"
#include "storage/sqlite/sqlite_open.hpp"
#include "storage/store.hpp"

// In a query's text: a chat's id in chat_refs, from its platform (?1) and id (?2); NULL, so
// matching nothing, for a chat that has none yet (the writer makes one: chat_ref_id).
#define LINLI_CHAT_REF_ID "(SELECT id FROM chat_refs WHERE platform = ?1 AND chat_id = ?2)"

namespace linli::storage::sqlite {

// The encodings every backend shares (storage/codec.hpp).
using codec::decode_caps;
using codec::decode_lines;
using codec::decode_replies;
using codec::encode_caps;
using codec::encode_lines;
using codec::encode_replies;
using codec::state_from;
using codec::state_name;

// A cached prepared statement in use. It is reset when the query goes out of scope, so no
// statement keeps a read snapshot open once the call that used it returns: a reader's next query
// sees every commit made since, and nothing holds back the checkpoint after a commit.
class query {
 public:
  explicit query(SQLite::Statement& s) : s_(s) {}
  query(const query&) = delete;
  query& operator=(const query&) = delete;
  ~query() { s_.tryReset(); }

  template <class... Args>
  void bind(Args&&... args) {
    s_.bind(std::forward<Args>(args)...);
  }
  bool executeStep() { return s_.executeStep(); }
  int exec() { return s_.exec(); }
  SQLite::Column getColumn(int index) { return s_.getColumn(index); }
  void reset() { s_.reset(); }

 private:
  SQLite::Statement& s_;
};

// A platform's id as the inbox keeps it (delivery_id, message_id): a plain decimal number (no
// sign, no leading zero, at most 18 digits) as that integer, in 1 to 8 bytes where its text took
// 9 to 18; nullopt for anything else, kept as its text. Both forms read back as the same text,
// and a lookup binds the same form, so each id still matches only itself. Schema version 16's
// CASE (sqlite_inbox.cpp) is the same rule.
std::optional<std::int64_t> stored_id(std::string_view id);

// Binds an optional: NULL when empty.
template <class T>
inline void bind_optional(query& q, int index, const std::optional<T>& value) {
  if (value) {
    q.bind(index, *value);
  } else {
    q.bind(index);
  }
}

inline std::optional<std::string> optional_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

inline std::optional<std::int64_t> optional_int(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getInt64();
}

// Binds building, unit, room at index..index+2 (all NULL when there is no address).
void bind_address(query& q, int index, const std::optional<address>& a);
// Reads building, unit, room from index..index+2 (no address when building is NULL).
std::optional<address> read_address(query& q, int index);

class sqlite_store final : public store {
 public:
  explicit sqlite_store(const sqlite_options& o);

  // sqlite_connection.cpp
  void begin() override;
  void commit() override;
  void rollback() noexcept override;
  void begin_savepoint() override;
  void release_savepoint() override;
  void rollback_to_savepoint() override;
  int schema_version() override;
  std::unique_ptr<table_io> tables() override;  // sqlite_tables.cpp
  void ping() override;

  // sqlite_inbox.cpp
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

  // sqlite_chats.cpp
  chat_settings load_chat(const chat_ref& chat) override;
  void save_chat(const chat_ref& chat, const chat_settings& s) override;
  std::optional<address> load_address(const chat_ref& chat, const std::string& sender_id) override;
  void save_address(const chat_ref& chat, const std::string& sender_id, const address& a) override;
  std::optional<robot_binding> load_robot(const chat_ref& chat) override;
  void save_robot(const chat_ref& chat, const robot_binding& robot) override;
  void remove_robot(const chat_ref& chat) override;

  // sqlite_chains.cpp
  std::optional<chain> latest_chain(const chat_ref& chat) override;
  std::optional<chain> find_chain(const chat_ref& chat, const std::string& header_key) override;
  std::shared_ptr<const chain> find_chain_shared(const chat_ref& chat,
                                                 const std::string& header_key) override;
  std::int64_t insert_chain(const chain& c) override;
  void update_chain(const chain& c) override;
  std::int64_t insert_chain_entry(std::int64_t chain_id, const chain_entry& e) override;
  void update_chain_entry(const chain_entry& e) override;

  // sqlite_requests.cpp
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

  // sqlite_offers.cpp
  std::int64_t insert_offer(offer& o) override;
  std::optional<offer> find_offer(const chat_ref& chat, int number) override;
  void update_offer(const offer& o) override;
  std::vector<offer> list_offers(const chat_ref& chat, std::int64_t since_ms) override;
  std::vector<offer> offers_in(const chat_ref& chat, offer_status status) override;

  // sqlite_group_buys.cpp
  std::optional<group_buy> open_group_buy(const chat_ref& chat) override;
  std::int64_t insert_group_buy(const group_buy& g) override;
  void close_group_buy(std::int64_t id) override;
  std::vector<group_buy> group_buys(const chat_ref& chat, std::int64_t since_ms) override;
  void save_group_buy_order(std::int64_t buy_id, const group_buy_order& o) override;
  std::vector<group_buy_order> group_buy_orders(std::int64_t buy_id) override;

  // sqlite_donations.cpp
  std::optional<donation_drive> current_drive(const chat_ref& chat) override;
  std::int64_t insert_drive(const donation_drive& d) override;
  void add_donation(std::int64_t drive_id, const donation& d) override;
  std::vector<donation> donations(std::int64_t drive_id) override;

  // sqlite_tasks.cpp
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

  // sqlite_outbox.cpp
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

  // sqlite_audit.cpp
  std::int64_t insert_audit(const audit_entry& e) override;
  std::vector<audit_entry> list_audit(const chat_ref& chat, std::int64_t before_seq,
                                      int limit) override;
  erasure_counts erase_sender(const chat_ref& chat, const std::string& sender_id) override;
  erasure_counts erase_before(std::int64_t before_ms) override;

  // sqlite_accounts.cpp
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

 private:
  // find_message_by_key, or with `original` find_original_by_key.
  std::optional<stored_message> find_by_key(const chat_ref& chat, const std::string& key,
                                            bool original);
  // The cached statement for a query text, prepared on first use, with its bindings cleared.
  // Opens the pending savepoints first when the statement writes (see begin_savepoint).
  query statement(const char* sql);
  struct cached_statement {
    std::unique_ptr<SQLite::Statement> statement;
    bool writes;  // not sqlite3_stmt_readonly: opens the pending savepoints before it runs
  };
  // The cached statement, reset, bindings cleared; opens no savepoint.
  cached_statement& prepared(const char* sql);
  // Opens every savepoint begun but not yet opened (the outermost first).
  void open_savepoints();
  // Checkpoints the write-ahead log once it has grown (see the constructor).
  void checkpoint_if_grown();
  // The ids the inbox and the requests name a chat by, and the inbox a kind of message by
  // (chat_refs, inbox_kinds), made on first use; the writer caches them.
  std::int64_t chat_ref_id(const chat_ref& chat);
  std::int64_t inbox_kind(const std::string& kind);
  // The id of the row `find_sql` finds by `values`, else of the row `insert_sql` makes of them.
  std::int64_t key_number(const char* find_sql, const char* insert_sql,
                          std::initializer_list<std::string> values);
  std::vector<request_item> read_items(std::int64_t request_id);
  void write_items(std::int64_t request_id, const std::vector<request_item>& items);
  // Reads the chain the query found (if any) and all its entries.
  std::optional<chain> read_chain(query& q, const chat_ref& chat);
  // Reads every task the query found, each with its members.
  std::vector<task> read_tasks(query& q);
  // Reads the account the query found (if any) with its chats.
  std::optional<account> read_account(query& q);
  static std::string cache_key(const chat_ref& chat);
  // Chat settings are read for every message and change rarely. Safe to cache on the writer
  // because it is the database's only writer; cleared on any rollback. Readers never cache.
  static constexpr std::size_t max_cached_chats = 100'000;

  // The chains and open group buys the writer read or wrote (sqlite_caches.hpp): used only
  // inside a transaction, by a connection that writes; cleared on any rollback and when another
  // connection has committed since (PRAGMA data_version, checked at begin()).
  static constexpr std::size_t chain_cache_bytes = 8 << 20;
  bool caching() const;
  void clear_caches() noexcept;

  SQLite::Database db_;
  std::unordered_map<const char*, cached_statement> statements_;
  std::unordered_map<std::string, chat_settings> chat_cache_;
  std::unordered_map<std::string, std::int64_t> chat_ref_ids_;  // by cache_key(chat)
  std::unordered_map<std::string, std::int64_t> inbox_kinds_;   // a handful: unbounded
  chain_cache chains_{chain_cache_bytes};
  group_buy_cache open_buys_{max_cached_chats};
  std::int64_t data_version_ = -1;  // PRAGMA data_version when the last transaction began
  bool read_only_;                  // a reader: another connection writes, so nothing may be cached
  connection_observer* observer_;
  int wal_pages_ = 0;          // frames in the write-ahead log after the last commit (the WAL hook)
  int savepoints_ = 0;         // begun and not yet ended, the innermost last
  int opened_savepoints_ = 0;  // of those, the ones opened in SQLite: always the outermost
};

}  // namespace linli::storage::sqlite
