#include "bot/pipeline/names.hpp"

#include "bot/platforms/platform.hpp"

namespace linli::bot {

name_gate::name_gate(options opts, clock_fn now_ms) : opts_(opts), now_ms_(std::move(now_ms)) {
  thread_ = std::thread([this] { run(); });
}

name_gate::~name_gate() {
  stop();
}

std::optional<std::optional<std::string>> name_gate::settled(const key& k, std::int64_t now) const {
  const auto it = names_.find(k);
  if (it == names_.end() || it->second.until_ms <= now) return std::nullopt;
  return it->second.name;
}

void name_gate::remember(const key& k, std::optional<std::string> name, std::int64_t now) {
  if (names_.size() >= opts_.max_names && !names_.contains(k)) names_.clear();
  const auto keep = name ? opts_.keep_name : opts_.keep_failure;
  names_[k] = {std::move(name), now + keep.count()};
}

void name_gate::admit(const platform& p, envelope message, pass_fn pass) {
  // Without its API credentials (can_send) a platform can look nobody up: no need to wait.
  if (!p.capabilities().looks_up_names || !p.can_send()) {
    pass(std::move(message));
    return;
  }
  const std::int64_t now = now_ms_();
  const key k{message.chat.platform, message.from.id};
  const std::pair<std::string, std::string> chat{message.chat.platform, message.chat.chat_id};
  std::unique_lock lock(mutex_);
  if (!message.from.id.empty() && message.from.name != message.from.id) {
    remember(k, message.from.name, now);  // a name the platform gave is the freshest there is
  } else if (!message.from.id.empty() && !stopping_) {
    const auto name = settled(k, now);
    if (name && *name) message.from.name = **name;
    if (!name && !asked_.contains(k)) {
      asked_.insert(k);
      lookups_.push_back({&p, message.chat, message.from.id});
      wake_.notify_one();
    }
    if (!name) {
      chats_[chat].push_back({std::move(message), std::move(pass), now + opts_.wait.count()});
      return;
    }
  }
  const auto behind = chats_.find(chat);
  if (behind != chats_.end()) {
    // Its chat has a message waiting: this one leaves after it.
    behind->second.push_back({std::move(message), std::move(pass), now});
    return;
  }
  pass(std::move(message));
}

void name_gate::release(std::int64_t now, bool everything) {
  for (auto it = chats_.begin(); it != chats_.end();) {
    auto& queue = it->second;
    while (!queue.empty()) {
      waiting& head = queue.front();
      const key k{head.message.chat.platform, head.message.from.id};
      const auto name = settled(k, now);
      if (!name && !everything && head.deadline_ms > now) break;
      if (name && *name && head.message.from.name == head.message.from.id) {
        head.message.from.name = **name;
      }
      head.pass(std::move(head.message));
      queue.pop_front();
    }
    it = queue.empty() ? chats_.erase(it) : std::next(it);
  }
}

void name_gate::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (lookups_.empty()) {
      // Nothing to ask: wake for the next deadline (a lookup that outlived its wait).
      std::optional<std::int64_t> next;
      for (const auto& [chat, queue] : chats_) {
        if (!next || queue.front().deadline_ms < *next) next = queue.front().deadline_ms;
      }
      if (next) {
        wake_.wait_for(lock,
                       std::chrono::milliseconds(std::max<std::int64_t>(1, *next - now_ms_())));
      } else {
        wake_.wait(lock);
      }
      release(now_ms_(), false);
      continue;
    }
    const lookup job = lookups_.front();
    lookups_.pop_front();
    lock.unlock();
    std::optional<std::string> name;
    try {
      name = job.p->look_up_name(job.chat, job.user);
    } catch (const std::exception&) {
      name.reset();  // the platform could not tell; the id stands
    }
    if (name && name->empty()) name.reset();
    lock.lock();
    const key k{job.chat.platform, job.user};
    asked_.erase(k);
    remember(k, std::move(name), now_ms_());
    release(now_ms_(), false);
  }
}

void name_gate::stop() {
  {
    const std::lock_guard lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
    wake_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
  const std::lock_guard lock(mutex_);
  release(now_ms_(), true);
}

}  // namespace linli::bot
