#pragma once
// Counters and histograms rendered in the Prometheus text format. Thread-safe; cheap enough to
// update on every request.

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/open.hpp"

namespace linli::bot {

class histogram {
 public:
  explicit histogram(std::vector<double> upper_bounds);
  void observe(double value);
  // Appends the _bucket, _sum and _count lines of metric `name`.
  void render(std::string& out, std::string_view name) const;

 private:
  std::vector<double> bounds_;
  std::vector<std::atomic<std::uint64_t>> counts_;  // one per bound, plus +Inf
  std::atomic<std::uint64_t> sum_micro_{0};         // sum in millionths, to stay integral
};

class metrics {
 public:
  metrics();

  // `route` names a route pattern (a bounded set: never a raw path).
  void request(std::string_view route, int status, double seconds);
  void message_stored() { stored_.fetch_add(1, std::memory_order_relaxed); }
  void message_duplicate() { duplicates_.fetch_add(1, std::memory_order_relaxed); }
  void message_failed() { failed_.fetch_add(1, std::memory_order_relaxed); }
  void commit(std::size_t batch_size, double seconds);
  void storage_error() { storage_errors_.fetch_add(1, std::memory_order_relaxed); }
  void connections(int delta) { connections_.fetch_add(delta, std::memory_order_relaxed); }
  void connection_refused() { refused_.fetch_add(1, std::memory_order_relaxed); }
  void queue_depth(std::size_t depth) { queue_depth_.store(depth, std::memory_order_relaxed); }
  // Whether this instance runs the scheduler (bot/pipeline/leadership.hpp).
  void scheduler_leader(bool leading) { leader_.store(leading, std::memory_order_relaxed); }

  // The observer of the database connection that serves `role` (writer, reader, ...), made on
  // first use and kept as long as the metrics: linli_db_connections{role} and the lock waits.
  storage::connection_observer& database(const std::string& role);

  std::string render() const;

 private:
  class db_role final : public storage::connection_observer {
   public:
    db_role(std::string role, histogram& waits) : role_(std::move(role)), waits_(waits) {}
    void connected(bool up, const std::string& why) override;
    void lock_waited(double seconds) override { waits_.observe(seconds); }
    int up() const { return up_.load(std::memory_order_relaxed); }

   private:
    std::string role_;
    histogram& waits_;
    std::atomic<int> up_{0};
  };

  mutable std::mutex requests_mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  histogram latency_;
  histogram batch_sizes_;
  histogram commit_seconds_;
  std::atomic<std::uint64_t> stored_{0}, duplicates_{0}, failed_{0}, storage_errors_{0},
      refused_{0};
  std::atomic<std::int64_t> connections_{0};
  std::atomic<std::size_t> queue_depth_{0};
  std::atomic<bool> leader_{false};
  histogram lock_waits_;
  mutable std::mutex roles_mutex_;
  std::map<std::string, std::unique_ptr<db_role>> roles_;
};

}  // namespace linli::bot
