// The PostgreSQL store's tables as a migration reads and writes them (storage/tables.hpp). The
// portable columns are SQLite's; here a child table also holds its parent's platform and chat_id
// (the distribution key), which an insert takes from the parent row. Ids are identity columns:
// rows are written with theirs (OVERRIDING SYSTEM VALUE) and each sequence is moved past the
// highest afterwards; chat_numbers, the per-chat number counters, is rebuilt from the rows.

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <stdexcept>
#include <string>

#include "storage/postgres/pg_store.hpp"
#include "storage/tables.hpp"

namespace linli::storage::postgres {
namespace {

struct pg_table {
  std::string_view name;
  // A child table: its parent and the column that holds the parent's id. The child's platform
  // and chat_id are the parent's.
  std::string_view parent = {};
  std::string_view parent_id = {};
};

// The tables of the PostgreSQL schema (pg_*.cpp), in the order of portable_tables().
constexpr std::array<pg_table, 23> pg_tables = {{
    {"chats"},
    {"addresses"},
    {"chat_robots"},
    {"inbox"},
    {"chains"},
    {"chain_entries", "chains", "chain_id"},
    {"requests"},
    {"request_items", "requests", "request_id"},
    {"offers"},
    {"group_buys"},
    {"group_buy_orders", "group_buys", "buy_id"},
    {"donation_drives"},
    {"donations", "donation_drives", "drive_id"},
    {"tasks"},
    {"task_members", "tasks", "task_id"},
    {"volunteers"},
    {"task_templates"},
    {"outbox"},
    {"accounts"},
    {"account_chats"},
    {"dash_sessions"},
    {"login_failures"},
    {"audit"},
}};

// Bookkeeping, not copied: the schema's version (each side has its own) and the counters that
// finish_writing() rebuilds.
constexpr std::array<std::string_view, 2> derived_tables = {"schema_migrations", "chat_numbers"};

// The counters of numbered rows: kind and table (pg_requests.cpp, pg_offers.cpp, pg_tasks.cpp).
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> numbered = {{
    {"request", "requests"},
    {"offer", "offers"},
    {"task", "tasks"},
}};

std::string quoted(std::string_view name) {
  return "\"" + std::string(name) + "\"";
}

struct column_info {
  std::string type;  // as information_schema names it: text, bigint, integer, boolean
  bool identity = false;
};

class pg_rows final : public row_reader {
 public:
  pg_rows(connection& db, const std::string& select, std::string cursor)
      : db_(db), cursor_(std::move(cursor)) {
    db_.exec("DECLARE " + cursor_ + " NO SCROLL CURSOR FOR " + select);
  }
  pg_rows(const pg_rows&) = delete;
  pg_rows& operator=(const pg_rows&) = delete;
  ~pg_rows() override {
    try {
      db_.exec("CLOSE " + cursor_);
    } catch (const std::exception&) {
      // The transaction is over or broken; its end closes the cursor.
    }
  }

  std::vector<row> next(int limit) override {
    const result r = db_.run("FETCH FORWARD " + std::to_string(limit) + " FROM " + cursor_);
    std::vector<row> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) {
      row values;
      for (int c = 0; c < r.columns(); ++c) values.push_back(r.optional_text(i, c));
      out.push_back(std::move(values));
    }
    return out;
  }

 private:
  connection& db_;
  std::string cursor_;
};

class pg_table_io final : public table_io {
 public:
  explicit pg_table_io(connection& db) : db_(db) {}

  void check_catalogue() override {
    const auto tables = portable_tables();
    if (tables.size() != pg_tables.size() ||
        !std::equal(tables.begin(), tables.end(), pg_tables.begin(),
                    [](const table_def& t, const pg_table& p) { return t.name == p.name; })) {
      throw std::runtime_error(
          "the PostgreSQL backend's tables (pg_tables.cpp) differ from the migration's list "
          "(storage/tables.cpp)");
    }
    const result names = db_.run(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE' ORDER BY table_name");
    for (int i = 0; i < names.rows(); ++i) {
      const std::string name = names.text(i, 0);
      const bool listed =
          std::any_of(pg_tables.begin(), pg_tables.end(),
                      [&](const pg_table& p) { return p.name == name; }) ||
          std::find(derived_tables.begin(), derived_tables.end(), name) != derived_tables.end();
      if (!listed) {
        throw std::runtime_error("PostgreSQL table " + name +
                                 " is not in the migration's list (storage/tables.cpp)");
      }
    }
    for (std::size_t i = 0; i < tables.size(); ++i) {
      const table_def& t = tables[i];
      const result cols = db_.run(
          "SELECT column_name, data_type, is_identity = 'YES' FROM information_schema.columns "
          "WHERE table_schema = current_schema() AND table_name = $1",
          params().text(t.name));
      if (cols.empty()) {
        throw std::runtime_error("PostgreSQL database has no table " + std::string(t.name));
      }
      std::set<std::string> expected(t.columns.begin(), t.columns.end());
      if (!pg_tables[i].parent.empty()) expected.insert({"platform", "chat_id"});
      auto& info = columns_[std::string(t.name)];
      for (int r = 0; r < cols.rows(); ++r) {
        const std::string name = cols.text(r, 0);
        if (!expected.contains(name)) {
          throw std::runtime_error("PostgreSQL column " + std::string(t.name) + "." + name +
                                   " is not in the migration's list (storage/tables.cpp)");
        }
        info[name] = {cols.text(r, 1), cols.flag(r, 2)};
      }
      for (const auto& c : expected) {
        if (!info.contains(c)) {
          throw std::runtime_error("PostgreSQL table " + std::string(t.name) + " has no column " +
                                   c);
        }
      }
    }
  }

  void read_snapshot() override { db_.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); }

