#include "bot/migrate.hpp"

#include <numeric>

namespace linli::bot {

std::int64_t migration_summary::rows() const {
  return std::accumulate(tables.begin(), tables.end(), std::int64_t{0},
                         [](std::int64_t n, const table_copied& t) { return n + t.rows; });
}

std::int64_t migration_summary::money_cents() const {
  return std::accumulate(tables.begin(), tables.end(), std::int64_t{0},
                         [](std::int64_t n, const table_copied& t) { return n + t.money_cents; });
}

namespace {

// Ends the source's snapshot however the copy ends.
class snapshot {
 public:
  explicit snapshot(storage::table_io& io) : io_(io) { io_.read_snapshot(); }
  snapshot(const snapshot&) = delete;
  snapshot& operator=(const snapshot&) = delete;
  ~snapshot() { io_.end_snapshot(); }

 private:
  storage::table_io& io_;
};

}  // namespace

migration_summary migrate_databases(storage::store& from, storage::store& to,
                                    const migration_options& options) {
  const auto source = from.tables();
  const auto target = to.tables();
  source->check_catalogue();
  target->check_catalogue();
  const auto tables = storage::portable_tables();

  snapshot read(*source);
  migration_summary summary;
  migration_progress progress;
  for (const auto& t : tables) {
    summary.tables.push_back({std::string(t.name), source->count_rows(t), source->money_total(t)});
    progress.total += summary.tables.back().rows;
  }

  storage::transaction tx(to);
  std::int64_t present = 0;
  for (const auto& t : tables) present += target->count_rows(t);
  if (present > 0) {
    if (!options.replace) {
      throw target_not_empty("the target database holds " + std::to_string(present) +
                             " rows; give --replace to overwrite them");
    }
    target->clear();
  }

  for (std::size_t i = 0; i < tables.size(); ++i) {
    const auto& t = tables[i];
    progress.table = std::string(t.name);
    progress.table_rows = 0;
    progress.table_total = summary.tables[i].rows;
    if (options.progress) options.progress(progress);
    const auto reader = source->read_rows(t);
    for (auto batch = reader->next(options.batch_rows); !batch.empty();
         batch = reader->next(options.batch_rows)) {
      target->write_rows(t, batch);
      progress.table_rows += static_cast<std::int64_t>(batch.size());
      progress.rows += static_cast<std::int64_t>(batch.size());
      if (options.progress) options.progress(progress);
    }
  }
  target->finish_writing();

  // The target as it will be committed against the source as it was read.
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const auto& t = tables[i];
    const auto& expected = summary.tables[i];
    const std::int64_t rows = target->count_rows(t);
    const std::int64_t money = target->money_total(t);
    if (rows != expected.rows || money != expected.money_cents) {
      throw std::runtime_error(
          "table " + expected.name + " differs after copying: " + std::to_string(rows) +
          " rows and " + std::to_string(money) + " cents in the target, " +
          std::to_string(expected.rows) + " rows and " + std::to_string(expected.money_cents) +
          " cents in the source; nothing was kept");
    }
  }
  tx.commit();
  return summary;
}

}  // namespace linli::bot
