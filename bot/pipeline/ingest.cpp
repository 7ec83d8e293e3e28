#include "bot/pipeline/ingest.hpp"

#include "bot/log_text.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "bot/metrics.hpp"
#include "bot/pipeline/apply.hpp"
#include "bot/pipeline/outbox.hpp"

namespace linli::bot {

ingest::ingest(storage::store& store, const handlers::dispatcher& dispatcher, const outbox& box,
               metrics& stats, std::size_t max_batch, std::size_t max_queue, commit_fn on_commit,
               announce_fn announce)
    : store_(store),
      dispatcher_(dispatcher),
      outbox_(box),
      stats_(stats),
      max_batch_(max_batch),
      on_commit_(std::move(on_commit)),
      announce_(std::move(announce)),
      queue_(max_queue),
      thread_([this] { run(); }) {}

ingest::~ingest() {
  stop();
}

void ingest::submit(envelope message, done_fn done) {
  replace_nul(message);
  done_fn refuse = done;  // the queue owns the item only when it accepts it
  if (!queue_.push({std::move(message), std::move(done)})) {
    refuse({ingest_result::status::overloaded, {}});
    return;
  }
  stats_.queue_depth(queue_.size());
}

void ingest::execute(work_fn work, std::function<void(bool)> done) {
  auto report = [done = std::move(done)](ingest_result r) {
    if (done) done(r.state == ingest_result::status::stored);
  };
  done_fn refuse = report;
  pending p;  // no message: spelled out, as GCC 12 -O3 misreads an empty-braced envelope
  p.done = std::move(report);
  p.work = std::move(work);
  if (!queue_.push(std::move(p))) refuse({ingest_result::status::overloaded, {}});
}

void ingest::execute_waiting(work_fn work, std::function<void(bool)> done) {
  auto report = [done = std::move(done)](ingest_result r) {
    if (done) done(r.state == ingest_result::status::stored);
  };
  done_fn refuse = report;
  pending p;
  p.done = std::move(report);
  p.work = std::move(work);
  if (!queue_.push_wait(std::move(p))) refuse({ingest_result::status::unavailable, {}});
}

void ingest::stop() {
  queue_.close();
  if (thread_.joinable()) thread_.join();
}

void ingest::run() {
  std::vector<pending> batch;
  while (queue_.pop(batch, max_batch_)) {
    stats_.queue_depth(queue_.size());
    apply_batch(batch);
    batch.clear();
  }
}

void ingest::apply_batch(std::vector<pending>& batch) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<ingest_result> results;
  results.reserve(batch.size());
  try {
    storage::transaction tx(store_);
    // Several instances on one database (PostgreSQL): the batch's chats are this writer's until
    // the commit, so each chat's messages are applied one at a time, in the order of the locks.
    std::vector<chat_ref> chats;
    chats.reserve(batch.size());
    for (const pending& p : batch) {
      if (!p.work) chats.push_back(p.message.chat);
    }
    store_.lock_chats(chats);
    for (const pending& p : batch) results.push_back(apply_one(p));
    if (announce_) {
      std::vector<envelope> stored;
      for (std::size_t i = 0; i < batch.size(); ++i) {
        if (!batch[i].work && results[i].state == ingest_result::status::stored) {
          stored.push_back(batch[i].message);
        }
      }
      if (!stored.empty()) announce_(store_, stored);
    }
    tx.commit();
  } catch (const std::exception& e) {
    // Nothing of this batch is durable: tell every sender so the platform redelivers.
    spdlog::error("storage failed, {} message(s) not stored: {}", batch.size(), log_text(e.what()));
    stats_.storage_error();
    results.assign(batch.size(), {ingest_result::status::unavailable, {}});
  }
  stats_.commit(batch.size(),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  std::vector<envelope> stored;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const auto s = results[i].state;
    if (!batch[i].work && s == ingest_result::status::stored) {
      stats_.message_stored();
      if (on_commit_) stored.push_back(batch[i].message);
    }
    if (s == ingest_result::status::duplicate) stats_.message_duplicate();
    batch[i].done(std::move(results[i]));
  }
  if (on_commit_ && !stored.empty()) on_commit_(stored);
}

ingest_result ingest::apply_one(const pending& p) {
  if (p.work) {
    storage::savepoint sp(store_);
    try {
      p.work(store_);
      sp.release();
      return {ingest_result::status::stored, {}};
    } catch (const std::exception& e) {
      sp.rollback();
      spdlog::error("background write failed: {}", log_text(e.what()));
      return {ingest_result::status::unavailable, {}};
    }
  }
  applied a = apply_message(store_, dispatcher_, p.message);
  if (a.unavailable) {
    stats_.storage_error();
    return {ingest_result::status::unavailable, {}};
  }
  if (a.duplicate) return {ingest_result::status::duplicate, std::move(a.answers), {}};
  if (a.kind == handlers::kinds::failed) stats_.message_failed();
  ingest_result r{ingest_result::status::stored, std::move(a.answers), {}};
  r.outbox = outbox_.add_replies(store_, p.message, r.answers);
  return r;
}

}  // namespace linli::bot
