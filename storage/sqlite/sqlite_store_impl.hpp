#pragma once
// Internal to storage/: the SQLite store's class, shared by the files that implement it by
// domain (sqlite_store.cpp: connection, schema, inbox, chats; sqlite_chains.cpp;
// sqlite_requests.cpp). Nothing outside storage/ includes this header.

#include <SQLiteCpp/SQLiteCpp.h>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/sqlite/sqlite_store.hpp"

namespace linli::storage::detail {

// Binds an optional: NULL when empty.
template <class T>
inline void bind_optional(SQLite::Statement& q, int index, const std::optional<T>& value) {
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

// Lists of text kept as a JSON array in one column.
std::string encode_lines(const std::vector<std::string>& lines);
std::vector<std::string> decode_lines(const std::string& text);

class sqlite_store final : public store {
 public:
  explicit sqlite_store(const sqlite_options& o);

  // sqlite_store.cpp: transactions, the inbox, chat settings.
  void begin() override;
  void commit() override;
  void rollback() noexcept override;
  // Savepoints run once per message: prepared once like every other statement.
  void savepoint() override;
  void release_savepoint() override;
  void rollback_to_savepoint() override;
  void end_reads() override;
  std::optional<stored_message> find_message(const chat_ref& chat,
                                             const std::string& delivery_id) override;
  std::int64_t insert_message(const stored_message& m) override;
  std::vector<stored_message> list_messages(const chat_ref& chat,
                                            const message_filter& filter) override;
  std::int64_t count_messages() override;
  std::vector<stored_message> messages_after(std::int64_t after_seq, int limit) override;
  chat_settings load_chat(const chat_ref& chat) override;
  void save_chat(const chat_ref& chat, const chat_settings& s) override;

  // sqlite_chains.cpp
  std::optional<chain> latest_chain(const chat_ref& chat) override;
  std::optional<chain> find_chain(const chat_ref& chat, const std::string& header_key) override;
  std::int64_t insert_chain(const chain& c) override;
  void update_chain(const chain& c) override;
  std::int64_t insert_chain_entry(std::int64_t chain_id, const chain_entry& e) override;
  void update_chain_entry(const chain_entry& e) override;

  // sqlite_requests.cpp: requests, addresses, group buys, donations.
  int next_request_number(const chat_ref& chat) override;
  std::int64_t insert_request(const supply_request& r) override;
  std::optional<supply_request> find_request(const chat_ref& chat, int number) override;
  void update_request(const supply_request& r) override;
  std::optional<int> find_possible_duplicate(const supply_request& r,
                                             std::int64_t since_ms) override;
  std::vector<supply_request> list_requests(const chat_ref& chat, std::int64_t since_ms) override;
  std::optional<group_buy> open_group_buy(const chat_ref& chat) override;
  std::int64_t insert_group_buy(const group_buy& g) override;
  void close_group_buy(std::int64_t id) override;
  std::vector<group_buy> group_buys(const chat_ref& chat, std::int64_t since_ms) override;
  void save_group_buy_order(std::int64_t buy_id, const group_buy_order& o) override;
  std::vector<group_buy_order> group_buy_orders(std::int64_t buy_id) override;
  std::optional<donation_drive> current_drive(const chat_ref& chat) override;
  std::int64_t insert_drive(const donation_drive& d) override;
  void add_donation(std::int64_t drive_id, const donation& d) override;
  std::vector<donation> donations(std::int64_t drive_id) override;
  std::optional<address> load_address(const chat_ref& chat, const std::string& sender_id) override;
  void save_address(const chat_ref& chat, const std::string& sender_id, const address& a) override;

  // sqlite_tasks.cpp: tasks, volunteers' groups, templates, the outbox.
  int next_task_number(const chat_ref& chat) override;
  std::int64_t insert_task(const task& t) override;
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
  std::int64_t insert_outbound(const outbound_message& m) override;
  std::vector<outbound_message> pending_outbound() override;
  std::optional<outbound_message> find_outbound(std::int64_t id) override;
  void update_outbound(const outbound_message& m) override;

 private:
  // A prepared statement per query text, prepared once and reset before each use.
  SQLite::Statement& statement(const char* sql);
  // Binds building, unit, room at index..index+2 (all NULL when there is no address).
  static void bind_address(SQLite::Statement& q, int index, const std::optional<address>& a);
  static group_buy read_group_buy(SQLite::Statement& q, const chat_ref& chat);
  static supply_request read_request(SQLite::Statement& q, const chat_ref& chat);
  std::vector<request_item> read_items(std::int64_t request_id);
  void write_items(std::int64_t request_id, const std::vector<request_item>& items);
  // Reads the chain the query found (if any) and all its entries.
  std::optional<chain> read_chain(SQLite::Statement& q, const chat_ref& chat);
  static stored_message read_row(SQLite::Statement& q);
  // Reads every task the query found, each with its members.
  std::vector<task> read_tasks(SQLite::Statement& q);
  static outbound_message read_outbound(SQLite::Statement& q);
  void migrate();
  static std::string cache_key(const chat_ref& chat);
  // Chat settings are read for every message and change rarely. Safe to cache on the writer
  // because it is the database's only writer; cleared on any rollback. Readers never cache.
  static constexpr std::size_t max_cached_chats = 100'000;

  SQLite::Database db_;
  std::unordered_map<const char*, std::unique_ptr<SQLite::Statement>> statements_;
  std::unordered_map<std::string, chat_settings> chat_cache_;
  bool read_only_;     // a reader: another connection writes, so nothing may be cached
  int wal_pages_ = 0;  // frames in the write-ahead log after the last commit (the WAL hook)
};

}  // namespace linli::storage::detail
