// The linli executable: reads the command line and the configuration, then serves or replays
// (bot/wiring.hpp assembles the parts).

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <malloc.h>
#include <sys/stat.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>

#include "bot/accounts/user_command.hpp"
#include "bot/import/import_command.hpp"
#include "bot/log_text.hpp"
#include "bot/migrate_command.hpp"
#include "bot/purge_command.hpp"
#include "bot/wiring.hpp"
#include "config/config.hpp"
#include "handlers/text/text.hpp"

namespace po = boost::program_options;
using namespace linli;

namespace {

constexpr const char* usage =
    "linli: the neighbourhood group-chat bot backend\n"
    "\n"
    "Usage: linli serve [--config FILE] [--listen ADDR] [--port N] [--db PATH] [--insecure-dev]\n"
    "       linli replay [--config FILE] --db SOURCE --out TARGET\n"
    "       linli migrate --from URL --to URL [--replace] (copy a database; linli migrate --help)\n"
    "       linli purge --before DATE [--db URL] [--config FILE] (erase old personal data)\n"
    "       linli user add|list|remove|passwd ... (dashboard accounts; linli user --help)\n"
    "       linli import FILE --chat CHAT_ID --format FORMAT [--dry-run] (linli import --help)\n"
    "       linli serve --help | linli replay --help\n";

std::optional<std::string> config_file(const po::variables_map& args) {
  return args.count("config") ? std::optional(args["config"].as<std::string>()) : std::nullopt;
}

// The database, its WAL and exports hold residents' addresses and needs: whatever umask linli
// was started with, every file it creates is readable by its own user only (0600).
void restrict_new_files() {
  ::umask(077);
}

// linli replay: rebuilds a database from another one's inbox (see bot/pipeline/replay.hpp).
int replay_command(int argc, char** argv) {
  restrict_new_files();
  po::options_description options("linli replay options");
  options.add_options()("help,h", "show this help")(
      "config", po::value<std::string>(),
      "JSON configuration file: the roles and time zone the messages are handled under")(
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
                 "arrival order, into the new database --out. The source is only read. Give the\n"
                 "--config the server ran with, so coordinators and time zones are the same.\n\n"
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
    const auto cfg = config::load(config_file(args), {}, config::process_environment());
    spdlog::set_level(spdlog::level::from_str(cfg->log_level));
    const bot::replay_summary s = bot::replay_databases(*cfg, source_path, target_path);
    std::cout << "replayed " << s.messages << " messages into " << target_path << "; "
              << s.changed_replies << " would now be answered differently, " << s.failed
              << " failed" << std::endl;
    return 0;
  } catch (const config::config_error& e) {
    std::cerr << "linli: configuration error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    spdlog::critical("{}", bot::log_text(e.what()));
    return 1;
  }
}

int serve_command(int argc, char** argv) {
  restrict_new_files();
  po::options_description options("linli serve options");
  options.add_options()("help,h", "show this help")(
      "config", po::value<std::string>(), "JSON configuration file (deploy/linli.example.json)")(
      "listen", po::value<std::string>(), "address to listen on (default 127.0.0.1)")(
      "port", po::value<int>(), "TCP port; 0 binds a free port (default 8080)")(
      "db", po::value<std::string>(), "SQLite database file (default linli.db)")(
      "insecure-dev",
      "development only: serve webhooks whose secret is not set, unauthenticated (warned at "
      "start and in /healthz; roles in unsigned requests count for nothing)");

  po::variables_map args;
  try {
    po::store(po::command_line_parser(argc, argv).options(options).run(), args);
    po::notify(args);
  } catch (const po::error& e) {
    std::cerr << "linli serve: " << e.what() << "\n\n" << options;
    return 2;
  }
  if (args.count("help")) {
    std::cout << usage << "\n"
              << options
              << "\nSecrets come from the environment only:\n"
                 "  LINLI_GENERIC_SECRET  HMAC-SHA256 key of the generic webhook (required)\n"
                 "  LINLI_API_TOKEN       bearer token of the read API (unset: read API answers "
                 "401)\n"
                 "  LINLI_TELEGRAM_*, LINLI_ONEBOT_*, LINLI_SLACK_*, LINLI_FEISHU_*, "
                 "LINLI_DINGTALK_*, LINLI_WECOM_*, LINLI_ONEBOT12_*\n"
                 "                        each chat platform's credentials (deploy/README.md)\n"
                 "Every enabled webhook needs its verification secret: without it linli serve\n"
                 "stops at start naming the variable, unless --insecure-dev is given.\n";
    return 0;
  }

  try {
    config::overrides flags;
    if (args.count("listen")) flags.listen = args["listen"].as<std::string>();
    if (args.count("port")) flags.port = args["port"].as<int>();
    if (args.count("db")) flags.db_path = args["db"].as<std::string>();
    flags.insecure_dev = args.count("insecure-dev") > 0;
    auto cfg = config::load(config_file(args), flags, config::process_environment());
    spdlog::set_level(spdlog::level::from_str(cfg->log_level));
    return bot::serve(std::move(cfg));
  } catch (const config::config_error& e) {
    std::cerr << "linli: configuration error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    spdlog::critical("{}", bot::log_text(e.what()));
    return 1;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Allocations of 4 MiB and more (each dashboard login's Argon2id memory, 19 MiB) are mapped and
  // returned on free: by default glibc raises its threshold after the first such free and keeps
  // that memory resident for good.
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  spdlog::set_default_logger(spdlog::stderr_color_mt("linli"));
  if (argc < 2 || std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h") {
    std::cout << usage;
    return argc < 2 ? 2 : 0;
  }
  const std::string_view command = argv[1];
  try {
    linli::text::load_simplifier();  // a missing OpenCC configuration stops here, not mid-message
  } catch (const std::exception& e) {
    std::cerr << "linli: " << e.what() << "\n";
    return 1;
  }
  if (command == "replay") return replay_command(argc - 1, argv + 1);
  if (command == "serve") return serve_command(argc - 1, argv + 1);
  if (command == "import") {
    restrict_new_files();
    return linli::bot::imports::import_command(argc - 1, argv + 1);
  }
  if (command == "migrate") {
    restrict_new_files();
    return linli::bot::migrate_command(argc - 1, argv + 1);
  }
  if (command == "purge") {
    restrict_new_files();
    return linli::bot::purge_command(argc - 1, argv + 1);
  }
  if (command == "user") {
    restrict_new_files();
    return linli::bot::accounts::user_command(argc - 1, argv + 1);
  }
  std::cerr << "linli: unknown command '" << argv[1] << "'\n\n" << usage;
  return 2;
}
