#pragma once
// Token buckets for the outbound senders: platforms refuse (429) or silently drop messages sent
// faster than they allow, per chat and per bot. Pure arithmetic over a millisecond clock the
// caller passes in, so tests move time by hand.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace linli::bot {

// `per_second` tokens arrive each second, up to `burst` kept.
struct rate {
  double per_second = 1;
  double burst = 1;
};

class token_bucket {
 public:
  token_bucket(rate r, std::int64_t now_ms) : rate_(r), tokens_(r.burst), at_ms_(now_ms) {}

  // The first moment (>= now_ms) at which a token is there.
  std::int64_t ready_at(std::int64_t now_ms) const;
  // Takes a token; the caller has waited for ready_at().
  void take(std::int64_t now_ms);
  // No token has been taken that is not back: the bucket can be forgotten.
  bool full(std::int64_t now_ms) const { return tokens_at(now_ms) >= rate_.burst; }

 private:
  double tokens_at(std::int64_t now_ms) const;

  rate rate_;
  double tokens_;
  std::int64_t at_ms_;  // when tokens_ was counted
};

// Every bucket a message must pass: one set per chat and one for the whole bot.
class rate_limiter {
 public:
  rate_limiter(std::vector<rate> per_chat, std::optional<rate> per_platform)
      : per_chat_(std::move(per_chat)), per_platform_(per_platform) {}

  std::int64_t ready_at(const std::string& chat_id, std::int64_t now_ms) const;
  void take(const std::string& chat_id, std::int64_t now_ms);

 private:
  std::vector<rate> per_chat_;
  std::optional<rate> per_platform_;
  std::map<std::string, std::vector<token_bucket>> chats_;  // only chats with tokens out
  std::optional<token_bucket> platform_;
};

}  // namespace linli::bot
