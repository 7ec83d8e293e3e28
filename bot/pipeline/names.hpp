#pragma once
// Senders' display names, for platforms whose messages carry only an id (Slack's `U…`, Feishu's
// `ou_…`). A name is baked into what a message makes (the requester of a need, the person of a
// chain line, the reply), so it must be known before the message goes to the writer: the gate
// holds a message whose sender it does not know yet while one thread asks the platform, then
// passes it on. Messages of one chat leave in the order they came, so a chat that waits for a
// name keeps the messages behind it waiting too; other chats go on.
//
// A name comes from the platform's API (cached for a day) or from a message that carried one;
// when the API cannot tell (no permission, unknown user, no answer within `wait`), the message
// goes on with the id as its name, and the failure is remembered for a while so the next message
// of that sender does not wait again.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <utility>

#include "handlers/core/model.hpp"

namespace linli::bot {

class platform;

class name_gate {
 public:
  using clock_fn = std::function<std::int64_t()>;  // milliseconds, steady
  // Hands a message on (to the writer). Called in each chat's order, under the gate's lock, so it
  // must only queue.
  using pass_fn = std::function<void(envelope)>;

  struct options {
    std::chrono::milliseconds wait{1500};  // longest a message waits for its sender's name
    std::chrono::milliseconds keep_name{24 * 3'600'000};
    std::chrono::milliseconds keep_failure{10 * 60'000};
    std::size_t max_names = 100'000;  // past this the cache starts again from empty
  };

  name_gate(options opts, clock_fn now_ms);
  name_gate(const name_gate&) = delete;
  name_gate& operator=(const name_gate&) = delete;
  ~name_gate();

  // Thread-safe. Passes `message` to `pass` at once when its platform does not look names up,
  // when it carries a name, or when the name is cached and nothing of its chat is waiting;
  // otherwise later, from the gate's thread.
  void admit(const platform& p, envelope message, pass_fn pass);

  // Passes every waiting message on with the names known so far, and stops the thread.
  void stop();

 private:
  struct key {
    std::string platform, user;
    auto operator<=>(const key&) const = default;
  };
  struct known {
    std::optional<std::string> name;  // nullopt: the platform could not tell
    std::int64_t until_ms;
  };
  struct waiting {
    envelope message;
    pass_fn pass;
    std::int64_t deadline_ms;
  };
  struct lookup {
    const platform* p;
    chat_ref chat;
    std::string user;
  };

  // The sender's name if it is settled (known or known to be unknown); otherwise nullopt.
  std::optional<std::optional<std::string>> settled(const key& k, std::int64_t now) const;
  void remember(const key& k, std::optional<std::string> name, std::int64_t now);
  // Passes on the heads of every chat's queue that need wait no more.
  void release(std::int64_t now, bool everything);
  void run();

  options opts_;
  clock_fn now_ms_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::map<key, known> names_;
  std::map<std::pair<std::string, std::string>, std::deque<waiting>>
      chats_;  // platform and chat id, only chats with a message waiting
  std::deque<lookup> lookups_;
  std::set<key> asked_;  // in lookups_ or being looked up
  std::thread thread_;
};

}  // namespace linli::bot