  void end_snapshot() noexcept override {
    try {
      db_.exec("COMMIT");
    } catch (const std::exception&) {
      // A read-only transaction keeps nothing: ending it cannot lose anything.
    }
  }

  std::int64_t count_rows(const table_def& t) override {
    return db_.run("SELECT count(*) FROM " + quoted(t.name)).int64(0, 0);
  }

  std::int64_t money_total(const table_def& t) override {
    if (t.money.empty()) return 0;
    std::string sum;
    for (const auto& c : t.money) {
      if (!sum.empty()) sum += " + ";
      sum += "coalesce(sum(" + quoted(c) + "), 0)";
    }
    return db_.run("SELECT (" + sum + ")::bigint FROM " + quoted(t.name)).int64(0, 0);
  }

  std::unique_ptr<row_reader> read_rows(const table_def& t) override {
    const auto& info = table_columns(t);
    std::string select = "SELECT ";
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      if (i > 0) select += ", ";
      // Flags travel as 0 and 1, as SQLite keeps them.
      select += quoted(t.columns[i]) +
                (info.at(std::string(t.columns[i])).type == "boolean" ? "::int" : "");
    }
    select += " FROM " + quoted(t.name);
    // In the order of the ids, as they were given out.
    for (const auto& c : t.columns) {
      if (info.at(std::string(c)).identity) {
        select += " ORDER BY " + quoted(c);
        break;
      }
    }
    return std::make_unique<pg_rows>(db_, select, "linli_copy_" + std::string(t.name));
  }

  void write_rows(const table_def& t, const std::vector<row>& rows) override {
    if (rows.empty()) return;
    const auto& info = table_columns(t);
    const pg_table& spec = pg_spec(t);
    const bool identity =
        std::any_of(info.begin(), info.end(), [](const auto& c) { return c.second.identity; });
    std::string names;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
      if (i > 0) names += ", ";
      names += quoted(t.columns[i]);
    }
    std::string values;
    params p;
    int n = 0;
    for (const row& r : rows) {
      if (r.size() != t.columns.size()) {
        throw std::runtime_error("a row of " + std::string(t.name) + " has " +
                                 std::to_string(r.size()) + " values, not " +
                                 std::to_string(t.columns.size()));
      }
      values += values.empty() ? "(" : ", (";
      for (std::size_t i = 0; i < r.size(); ++i) {
        if (i > 0) values += ", ";
        values += "$" + std::to_string(++n) + "::" + info.at(std::string(t.columns[i])).type;
        if (r[i]) {
          p.text(*r[i]);
        } else {
          p.null();
        }
      }
      values += ")";
    }
    std::string sql = "INSERT INTO " + quoted(t.name) + " (";
    if (spec.parent.empty()) {
      sql += names + ")" + (identity ? " OVERRIDING SYSTEM VALUE" : "") + " VALUES " + values;
    } else {
      // A row whose parent is missing is not written: the counts after the copy then differ.
      sql += "platform, chat_id, " + names + ")" + (identity ? " OVERRIDING SYSTEM VALUE" : "") +
             " SELECT p.platform, p.chat_id, v.* FROM (VALUES " + values + ") AS v (" + names +
             ") JOIN " + quoted(spec.parent) + " p ON p.id = v." + quoted(spec.parent_id);
    }
    db_.run(sql, p);
  }

  void clear() override {
    std::string all;
    for (const auto& t : pg_tables) all += (all.empty() ? "" : ", ") + quoted(t.name);
    all += ", chat_numbers";
    db_.run("TRUNCATE " + all + " RESTART IDENTITY");
  }

  void finish_writing() override {
    for (const table_def& t : portable_tables()) {
      for (const auto& [name, column] : table_columns(t)) {
        if (!column.identity) continue;
        db_.run("SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(" + quoted(name) +
                    "), 0) + 1, false) FROM " + quoted(t.name),
                params().text(t.name).text(name));
      }
    }
    db_.run("DELETE FROM chat_numbers");
    for (const auto& [kind, table] : numbered) {
      db_.run(
          "INSERT INTO chat_numbers (platform, chat_id, kind, last) SELECT platform, chat_id, "
          "$1, max(number) FROM " +
              quoted(table) + " GROUP BY platform, chat_id",
          params().text(kind));
    }
  }

 private:
  const std::map<std::string, column_info>& table_columns(const table_def& t) {
    if (columns_.empty()) check_catalogue();
    return columns_.at(std::string(t.name));
  }

  static const pg_table& pg_spec(const table_def& t) {
    for (const auto& p : pg_tables) {
      if (p.name == t.name) return p;
    }
    throw std::runtime_error("PostgreSQL backend has no table " + std::string(t.name));
  }

  connection& db_;
  std::map<std::string, std::map<std::string, column_info>> columns_;
};

}  // namespace

std::unique_ptr<table_io> pg_store::tables() {
  return std::make_unique<pg_table_io>(db_);
}

}  // namespace linli::storage::postgres
