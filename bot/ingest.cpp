#include "bot/ingest.hpp"

#include <spdlog/spdlog.h>

#include <chrono>

#include "bot/metrics.hpp"

namespace linli::bot {

ingest::ingest(storage::store& store, const handlers::dispatcher& dispatcher, metrics& stats,
               std::size_t max_batch, std::size_t max_queue)
    : store_(store),
      dispatcher_(dispatcher),
      stats_(stats),
      max_batch_(max_batch),
      queue_(max_queue),
      thread_([this] { run(); }) {}

ingest::~ingest() {
  stop();
}

void ingest::submit(envelope message, done_fn done) {
  done_fn refuse = done;  // the queue owns the item only when it accepts it
  if (!queue_.push({std::move(message), std::move(done)})) {
    refuse({ingest_result::status::overloaded, {}});
    return;
  }
  stats_.queue_depth(queue_.size());
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
    for (const pending& p : batch) results.push_back(apply_one(p.message));
    tx.commit();
  } catch (const std::exception& e) {
    // Nothing of this batch is durable: tell every sender so the platform redelivers.
    spdlog::error("storage failed, {} message(s) not stored: {}", batch.size(), e.what());
    stats_.storage_error();
    results.assign(batch.size(), {ingest_result::status::unavailable, {}});
  }
  stats_.commit(batch.size(),
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const auto s = results[i].state;
    if (s == ingest_result::status::stored) stats_.message_stored();
    if (s == ingest_result::status::duplicate) stats_.message_duplicate();
    batch[i].done(std::move(results[i]));
  }
}

ingest_result ingest::apply_one(const envelope& message) {
  if (auto seen = store_.find_message(message.chat, message.delivery_id)) {
    return {ingest_result::status::duplicate, std::move(seen->answers)};
  }
  storage::stored_message row;
  row.message = message;
  store_.savepoint();
  try {
    handlers::outcome out = dispatcher_.handle(message, store_);
    store_.release_savepoint();
    row.kind = std::move(out.kind);
    row.answers = std::move(out.answers);
  } catch (const std::exception& e) {
    // Undo this message's partial changes, but keep the message itself: nothing is lost.
    store_.rollback_to_savepoint();
    spdlog::error("handling message {} in chat {} failed: {}", message.delivery_id,
                  message.chat.chat_id, e.what());
    stats_.message_failed();
    row.kind = std::string(handlers::kinds::failed);
    row.answers = {
        {"抱歉，这条消息处理出错，已保存，协调员会跟进。"
         "(Sorry, this message could not be processed; it is saved for a coordinator.)"}};
  }
  store_.insert_message(row);
  return {ingest_result::status::stored, std::move(row.answers)};
}

}  // namespace linli::bot
