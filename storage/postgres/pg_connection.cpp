// The libpq wrapper: parameters, results, a connection with prepared statements by name.

#include "storage/postgres/pg_connection.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <charconv>
#include <string>

namespace linli::storage::postgres {

params& params::text(std::string_view v) {
  values_.emplace_back(v);
  nulls_.push_back(false);
  return *this;
}

params& params::text(const std::optional<std::string>& v) {
  return v ? text(std::string_view(*v)) : null();
}

params& params::integer(std::int64_t v) {
  values_.push_back(std::to_string(v));
  nulls_.push_back(false);
  return *this;
}

params& params::integers(std::span<const std::int64_t> v) {
  std::string array = "{";
  for (const std::int64_t i : v) {
    if (array.size() > 1) array += ',';
    array += std::to_string(i);
  }
  array += '}';
  return text(array);
}

params& params::integer(const std::optional<std::int64_t>& v) {
  return v ? integer(*v) : null();
}

params& params::integer(const std::optional<int>& v) {
  return v ? integer(static_cast<std::int64_t>(*v)) : null();
}

params& params::flag(bool v) {
  return text(v ? "t" : "f");
}

params& params::null() {
  values_.emplace_back();
  nulls_.push_back(true);
  return *this;
}

std::vector<const char*> params::pointers() const {
  std::vector<const char*> out;
  out.reserve(values_.size());
  for (std::size_t i = 0; i < values_.size(); ++i) {
    out.push_back(nulls_[i] ? nullptr : values_[i].c_str());
  }
  return out;
}

std::vector<int> params::lengths() const {
  std::vector<int> out;
  out.reserve(values_.size());
  for (const auto& v : values_) out.push_back(static_cast<int>(v.size()));
  return out;
}

result::~result() {
  if (r_) PQclear(r_);
}

int result::rows() const {
  return PQntuples(r_);
}

int result::columns() const {
  return PQnfields(r_);
}

bool result::null(int row, int col) const {
  return PQgetisnull(r_, row, col) != 0;
}

std::string_view result::view(int row, int col) const {
  return {PQgetvalue(r_, row, col), static_cast<std::size_t>(PQgetlength(r_, row, col))};
}

std::int64_t result::int64(int row, int col) const {
  const std::string_view v = view(row, col);
  std::int64_t out = 0;
  const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || end != v.data() + v.size()) {
    throw std::runtime_error("PostgreSQL returned '" + std::string(v) + "' for an integer");
  }
  return out;
}

std::optional<std::string> result::optional_text(int row, int col) const {
  if (null(row, col)) return std::nullopt;
  return text(row, col);
}

std::optional<std::int64_t> result::optional_int(int row, int col) const {
  if (null(row, col)) return std::nullopt;
  return int64(row, col);
}

connection::connection(const std::string& conninfo, const std::optional<std::string>& password,
                       std::string label)
    : label_(std::move(label)) {
  // expand_dbname: "dbname" holds the whole URL; a password given apart comes after it, so it is
  // the one libpq uses (otherwise libpq's environment or password file provides it).
  std::vector<const char*> keys = {"dbname", "client_encoding"};
  std::vector<const char*> values = {conninfo.c_str(), "UTF8"};
  if (password) {
    keys.push_back("password");
    values.push_back(password->c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);
  conn_ = PQconnectdbParams(keys.data(), values.data(), 1);
  if (conn_ == nullptr) throw std::runtime_error("cannot connect to " + label_ + ": out of memory");
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn_);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
      message.pop_back();
    }
    PQfinish(conn_);
    conn_ = nullptr;
    throw std::runtime_error("cannot connect to " + label_ + ": " + message);
  }
  // Notices (e.g. "relation already exists, skipping") are not errors: keep them off stderr.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
}

connection::~connection() {
  if (conn_) PQfinish(conn_);
}

namespace {

constexpr auto first_backoff = std::chrono::milliseconds(100);
constexpr auto max_backoff = std::chrono::seconds(5);

std::string trimmed(std::string message) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message;
}

}  // namespace

bool connection::in_transaction() const {
  const auto t = PQtransactionStatus(conn_);
  return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

void connection::on_connect(std::string sql) {
  exec(sql);
  session_.push_back(std::move(sql));
}

void connection::ensure_connected() {
  if (PQstatus(conn_) == CONNECTION_OK) {
    was_in_transaction_ = in_transaction();
    return;
  }
  if (lost_in_transaction_) {
    throw pg_error("PostgreSQL " + label_ +
                       ": the connection was lost inside a transaction, which is rolled back",
                   "08006");
  }
  const auto now = std::chrono::steady_clock::now();
  if (now < next_attempt_) {
    throw pg_error("PostgreSQL " + label_ + ": the connection is lost; reconnecting in " +
                       std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                          next_attempt_ - now)
                                          .count()) +
                       " ms",
                   "08006");
  }
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) {
    backoff_ = backoff_ == std::chrono::steady_clock::duration{}
                   ? std::chrono::steady_clock::duration(first_backoff)
                   : std::min<std::chrono::steady_clock::duration>(backoff_ * 2, max_backoff);
    next_attempt_ = now + backoff_;
    const std::string why = trimmed(PQerrorMessage(conn_));
    if (state_) state_(false, why);
    throw pg_error("PostgreSQL " + label_ + ": cannot reconnect: " + why, "08001");
  }
  backoff_ = {};
  next_attempt_ = {};
  prepared_.clear();  // the server forgot them with the old session
  deferred_.clear();  // they were the lost transaction's
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
  for (const auto& sql : session_) {
    PGresult* r = PQexec(conn_, sql.c_str());
    const bool ok = r && PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) fail(r, "restoring the session");
    PQclear(r);
  }
  was_in_transaction_ = false;
  if (state_) state_(true, "reconnected");
}

