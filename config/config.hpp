#pragma once
// Configuration: one JSON file, overridden by command-line flags, secrets from the environment.
// Loaded and validated once at start; shared as std::shared_ptr<const config>.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace linli::config {

struct server_config {
  std::string listen = "127.0.0.1";
  std::uint16_t port = 8080;
  int io_threads = 2;
  int read_timeout_ms =
      15'000;  // a whole request must arrive within this; also the keep-alive idle
  std::size_t header_limit = 8 * 1024;
  std::size_t body_limit = 256 * 1024;
  int max_connections = 4096;
  int drain_timeout_ms = 10'000;  // on SIGTERM, how long in-flight requests get to finish
};

struct storage_config {
  std::string path = "linli.db";     // storage.path or storage.url: what --db takes
  std::string synchronous = "full";  // off | normal | full
  std::size_t max_batch = 512;       // messages per group commit
};

// Who coordinates and leads: sender ids namespaced by platform, "telegram:12345" (the id as the
// platform gives it after the colon).
struct chat_roles_config {
  std::vector<std::string> coordinators;
  std::map<std::string, std::vector<std::string>> leads;  // service group -> sender ids
};

struct roles_config {
  std::vector<std::string> coordinators;           // in every chat
  std::map<std::string, chat_roles_config> chats;  // by chat id
};

// A volunteer's day: the cap, the rest between shifts, and when the bot asks and reminds.
struct shifts_config {
  int max_hours = 8;
  int min_rest_minutes = 30;
  std::string confirm_at = "20:00";  // the evening before, local time: ask to confirm
  std::string confirm_by = "07:00";  // that morning: unconfirmed places are refilled
  int remind_minutes = 30;           // before each shift
};

struct scheduler_config {
  int tick_seconds = 30;      // how often due confirmations and reminders are looked for
  bool manual_clock = false;  // tests: time moves only by POST /v1/admin/clock
};

// How long residents' personal data is kept (个人信息保护法): older than `days`, the scheduler
// blanks the personal fields of messages, closed needs, chains, orders, donations and task places
// (storage::audit_store::erase_before), keeping counts and money totals. 0: kept until erased.
struct retention_config {
  int days = 0;
};

// The coordinators' dashboard (/dash/).
struct dashboard_config {
  int session_seconds = 12 * 3600;  // a login lasts this long
  int max_failures = 5;             // wrong passwords of one account before it is locked
  int lockout_seconds = 15 * 60;    // how long a lock lasts, and the window failures count in
  // Addresses of reverse proxies whose X-Forwarded-Proto / X-Forwarded-For are believed.
  std::vector<std::string> trusted_proxies;
};

// Messages the bot sends on its own (confirmations, reminders).
struct outbound_config {
  int timeout_ms = 10'000;  // per attempt
  int max_attempts = 20;    // then the message is kept as failed
  int max_backoff_ms = 300'000;
};

// A chat platform's options; its credentials come from the environment (secrets::vars). Every
// platform's options are read alike here; which platform takes which option (and whether it can
// answer in the webhook) is the platform's to say, checked when the platforms are built.
struct platform_config {
  std::string answer = "api";  // api: through the platform's send API (confirmed, retried);
                               // webhook: inside the webhook's answer, where the platform can
  std::string bot_username;    // the bot's name: its @-mention, commands addressed to another bot
  std::vector<std::string> given;  // the keys the file set
};

// Secrets are read from LINLI_* variables only, never from the file.
struct secrets {
  std::optional<std::string> generic_secret;        // LINLI_GENERIC_SECRET
  std::optional<std::string> api_token;             // LINLI_API_TOKEN
  std::optional<std::string> generic_outbound_url;  // LINLI_GENERIC_OUTBOUND_URL
  // Every non-empty LINLI_* variable, for the platforms' credentials (LINLI_TELEGRAM_TOKEN, ...).
  std::map<std::string, std::string> vars;

  std::optional<std::string> get(const std::string& name) const {
    const auto it = vars.find(name);
    return it == vars.end() ? std::nullopt : std::optional(it->second);
  }
};

struct config {
  server_config server;
  storage_config storage;
  std::string log_level = "info";           // trace | debug | info | warn | error | off
  std::string time_zone = "Asia/Shanghai";  // chats' default; IANA name
  roles_config roles;
  shifts_config shifts;
  scheduler_config scheduler;
  retention_config retention;
  outbound_config outbound;
  dashboard_config dashboard;
  std::map<std::string, platform_config> platforms;  // by platform name; absent: defaults
  secrets env;
  // `linli serve --insecure-dev`: an enabled webhook without its secret accepts unsigned requests
  // (development only; warned at start and in /healthz). Roles in unsigned requests never count.
  bool insecure_dev = false;
};

// Command-line values that override the file.
struct overrides {
  std::optional<std::string> listen;
  std::optional<int> port;
  std::optional<std::string> db_path;
  bool insecure_dev = false;
};

// Thrown with a message that names the offending key or flag.
struct config_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Parses configuration JSON text; unknown keys and ill-typed values are errors naming the key.
config parse(const std::string& json_text);

// Reads the file (if given), applies overrides, reads secrets from the environment and validates.
std::shared_ptr<const config> load(const std::optional<std::string>& path, const overrides& flags,
                                   const std::map<std::string, std::string>& environment);

// The LINLI_* variables of this process's environment.
std::map<std::string, std::string> process_environment();

}  // namespace linli::config
