#include "bot/purge_command.hpp"

#include <unistd.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <iostream>

#include "config/config.hpp"
#include "handlers/core/local_time.hpp"
#include "storage/open.hpp"

namespace linli::bot {
namespace po = boost::program_options;

namespace {

void draw_bar(int step, int steps) {
  constexpr int width = 30;
  const int filled = width * step / steps;
  std::cerr << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
            << std::string(static_cast<std::size_t>(width - filled), ' ') << "] "
            << 100 * step / steps << "%" << (step == steps ? "\n" : "") << std::flush;
}

}  // namespace

int purge_command(int argc, char** argv) {
  po::options_description options("linli purge options");
  options.add_options()("help,h", "show this help")(
      "before", po::value<std::string>(), "erase what is older than this date (YYYY-MM-DD)")(
      "db", po::value<std::string>(), "the database (a path, sqlite:PATH or postgresql://...)")(
      "config", po::value<std::string>(), "JSON configuration file (its time zone reads DATE)");
  po::variables_map args;
  try {
    po::store(po::command_line_parser(argc, argv).options(options).run(), args);
    po::notify(args);
  } catch (const po::error& e) {
    std::cerr << "linli purge: " << e.what() << "\n\n" << options;
    return 2;
  }
  if (args.count("help")) {
    std::cout
        << "Erases residents' personal data older than --before (midnight in the configured\n"
           "time zone): the text and sender names of messages, the names, units, rooms and\n"
           "text of needs delivered or cancelled by then, the lines of chains opened by then,\n"
           "and names on older orders, donations and task places. Counts, quantities and\n"
           "money stay. The erasure is recorded in the audit trail, without the data.\n\n"
        << options;
    return 0;
  }
  if (!args.count("before")) {
    std::cerr << "linli purge: --before DATE is required\n\n" << options;
    return 2;
  }
  const auto date = handlers::parse_iso_date(args["before"].as<std::string>());
  if (!date) {
    std::cerr << "linli purge: --before must be a date as YYYY-MM-DD\n";
    return 2;
  }
  try {
    config::overrides flags;
    if (args.count("db")) flags.db_path = args["db"].as<std::string>();
    const auto cfg = config::load(
        args.count("config") ? std::optional(args["config"].as<std::string>()) : std::nullopt,
        flags, config::process_environment());
    const handlers::time_zone* zone = handlers::time_zone::find(cfg->time_zone);
    const std::int64_t before_ms =
        handlers::day_start(*date, zone ? *zone : handlers::time_zone::shanghai());
    const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    const auto store = storage::open(cfg->storage.path);
    const bool terminal = ::isatty(STDERR_FILENO) != 0;
    const erasure_counts n = purge_before(
        *store, before_ms, handlers::iso_date(*date), now, 20,
        terminal ? std::function<void(int, int)>(draw_bar) : std::function<void(int, int)>());
    std::cout << "purged before " << handlers::iso_date(*date) << ": " << n.messages
              << " messages, " << n.requests << " needs, " << n.chain_entries << " chain lines, "
              << n.other << " other rows (" << n.total() << " in all); recorded in the audit trail"
              << std::endl;
    return 0;
  } catch (const config::config_error& e) {
    std::cerr << "linli: configuration error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "linli purge: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace linli::bot
