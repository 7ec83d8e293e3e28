#include "bot/metrics.hpp"

#include <spdlog/spdlog.h>

#include <cstdio>

#include "bot/log_text.hpp"

namespace linli::bot {
namespace {

std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", v);
  return buffer;
}

void counter(std::string& out, std::string_view name, std::string_view help, std::uint64_t v) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n# TYPE ").append(name);
  out.append(" counter\n").append(name).append(" ").append(std::to_string(v)).append("\n");
}

void gauge(std::string& out, std::string_view name, std::string_view help, std::int64_t v) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n# TYPE ").append(name);
  out.append(" gauge\n").append(name).append(" ").append(std::to_string(v)).append("\n");
}

}  // namespace

histogram::histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)), counts_(bounds_.size() + 1) {}

void histogram::observe(double value) {
  std::size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  sum_micro_.fetch_add(static_cast<std::uint64_t>(value * 1e6), std::memory_order_relaxed);
}

void histogram::render(std::string& out, std::string_view name) const {
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    cumulative += counts_[i].load(std::memory_order_relaxed);
    const std::string le = i < bounds_.size() ? number(bounds_[i]) : "+Inf";
    out.append(name).append("_bucket{le=\"").append(le).append("\"} ");
    out.append(std::to_string(cumulative)).append("\n");
  }
  out.append(name).append("_sum ");
  out.append(number(static_cast<double>(sum_micro_.load(std::memory_order_relaxed)) / 1e6));
  out.append("\n").append(name).append("_count ").append(std::to_string(cumulative)).append("\n");
}

metrics::metrics()
    : latency_({0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}),
      batch_sizes_({1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096}),
      commit_seconds_({0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1}),
      lock_waits_({0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5}) {}

void metrics::db_role::connected(bool up, const std::string& why) {
  const int was = up_.exchange(up ? 1 : 0);
  if (was == 1 && !up) {
    spdlog::error("database connection of the {} lost: {}", role_, log_text(why));
  } else if (was == 0 && up && why != "opened") {
    spdlog::info("database connection of the {} re-established", role_);
  }
}

storage::connection_observer& metrics::database(const std::string& role) {
  std::lock_guard lock(roles_mutex_);
  auto& slot = roles_[role];
  if (!slot) slot = std::make_unique<db_role>(role, lock_waits_);
  return *slot;
}

void metrics::request(std::string_view route, int status, double seconds) {
  {
    std::lock_guard lock(requests_mutex_);
    ++requests_[{std::string(route), status}];
  }
  latency_.observe(seconds);
}

void metrics::commit(std::size_t batch_size, double seconds) {
  batch_sizes_.observe(static_cast<double>(batch_size));
  commit_seconds_.observe(seconds);
}

std::string metrics::render() const {
  std::string out;
  out.append("# HELP linli_http_requests_total HTTP requests by route and status.\n");
  out.append("# TYPE linli_http_requests_total counter\n");
  {
    std::lock_guard lock(requests_mutex_);
    for (const auto& [key, count] : requests_) {
      out.append("linli_http_requests_total{route=\"").append(key.first).append("\",status=\"");
      out.append(std::to_string(key.second)).append("\"} ").append(std::to_string(count));
      out.append("\n");
    }
  }
  out.append("# HELP linli_http_request_seconds Time from a complete request to its answer.\n");
  out.append("# TYPE linli_http_request_seconds histogram\n");
  latency_.render(out, "linli_http_request_seconds");
  counter(out, "linli_messages_stored_total", "Messages newly written to the inbox.",
          stored_.load());
  counter(out, "linli_messages_duplicate_total", "Redeliveries answered from the inbox.",
          duplicates_.load());
  counter(out, "linli_messages_failed_total", "Messages stored whose handling raised an error.",
          failed_.load());
  counter(out, "linli_storage_errors_total", "Batches that could not be committed.",
          storage_errors_.load());
  out.append("# HELP linli_commit_batch_size Messages per group commit.\n");
  out.append("# TYPE linli_commit_batch_size histogram\n");
  batch_sizes_.render(out, "linli_commit_batch_size");
  out.append("# HELP linli_commit_seconds Time to apply and commit one batch.\n");
  out.append("# TYPE linli_commit_seconds histogram\n");
  commit_seconds_.render(out, "linli_commit_seconds");
  gauge(out, "linli_open_connections", "Open client connections.", connections_.load());
  counter(out, "linli_connections_refused_total", "Connections refused at the limit.",
          refused_.load());
  gauge(out, "linli_ingest_queue_depth", "Messages waiting for the writer.",
        static_cast<std::int64_t>(queue_depth_.load()));
  gauge(out, "linli_scheduler_leader",
        "1 while this instance holds the scheduler's leader lock (runs the schedule).",
        leader_.load() ? 1 : 0);
  {
    std::lock_guard lock(roles_mutex_);
    if (!roles_.empty()) {
      out.append(
          "# HELP linli_db_connections Database connections up, by what they serve.\n"
          "# TYPE linli_db_connections gauge\n");
      for (const auto& [role, r] : roles_) {
        out.append("linli_db_connections{role=\"").append(role).append("\"} ");
        out.append(std::to_string(r->up())).append("\n");
      }
    }
  }
  out.append("# HELP linli_db_lock_wait_seconds Time a transaction waited for its write locks.\n");
  out.append("# TYPE linli_db_lock_wait_seconds histogram\n");
  lock_waits_.render(out, "linli_db_lock_wait_seconds");
  return out;
}

}  // namespace linli::bot
