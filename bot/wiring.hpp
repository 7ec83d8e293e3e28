#pragma once
// Where linli's parts are assembled from the configuration: the one place that knows the order in
// which they are built and stopped, that builds the handlers' policy, and that reads the wall
// clock. `linli serve` and `linli replay` both come here, so both run under the same policy.

#include <cstdint>
#include <memory>
#include <string>

#include "bot/pipeline/replay.hpp"
#include "config/config.hpp"
#include "handlers/core/policy.hpp"

namespace linli::bot {

// What the handlers need of the configuration: roles, the default time zone, the rules of a
// volunteer's day, the bot's own user names. Throws config::config_error naming the key when the
// time zone is not in the system's tz database.
handlers::policy policy_of(const config::config& cfg);

// The wall clock in milliseconds since the epoch: the clock serve hands every part that needs one.
std::int64_t wall_clock_ms();

// `linli serve`: opens storage, starts every part and serves until SIGINT or SIGTERM, then drains
// and stops them in order. Returns the process's exit code; throws config::config_error for a
// configuration that cannot be served.
int serve(std::shared_ptr<const config::config> cfg);

// `linli replay`: rebuilds the new database `target_path` from the stored messages of
// `source_path` (only read), under the policy of `cfg` (its roles and time zones).
replay_summary replay_databases(const config::config& cfg, const std::string& source_path,
                                const std::string& target_path);

}  // namespace linli::bot