void connection::fail(PGresult* r, std::string_view what) {
  std::string message = trimmed(r ? PQresultErrorMessage(r) : PQerrorMessage(conn_));
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string sqlstate = state ? state : "";
  if (r) PQclear(r);
  if (PQstatus(conn_) != CONNECTION_OK) {
    // The server is gone: a transaction open on it is gone too (see the class).
    if (was_in_transaction_) lost_in_transaction_ = true;
    if (sqlstate.empty()) sqlstate = "08006";
    if (state_) state_(false, message);
  }
  throw pg_error("PostgreSQL " + label_ + ": " + std::string(what) + ": " + message,
                 std::move(sqlstate));
}

std::string connection::exec(std::string_view sql) {
  if (PQstatus(conn_) != CONNECTION_OK && lost_in_transaction_ && sql == "ROLLBACK") {
    lost_in_transaction_ = false;  // the server rolled it back when the connection ended
    return "ROLLBACK";
  }
  ensure_connected();
  std::string text;
  if (!deferred_.empty()) {
    if (sql != "ROLLBACK") {
      for (const auto& d : deferred_) text.append(d).append("; ");
    }
    deferred_.clear();
  }
  text.append(sql);
  PGresult* r = PQexec(conn_, text.c_str());
  if (sql == "BEGIN" && PQstatus(conn_) != CONNECTION_OK) {
    // The connection was found lost by BEGIN, which changed nothing: once more, reconnected.
    if (r) PQclear(r);
    ensure_connected();
    r = PQexec(conn_, std::string(sql).c_str());
  }
  const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && status != PGRES_EMPTY_QUERY) {
    fail(r, sql.substr(0, sql.find_first_of(" \n")));
  }
  std::string tag = PQcmdStatus(r);
  PQclear(r);
  return tag;
}

result connection::query(const char* sql, const params& p) {
  ensure_connected();
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "q" + std::to_string(prepared_.size() + 1);
    PGresult* r = PQprepare(conn_, name.c_str(), sql, 0, nullptr);
    if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) fail(r, "preparing a query");
    PQclear(r);
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  const auto values = p.pointers();
  const auto lengths = p.lengths();
  if (!deferred_.empty()) {
    return pipelined("a query", [&] {
      return PQsendQueryPrepared(conn_, it->second.c_str(), p.size(), values.data(), lengths.data(),
                                 nullptr, 0);
    });
  }
  PGresult* r = PQexecPrepared(conn_, it->second.c_str(), p.size(), values.data(), lengths.data(),
                               nullptr, 0);
  const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r, "a query");
  return result(r);
}

std::vector<std::pair<std::string, std::string>> connection::notifications(int timeout_ms) {
  ensure_connected();
  std::vector<std::pair<std::string, std::string>> out;
  auto take = [&] {
    while (PGnotify* n = PQnotifies(conn_)) {
      out.emplace_back(n->relname, n->extra);
      PQfreemem(n);
    }
  };
  take();
  if (!out.empty()) return out;
  pollfd waiting{PQsocket(conn_), POLLIN, 0};
  if (::poll(&waiting, 1, timeout_ms) > 0) {
    if (PQconsumeInput(conn_) == 0) fail(nullptr, "waiting for notifications");
    take();
  }
  return out;
}

void connection::defer(std::string sql) {
  ensure_connected();
  deferred_.push_back(std::move(sql));
}

result connection::pipelined(std::string_view what, const std::function<int()>& send) {
  std::vector<std::string> first;
  first.swap(deferred_);
  bool ok = PQenterPipelineMode(conn_) == 1;
  for (const auto& sql : first) {
    ok = ok && PQsendQueryParams(conn_, sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
  }
  ok = ok && send() == 1 && PQpipelineSync(conn_) == 1;
  // Each statement's result, then the NULL that ends it; then the sync's.
  std::vector<PGresult*> results;
  while (ok && results.size() < first.size() + 1) {
    PGresult* r = PQgetResult(conn_);
    if (r == nullptr) {
      ok = false;
      break;
    }
    results.push_back(r);
    while (PGresult* more = PQgetResult(conn_)) PQclear(more);
  }
  if (ok) {
    PGresult* sync = PQgetResult(conn_);
    ok = sync != nullptr && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
    if (sync) PQclear(sync);
  }
  PQexitPipelineMode(conn_);
  // The first that failed names the error: those after it were skipped.
  PGresult* bad = nullptr;
  for (PGresult* r : results) {
    const auto status = PQresultStatus(r);
    if (!bad && status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) bad = r;
  }
  if (bad || !ok) {
    for (PGresult* r : results) {
      if (r != bad) PQclear(r);
    }
    fail(bad, what);
  }
  for (std::size_t i = 0; i + 1 < results.size(); ++i) PQclear(results[i]);
  return result(results.back());
}

result connection::run(const std::string& sql, const params& p) {
  ensure_connected();
  const auto values = p.pointers();
  const auto lengths = p.lengths();
  if (!deferred_.empty()) {
    return pipelined(std::string_view(sql).substr(0, sql.find_first_of(" \n")), [&] {
      return PQsendQueryParams(conn_, sql.c_str(), p.size(), nullptr, values.data(), lengths.data(),
                               nullptr, 0);
    });
  }
  PGresult* r = PQexecParams(conn_, sql.c_str(), p.size(), nullptr, values.data(), lengths.data(),
                             nullptr, 0);
  const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    fail(r, std::string_view(sql).substr(0, sql.find_first_of(" \n")));
  }
  return result(r);
}

}  // namespace linli::storage::postgres
