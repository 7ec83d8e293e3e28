// The linli executable: reads configuration, opens storage and serves until told to stop.

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <sys/resource.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>

#include "bot/api/app.hpp"
#include "bot/metrics.hpp"
#include "bot/net/http_server.hpp"
#include "bot/pipeline/ingest.hpp"
#include "bot/pipeline/outbound.hpp"
#include "bot/pipeline/reader.hpp"
#include "bot/pipeline/replay.hpp"
#include "bot/pipeline/scheduler.hpp"

#include "config/config.hpp"
#include "handlers/core/dispatcher.hpp"
#include "storage/open.hpp"

namespace po = boost::program_options;
using namespace linli;

namespace {

constexpr const char* usage =
    "linli: the neighbourhood group-chat bot backend\n"
    "\n"
    "Usage: linli serve [--config FILE] [--listen ADDR] [--port N] [--db PATH]\n"
    "       linli replay --db SOURCE --out TARGET\n"
    "       linli serve --help | linli replay --help\n";

storage::sync_mode sync_from(const std::string& name) {
  if (name == "off") return storage::sync_mode::off;
  if (name == "normal") return storage::sync_mode::normal;
  return storage::sync_mode::full;
}

std::int64_t wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

handlers::clock_time clock_of(const std::string& hh_mm) {  // validated by config: "HH:MM"
  return {std::stoi(hh_mm.substr(0, 2)), std::stoi(hh_mm.substr(3, 2))};
}

// What the handlers need of the configuration.
handlers::policy policy_of(const config::config& cfg) {
  if (!handlers::time_zone::find(cfg.time_zone)) {
    throw config::config_error("'time_zone': no zone named '" + cfg.time_zone +
                               "' in the system's tz database (is tzdata installed?)");
  }
  handlers::policy p;
  p.time_zone = cfg.time_zone;
  p.coordinators.insert(cfg.roles.coordinators.begin(), cfg.roles.coordinators.end());
  for (const auto& [chat_id, roles] : cfg.roles.chats) {
    auto& c = p.chats[chat_id];
    c.coordinators.insert(roles.coordinators.begin(), roles.coordinators.end());
    for (const auto& [group, ids] : roles.leads) c.leads[group].insert(ids.begin(), ids.end());
  }
  p.shifts.max_minutes_per_day = cfg.shifts.max_hours * 60;
  p.shifts.min_rest_minutes = cfg.shifts.min_rest_minutes;
  p.shifts.confirm_ask = clock_of(cfg.shifts.confirm_at);
  p.shifts.confirm_by = clock_of(cfg.shifts.confirm_by);
  p.shifts.remind_before_minutes = cfg.shifts.remind_minutes;
  for (const auto& [platform, settings] : cfg.platforms) {
    std::string name = settings.bot_username;
    if (name.starts_with('@')) name.erase(0, 1);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!name.empty()) p.bot_names.insert(name);
  }
  return p;
}

// Each connection is a file descriptor; a default soft limit of 1024 would refuse clients long
// before server.max_connections. Raise it to the hard limit.
void raise_open_file_limit(std::size_t wanted) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) getrlimit(RLIMIT_NOFILE, &limit);
  }
  if (limit.rlim_cur < wanted) {
    spdlog::warn("open files limited to {}: fewer than server.max_connections ({}) can be served",
                 limit.rlim_cur, wanted);
  }
}

int serve(std::shared_ptr<const config::config> shared) {
  const config::config& cfg = *shared;
  raise_open_file_limit(static_cast<std::size_t>(cfg.server.max_connections) + 64);
  if (storage::in_memory(cfg.storage.path)) {
    throw config::config_error("--db :memory: cannot be served: readers need a file");
  }
  auto writer_store =
      storage::open(cfg.storage.path, {.synchronous = sync_from(cfg.storage.synchronous)});
  const handlers::dispatcher dispatcher(policy_of(cfg));
  bot::metrics stats;
  // Messages the bot sends on its own that were not confirmed sent before the last stop.
  const std::vector<outbound_message> unsent = writer_store->pending_outbound();
  bot::ingest writer(*writer_store, dispatcher, stats, cfg.storage.max_batch);
  bot::reader queries(storage::open(cfg.storage.path, {.read_only = true}));
  bot::app routes(shared, writer, queries, stats);
  routes.set_shift_rules(dispatcher.rules().shifts);

  // The outbox: each platform that can send gets a sender of its own; messages for one that
  // cannot stay pending in the database until it is configured.
  bot::outbound_router senders;
  for (const auto& p : routes.platforms().all()) {
    for (const std::string& w : p->warnings()) spdlog::warn("{}", w);
    if (!p->can_send()) continue;
    senders.add(std::string(p->name()),
                std::make_unique<bot::outbound_sender>(
                    [platform = p.get()](const outbound_message& m, std::string_view part) {
                      return platform->send(m, part);
                    },
                    [&writer](const outbound_message& m) {
                      writer.execute([m](storage::store& s) { s.update_outbound(m); }, nullptr);
                    },
                    bot::outbound_sender::limits{.max_attempts = cfg.outbound.max_attempts,
                                                 .max_backoff_ms = cfg.outbound.max_backoff_ms},
                    p->limits(), wall_clock_ms));
  }
  auto send = [&senders](std::vector<outbound_message> messages) {
    senders.enqueue(std::move(messages));
  };
  routes.set_sender(send);
  send(unsent);
  bot::scheduler clock(writer, dispatcher.rules(), send, wall_clock_ms,
                       cfg.scheduler.manual_clock ? 0 : cfg.scheduler.tick_seconds * 1000LL);
  if (cfg.scheduler.manual_clock) {
    spdlog::warn("scheduler.manual_clock is on: time moves only by POST /v1/admin/clock");
    routes.set_manual_clock([&clock](std::int64_t now_ms, auto done) { clock.tick(now_ms, done); });
  }
  bot::http_server server(
      cfg.server,
      [&routes](bot::http_request request, bot::responder respond) {
        routes.handle(std::move(request), std::move(respond));
      },
      stats);

  std::string enabled;
  for (const auto& p : routes.platforms().all())
    enabled += (enabled.empty() ? "" : ", ") + std::string(p->name());
  spdlog::info("platforms: {}", enabled);
  if (!cfg.env.api_token) spdlog::warn("LINLI_API_TOKEN is not set: the read API answers 401");
  spdlog::info("database {} (schema v{}), {} I/O thread(s)", cfg.storage.path,
               writer_store->schema_version(), cfg.server.io_threads);
  std::cout << "listening on http://" << server.address() << ":" << server.port() << std::endl;

  server.run();
  clock.stop();
  senders.stop();  // unsent messages stay pending in the outbox
  writer.stop();   // everything answered has been committed; this applies any stragglers
  queries.stop();
  spdlog::info("stopped cleanly");
  return 0;
}

