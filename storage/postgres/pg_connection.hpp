#pragma once
// Internal to storage/: a thin RAII wrapper of libpq (the shape of drogon's orm_lib
// postgresql_impl, much smaller): a connection that prepares each query once under a name of its
// own, parameters sent as text, and results read by row and column. Only storage/postgres/
// includes it; libpq's header stays out of every public header.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

struct pg_conn;
struct pg_result;

namespace linli::storage::postgres {

// A statement the server refused, with its SQLSTATE ("23505" for a unique violation).
class pg_error : public std::runtime_error {
 public:
  pg_error(const std::string& what, std::string sqlstate)
      : std::runtime_error(what), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return sqlstate_; }

 private:
  std::string sqlstate_;
};

// The parameters of one statement, $1, $2, ... in the order added, each as text or NULL.
class params {
 public:
  params& text(std::string_view v);
  params& text(const std::string& v) { return text(std::string_view(v)); }
  params& text(const char* v) { return text(std::string_view(v)); }
  params& text(const std::optional<std::string>& v);
  params& integer(std::int64_t v);
  params& integer(const std::optional<std::int64_t>& v);
  params& integer(const std::optional<int>& v);
  // A bigint[] parameter ({1,2,3}), for `= ANY($n::bigint[])` and unnest.
  params& integers(std::span<const std::int64_t> v);
  params& flag(bool v);
  params& null();

  int size() const { return static_cast<int>(values_.size()); }
  // Pointers into this object, valid while it lives unchanged; nullptr for NULL.
  std::vector<const char*> pointers() const;
  std::vector<int> lengths() const;

 private:
  std::vector<std::string> values_;
  std::vector<bool> nulls_;
};

// The rows a statement returned. Values are read as text and converted.
class result {
 public:
  explicit result(pg_result* r) : r_(r) {}
  result(result&& other) noexcept : r_(other.r_) { other.r_ = nullptr; }
  result& operator=(result&&) = delete;
  result(const result&) = delete;
  result& operator=(const result&) = delete;
  ~result();

  int rows() const;
  int columns() const;
  bool empty() const { return rows() == 0; }
  bool null(int row, int col) const;
  std::string_view view(int row, int col) const;
  std::string text(int row, int col) const { return std::string(view(row, col)); }
  std::int64_t int64(int row, int col) const;
  int int32(int row, int col) const { return static_cast<int>(int64(row, col)); }
  bool flag(int row, int col) const { return view(row, col) == "t"; }
  std::optional<std::string> optional_text(int row, int col) const;
  std::optional<std::int64_t> optional_int(int row, int col) const;

 private:
  pg_result* r_;
};

// A connection lost (the server restarted, the network failed) is re-established by the next
// statement, at most once per backoff (100 ms doubling to 5 s while the server stays away), with
// the session's settings (on_connect) run again and its prepared statements made anew. Never
// inside a transaction: a transaction that lost its connection is gone with it, so every
// statement fails (pg_error, SQLSTATE 08006) until the caller rolls back; only then does the
// next statement reconnect. A failed statement outside a transaction is not run again, as it
// may have been applied — except BEGIN, which changes nothing.
class connection {
 public:
  // Told when the connection goes down or comes back (why: the server's message).
  using state_fn = std::function<void(bool up, const std::string& why)>;

  // conninfo: a postgresql:// URL or key=value string; password: sent when given (never part of
  // the URL). Throws std::runtime_error naming `label` (the server, never a password).
  connection(const std::string& conninfo, const std::optional<std::string>& password,
             std::string label);
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;
  ~connection();

  // Runs one or more statements without parameters (DDL, BEGIN, ...); returns the command tag.
  std::string exec(std::string_view sql);
  // Runs a query, prepared on first use under a name of its own. `sql` must be a constant:
  // it is the cache key.
  result query(const char* sql, const params& p = {});
  // Runs a statement built at run time (not prepared: its text is not a cache key).
  result run(const std::string& sql, const params& p = {});
  // The server as errors name it: host, port and database.
  const std::string& label() const { return label_; }

  // What other sessions NOTIFY on the channels this one LISTENs to: those received already, or
  // else the first to come within `timeout_ms`; (channel, payload) pairs. Throws as a statement
  // does when the connection is lost (and reconnects, LISTEN included by on_connect, at the next
  // call after the backoff).
  std::vector<std::pair<std::string, std::string>> notifications(int timeout_ms);

  // Sends `sql` (one statement without parameters or rows: a SAVEPOINT) with the next statement,
  // in the same round trip (libpq's pipeline mode; in front of exec()'s text), or not at all when
  // that is a ROLLBACK. An error it meets is the next statement's; a connection known lost throws
  // at once, as a statement would.
  void defer(std::string sql);

  // Runs `sql` (a session setting) now and again on every new connection.
  void on_connect(std::string sql);
  void on_state(state_fn f) { state_ = std::move(f); }

 private:
  [[noreturn]] void fail(pg_result* r, std::string_view what);
  // Before a statement: reconnects a lost connection when allowed (see the class), else throws.
  void ensure_connected();
  bool in_transaction() const;
  // The deferred statements, then the one `send` sends, in one round trip; its result.
  result pipelined(std::string_view what, const std::function<int()>& send);

  pg_conn* conn_ = nullptr;
  std::string label_;
  std::unordered_map<const char*, std::string> prepared_;
  std::vector<std::string> session_;   // on_connect's statements
  std::vector<std::string> deferred_;  // defer()
  state_fn state_;
  bool was_in_transaction_ = false;   // when the statement now running began
  bool lost_in_transaction_ = false;  // until the caller's ROLLBACK
  std::chrono::steady_clock::duration backoff_{};
  std::chrono::steady_clock::time_point next_attempt_{};
};

}  // namespace linli::storage::postgres
