// The PostgreSQL listener: LISTEN on a connection of its own, its notifications read as they come.

#include <spdlog/spdlog.h>

#include <chrono>
#include <thread>

#include "storage/postgres/pg_connection.hpp"
#include "storage/postgres/pg_open.hpp"

namespace linli::storage::postgres {
namespace {

class pg_listener final : public listener {
 public:
  pg_listener(const pg_options& options, const std::vector<std::string>& channels)
      : db_(options.url, options.password, describe_url(options.url)) {
    // Channel names are ours (constants), never a user's: quoted as identifiers all the same.
    for (const auto& c : channels) db_.on_connect("LISTEN \"" + c + "\"");
    db_.on_state([this](bool up, const std::string&) {
      if (up) resumed_ = true;
    });
  }

  std::vector<notification> wait(int timeout_ms, bool& resumed) override {
    std::vector<notification> out;
    try {
      for (auto& [channel, payload] : db_.notifications(timeout_ms)) {
        out.push_back({std::move(channel), std::move(payload)});
      }
      if (lost_) spdlog::info("database notifications: listening again");
      lost_ = false;
    } catch (const std::exception& e) {
      if (!lost_) spdlog::warn("database notifications lost with the connection: {}", e.what());
      lost_ = true;
      // Away: the backoff refuses at once; wait as a notification would have been waited for.
      std::this_thread::sleep_for(std::chrono::milliseconds(timeout_ms));
    }
    resumed = resumed_;
    resumed_ = false;
    return out;
  }

 private:
  connection db_;
  bool lost_ = false;
  bool resumed_ = false;
};

}  // namespace

std::unique_ptr<listener> open_pg_listener(const pg_options& options,
                                           const std::vector<std::string>& channels) {
  return std::make_unique<pg_listener>(options, channels);
}

}  // namespace linli::storage::postgres
