// The SQLite store's tables as a migration reads and writes them (storage/tables.hpp): every
// table is a rowid table whose columns are the portable ones, so reading and writing need no
// translation, but for the two that name their chat by a number (translated_tables below); the
// type affinity of each column turns the text written back into integers.

#include <algorithm>
#include <array>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <unordered_map>

#include "storage/sqlite/sqlite_deflated.hpp"
#include "storage/sqlite/sqlite_store.hpp"
#include "storage/tables.hpp"

namespace linli::storage::sqlite {
namespace {

// The tables of the SQLite schema (sqlite_*.cpp), in the order of portable_tables(). SQLite's
// own (sqlite_*) are its bookkeeping; the schema version is PRAGMA user_version, not a table.
constexpr std::array sqlite_table_names = {
    "chats",
    "addresses",
    "chat_robots",
    "inbox",
    "chains",
    "chain_entries",
    "requests",
    "request_items",
    "offers",
    "group_buys",
    "group_buy_orders",
    "donation_drives",
    "donations",
    "tasks",
    "task_members",
    "volunteers",
    "task_templates",
    "outbox",
    "accounts",
    "account_chats",
    "dash_sessions",
    "login_failures",
    "audit",
};

// SQLite's own tables beside those: the ids the inbox and the requests name their chats by and
// the inbox its kinds by (sqlite_inbox.cpp), made as rows are written and emptied with them.
constexpr std::array own_table_names = {"chat_refs", "inbox_kinds"};

// A table whose SQLite form differs from the portable one: it keeps the portable columns
// (storage/tables.cpp) but for its chat, named by its chat_refs id in the column `chat` instead
// of by platform and chat_id. For each: the portable columns read in their order; the ids a
// portable row needs, made first if new, then its insert, each statement's ?N the row's Nth
// portable value.
struct translated_table {
  std::string_view name;
  const char* select;
  std::span<const char* const> keys_insert;
  const char* insert;
  std::span<const std::size_t> id_columns;  // 0-based: bound as the inbox keeps ids (stored_id)
};

// Both have their platform and chat id second and third.
constexpr const char* chat_ref_insert =
    "INSERT INTO chat_refs (platform, chat_id) VALUES (?2, ?3) ON CONFLICT DO NOTHING";
// The inbox also names its kind by a number, keeps sender_role as 0 or 1 and a plain decimal id
// as an integer (sqlite_inbox.cpp).
constexpr std::array<const char*, 2> inbox_keys_insert = {
    chat_ref_insert,
    "INSERT INTO inbox_kinds (name) VALUES (?11) ON CONFLICT DO NOTHING",
};
constexpr std::array<std::size_t, 2> inbox_id_columns = {3, 13};
// The requests (sqlite_requests.cpp).
constexpr std::array<const char*, 1> request_keys_insert = {chat_ref_insert};

constexpr std::array<translated_table, 2> translated_tables = {{
    {"inbox",
     "SELECT i.seq, c.platform, c.chat_id, i.delivery_id, i.sender_id, i.sender_name, "
     "CASE i.sender_role WHEN 1 THEN 'admin' ELSE 'member' END, i.text, i.sent_at, "
     "i.received_ms, k.name, i.replies, i.reply_to, i.message_id, i.edited FROM inbox i "
     "JOIN chat_refs c ON c.id = i.chat JOIN inbox_kinds k ON k.id = i.kind ORDER BY i.seq",
     inbox_keys_insert,
     "INSERT INTO inbox (seq, chat, delivery_id, sender_id, sender_name, sender_role, text, "
     "sent_at, received_ms, kind, replies, reply_to, message_id, edited) "
     "VALUES (?1, (SELECT id FROM chat_refs WHERE platform = ?2 AND chat_id = ?3), ?4, ?5, ?6, "
     "?7 = 'admin', ?8, ?9, ?10, (SELECT id FROM inbox_kinds WHERE name = ?11), ?12, ?13, ?14, "
     "?15)",
     inbox_id_columns},
    {"requests",
     "SELECT r.id, c.platform, c.chat_id, r.number, r.requester_id, r.requester_name, "
     "r.building, r.unit, r.room, r.category, r.urgent, r.status, r.claimed_by, "
     "r.claimed_by_name, r.stated_total_cents, r.spent_cents, r.duplicate_of, r.text, "
     "r.message_id, r.created_ms, r.updated_ms FROM requests r "
     "JOIN chat_refs c ON c.id = r.chat ORDER BY r.id",
     request_keys_insert,
     "INSERT INTO requests (id, chat, number, requester_id, requester_name, building, unit, room, "
     "category, urgent, status, claimed_by, claimed_by_name, stated_total_cents, spent_cents, "
     "duplicate_of, text, message_id, created_ms, updated_ms) "
     "VALUES (?1, (SELECT id FROM chat_refs WHERE platform = ?2 AND chat_id = ?3), ?4, ?5, ?6, "
     "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
     {}},
}};

// The translation of the table named `name`, if it has one.
const translated_table* translation_of(std::string_view name) {
  for (const translated_table& t : translated_tables) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

std::string quoted(std::string_view name) {
  return "\"" + std::string(name) + "\"";
}

std::string column_list(const table_def& t) {
  std::string out;
  for (std::size_t i = 0; i < t.columns.size(); ++i) {
    if (i > 0) out += ", ";
    out += quoted(t.columns[i]);
  }
  return out;
}

class sqlite_rows final : public row_reader {
 public:
  sqlite_rows(SQLite::Database& db, const table_def& t)
      : width_(static_cast<int>(t.columns.size())),
        statement_(db, translation_of(t.name) ? std::string(translation_of(t.name)->select)
                                              : "SELECT " + column_list(t) + " FROM " +
                                                    quoted(t.name) + " ORDER BY rowid") {}

  std::vector<row> next(int limit) override {
    std::vector<row> out;
    // Stepping a statement past its end throws: remember the end.
    while (!done_ && static_cast<int>(out.size()) < limit) {
      if (!statement_.executeStep()) {
        done_ = true;
        break;
      }
      row r;
      r.reserve(static_cast<std::size_t>(width_));
      for (int i = 0; i < width_; ++i) {
        const SQLite::Column c = statement_.getColumn(i);
        // The inbox's long texts are deflated (sqlite_deflated.hpp): copied as their text.
        r.push_back(c.isNull() ? cell() : cell(inflated(c)));
      }
      out.push_back(std::move(r));
    }
    return out;
  }

 private:
  int width_;
  SQLite::Statement statement_;
  bool done_ = false;
};

class sqlite_tables final : public table_io {
 public:
  explicit sqlite_tables(SQLite::Database& db) : db_(db) {}

  void check_catalogue() override {
    const auto tables = portable_tables();
    if (tables.size() != sqlite_table_names.size() ||
        !std::equal(tables.begin(), tables.end(), sqlite_table_names.begin(),
                    [](const table_def& t, const char* name) { return t.name == name; })) {
      throw std::runtime_error(
          "the SQLite backend's tables (sqlite_tables.cpp) differ from the migration's list "
          "(storage/tables.cpp)");
    }
    SQLite::Statement names(db_,
                            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                            "LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
    while (names.executeStep()) {
      const std::string name = names.getColumn(0).getString();
      if (std::find(sqlite_table_names.begin(), sqlite_table_names.end(), name) ==
              sqlite_table_names.end() &&
          std::find(own_table_names.begin(), own_table_names.end(), name) ==
              own_table_names.end()) {
        throw std::runtime_error("SQLite table " + name +
                                 " is not in the migration's list (storage/tables.cpp)");
      }
    }
    for (const table_def& t : tables) {
      std::set<std::string> found;
      SQLite::Statement info(db_, "SELECT name FROM pragma_table_info(?)");
      info.bind(1, std::string(t.name));
      while (info.executeStep()) found.insert(info.getColumn(0).getString());
      if (found.empty()) {
        throw std::runtime_error("SQLite database has no table " + std::string(t.name));
      }
      std::set<std::string> expected(t.columns.begin(), t.columns.end());
      if (translation_of(t.name)) {
        expected.erase("platform");
        expected.erase("chat_id");
        expected.insert("chat");
      }
      for (const auto& c : found) {
        if (!expected.contains(c)) {
          throw std::runtime_error("SQLite column " + std::string(t.name) + "." + c +
                                   " is not in the migration's list (storage/tables.cpp)");
        }
      }
      for (const auto& c : expected) {
        if (!found.contains(c)) {
          throw std::runtime_error("SQLite table " + std::string(t.name) + " has no column " + c);
        }
      }
    }
  }

  void read_snapshot() override {
    db_.exec("BEGIN");
    // A deferred transaction takes its snapshot at its first read.
    (void)db_.execAndGet("SELECT count(*) FROM sqlite_master").getInt();
  }

  void end_snapshot() noexcept override {
    try {
      db_.exec("COMMIT");
    } catch (const std::exception&) {
      // A read-only transaction keeps nothing: ending it cannot lose anything.
    }
  }

  std::int64_t count_rows(const table_def& t) override {
    return db_.execAndGet("SELECT count(*) FROM " + quoted(t.name)).getInt64();
  }

  std::int64_t money_total(const table_def& t) override {
    if (t.money.empty()) return 0;
    std::string sum;
    for (const auto& c : t.money) {
      if (!sum.empty()) sum += " + ";
      sum += "coalesce(sum(" + quoted(c) + "), 0)";
    }
    return db_.execAndGet("SELECT " + sum + " FROM " + quoted(t.name)).getInt64();
  }

  std::unique_ptr<row_reader> read_rows(const table_def& t) override {
    return std::make_unique<sqlite_rows>(db_, t);
  }

  void write_rows(const table_def& t, const std::vector<row>& rows) override {
    if (const translated_table* translated = translation_of(t.name)) {
      write_translated(t, *translated, rows);
      return;
    }
    auto& insert = inserts_[std::string(t.name)];
    if (!insert) {
      std::string marks;
      for (std::size_t i = 0; i < t.columns.size(); ++i) marks += i == 0 ? "?" : ", ?";
      insert =
          std::make_unique<SQLite::Statement>(db_, "INSERT INTO " + quoted(t.name) + " (" +
                                                       column_list(t) + ") VALUES (" + marks + ")");
    }
    for (const row& r : rows) {
      check_width(t, r);
      for (std::size_t i = 0; i < r.size(); ++i) {
        const int index = static_cast<int>(i) + 1;
        if (r[i]) {
          insert->bind(index, *r[i]);
        } else {
          insert->bind(index);
        }
      }
      insert->exec();
      insert->reset();
    }
  }

  void clear() override {
    const auto tables = portable_tables();
    for (auto t = tables.rbegin(); t != tables.rend(); ++t) {
      db_.exec("DELETE FROM " + quoted(t->name));
    }
    for (const char* name : own_table_names) db_.exec("DELETE FROM " + quoted(name));
  }

  // An INTEGER PRIMARY KEY continues after the highest id: nothing is derived.
  void finish_writing() override {}

 private:
  static void check_width(const table_def& t, const row& r) {
    if (r.size() != t.columns.size()) {
      throw std::runtime_error("a row of " + std::string(t.name) + " has " +
                               std::to_string(r.size()) + " values, not " +
                               std::to_string(t.columns.size()));
    }
  }

  // Binds a portable row's values to a statement's numbered parameters, ?1 the first column;
  // the columns in `ids` as the inbox keeps ids (stored_id).
  static void bind_row(SQLite::Statement& s, const row& r, std::span<const std::size_t> ids) {
    const auto count = static_cast<std::size_t>(s.getBindParameterCount());
    for (std::size_t column = 0; column < count; ++column) {
      const int index = static_cast<int>(column) + 1;
      const cell& value = r.at(column);
      const bool id = std::find(ids.begin(), ids.end(), column) != ids.end();
      if (!value) {
        s.bind(index);
      } else if (const auto n = id ? stored_id(*value) : std::nullopt) {
        s.bind(index, static_cast<int64_t>(*n));
      } else {
        s.bind(index, *value);
      }
    }
  }

  // A row of a translated table: the numbers it names first, made if new, then the row.
  void write_translated(const table_def& t, const translated_table& translated,
                        const std::vector<row>& rows) {
    auto& statements = translated_inserts_[std::string(t.name)];
    if (statements.empty()) {
      for (const char* sql : translated.keys_insert) {
        statements.push_back(std::make_unique<SQLite::Statement>(db_, sql));
      }
      statements.push_back(std::make_unique<SQLite::Statement>(db_, translated.insert));
    }
    for (const row& r : rows) {
      check_width(t, r);
      for (std::size_t i = 0; i < statements.size(); ++i) {
        SQLite::Statement& s = *statements[i];
        const bool keys = i + 1 < statements.size();
        bind_row(s, r, keys ? std::span<const std::size_t>() : translated.id_columns);
        s.exec();
        s.reset();
      }
    }
  }

  SQLite::Database& db_;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> inserts_;
  // Of each translated table: its keys' inserts, then its row's.
  std::unordered_map<std::string, std::vector<std::unique_ptr<SQLite::Statement>>>
      translated_inserts_;
};

}  // namespace

std::unique_ptr<table_io> sqlite_store::tables() {
  clear_caches();  // rows written behind the store's back
  return std::make_unique<sqlite_tables>(db_);
}

}  // namespace linli::storage::sqlite
