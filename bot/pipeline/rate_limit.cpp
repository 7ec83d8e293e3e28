#include "bot/pipeline/rate_limit.hpp"

#include <algorithm>
#include <cmath>

namespace linli::bot {

double token_bucket::tokens_at(std::int64_t now_ms) const {
  const double earned =
      static_cast<double>(std::max<std::int64_t>(0, now_ms - at_ms_)) * rate_.per_second / 1000.0;
  return std::min(rate_.burst, tokens_ + earned);
}

std::int64_t token_bucket::ready_at(std::int64_t now_ms) const {
  const double have = tokens_at(now_ms);
  if (have >= 1.0) return now_ms;
  return now_ms + static_cast<std::int64_t>(std::ceil((1.0 - have) * 1000.0 / rate_.per_second));
}

void token_bucket::take(std::int64_t now_ms) {
  tokens_ = tokens_at(now_ms) - 1.0;
  at_ms_ = std::max(at_ms_, now_ms);
}

std::int64_t rate_limiter::ready_at(const std::string& chat_id, std::int64_t now_ms) const {
  std::int64_t ready = platform_ ? platform_->ready_at(now_ms) : now_ms;
  if (const auto it = chats_.find(chat_id); it != chats_.end()) {
    for (const token_bucket& b : it->second) ready = std::max(ready, b.ready_at(now_ms));
  }
  return ready;
}

void rate_limiter::take(const std::string& chat_id, std::int64_t now_ms) {
  if (per_platform_) {
    if (!platform_) platform_.emplace(*per_platform_, now_ms);
    platform_->take(now_ms);
  }
  if (per_chat_.empty()) return;
  // Forget chats whose buckets are full again, so a long run with many chats stays small.
  if (chats_.size() > 1024) {
    std::erase_if(chats_, [now_ms](const auto& entry) {
      return std::all_of(entry.second.begin(), entry.second.end(),
                         [now_ms](const token_bucket& b) { return b.full(now_ms); });
    });
  }
  auto [it, fresh] = chats_.try_emplace(chat_id);
  if (fresh) {
    for (const rate& r : per_chat_) it->second.emplace_back(r, now_ms);
  }
  for (token_bucket& b : it->second) b.take(now_ms);
}

}  // namespace linli::bot