// linli replay: rebuilds a database from another one's inbox (see bot/pipeline/replay.hpp).
int replay_command(int argc, char** argv) {
  po::options_description options("linli replay options");
  options.add_options()("help,h", "show this help")(
      "db", po::value<std::string>(), "the database whose stored messages are replayed")(
      "out", po::value<std::string>(), "the new database to build (must not exist)");
  po::variables_map args;
  try {
    po::store(po::command_line_parser(argc, argv).options(options).run(), args);
    po::notify(args);
  } catch (const po::error& e) {
    std::cerr << "linli replay: " << e.what() << "\n\n" << options;
    return 2;
  }
  if (args.count("help")) {
    std::cout << "Rebuilds every chain, request and tally from the stored messages of --db, in\n"
                 "arrival order, into the new database --out. The source is only read.\n\n"
              << options;
    return 0;
  }
  if (!args.count("db") || !args.count("out")) {
    std::cerr << "linli replay: --db and --out are both required\n\n" << options;
    return 2;
  }
  const std::string source_path = args["db"].as<std::string>();
  const std::string target_path = args["out"].as<std::string>();
  if (std::filesystem::exists(target_path)) {
    std::cerr << "linli replay: " << target_path << " exists; give a new file\n";
    return 2;
  }
  try {
    auto source = storage::open(source_path, {.read_only = true});
    auto target = storage::open(target_path, {.synchronous = storage::sync_mode::normal});
    const handlers::dispatcher dispatcher;
    const bot::replay_summary s = bot::replay(*source, *target, dispatcher);
    std::cout << "replayed " << s.messages << " messages into " << target_path << "; "
              << s.changed_replies << " would now be answered differently, " << s.failed
              << " failed" << std::endl;
    return 0;
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_default_logger(spdlog::stderr_color_mt("linli"));
  if (argc < 2 || std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h") {
    std::cout << usage;
    return argc < 2 ? 2 : 0;
  }
  if (std::string_view(argv[1]) == "replay") return replay_command(argc - 1, argv + 1);
  if (std::string_view(argv[1]) != "serve") {
    std::cerr << "linli: unknown command '" << argv[1] << "'\n\n" << usage;
    return 2;
  }

  po::options_description options("linli serve options");
  options.add_options()("help,h", "show this help")(
      "config", po::value<std::string>(), "JSON configuration file (deploy/linli.example.json)")(
      "listen", po::value<std::string>(), "address to listen on (default 127.0.0.1)")(
      "port", po::value<int>(), "TCP port; 0 binds a free port (default 8080)")(
      "db", po::value<std::string>(), "SQLite database file (default linli.db)");

  po::variables_map args;
  try {
    po::store(po::command_line_parser(argc - 1, argv + 1).options(options).run(), args);
    po::notify(args);
  } catch (const po::error& e) {
    std::cerr << "linli serve: " << e.what() << "\n\n" << options;
    return 2;
  }
  if (args.count("help")) {
    std::cout << usage << "\n"
              << options
              << "\nSecrets come from the environment only:\n"
                 "  LINLI_GENERIC_SECRET  HMAC-SHA256 key of the generic webhook "
                 "(unset: unsigned requests accepted)\n"
                 "  LINLI_API_TOKEN       bearer token of the read API (unset: read API answers "
                 "401)\n"
                 "  LINLI_TELEGRAM_*, LINLI_ONEBOT_*, LINLI_SLACK_*, LINLI_FEISHU_*, "
                 "LINLI_DINGTALK_*\n"
                 "                        each chat platform's credentials (deploy/README.md)\n";
    return 0;
  }

  try {
    config::overrides flags;
    if (args.count("listen")) flags.listen = args["listen"].as<std::string>();
    if (args.count("port")) flags.port = args["port"].as<int>();
    if (args.count("db")) flags.db_path = args["db"].as<std::string>();
    const std::optional<std::string> file =
        args.count("config") ? std::optional(args["config"].as<std::string>()) : std::nullopt;
    auto cfg = config::load(file, flags, config::process_environment());
    spdlog::set_level(spdlog::level::from_str(cfg->log_level));
    return serve(std::move(cfg));
  } catch (const config::config_error& e) {
    std::cerr << "linli: configuration error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    spdlog::critical("{}", e.what());
    return 1;
  }
}
