#include "bot/migrate_command.hpp"

#include <unistd.h>

#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>

#include "bot/migrate.hpp"
#include "storage/open.hpp"

namespace linli::bot {
namespace po = boost::program_options;

namespace {

// On a terminal: one bar redrawn in place. Otherwise (a log): a line per table when it is done.
void show_progress(const migration_progress& p, bool terminal) {
  if (terminal) {
    constexpr int width = 30;
    const std::int64_t filled = p.total == 0 ? width : width * p.rows / p.total;
    std::cerr << "\r[" << std::string(static_cast<std::size_t>(filled), '#')
              << std::string(static_cast<std::size_t>(width - filled), ' ') << "] "
              << (p.total == 0 ? 100 : 100 * p.rows / p.total) << "% " << p.table << " "
              << p.table_rows << "/" << p.table_total << "\033[K" << std::flush;
  } else if (p.table_rows == p.table_total) {
    std::cerr << "copied " << p.table << ": " << p.table_rows << " rows (" << p.rows << "/"
              << p.total << " in all)\n";
  }
}

}  // namespace

int migrate_command(int argc, char** argv) {
  po::options_description options("linli migrate options");
  options.add_options()("help,h", "show this help")(
      "from", po::value<std::string>(),
      "the database to copy (a path, sqlite:PATH or postgresql://...)")(
      "to", po::value<std::string>(), "the database to copy into (created if new)")(
      "replace", "empty the target first if it holds anything (otherwise refused)")(
      "batch", po::value<int>()->default_value(500), "rows written per statement");
  po::variables_map args;
  try {
    po::store(po::command_line_parser(argc, argv).options(options).run(), args);
    po::notify(args);
  } catch (const po::error& e) {
    std::cerr << "linli migrate: " << e.what() << "\n\n" << options;
    return 2;
  }
  if (args.count("help")) {
    std::cout
        << "Copies every table of --from into --to, SQLite or PostgreSQL either way: messages,\n"
           "settings, chains, needs, offers, tasks, the outbox, dashboard accounts and the audit\n"
           "trail. The source is only read, in one snapshot; the target is written in one\n"
           "transaction that commits only when every table's row count and money total match\n"
           "the source's. Stop linli on the source first. A target holding any row is refused\n"
           "unless --replace. The password of a PostgreSQL URL comes from LINLI_DB_PASSWORD or\n"
           "libpq's environment, never the URL.\n\n"
        << options;
    return 0;
  }
  if (!args.count("from") || !args.count("to")) {
    std::cerr << "linli migrate: --from and --to are both required\n\n" << options;
    return 2;
  }
  const std::string from_url = args["from"].as<std::string>();
  const std::string to_url = args["to"].as<std::string>();
  const int batch = args["batch"].as<int>();
  if (batch < 1 || batch > 2000) {
    std::cerr << "linli migrate: --batch must be from 1 to 2000\n";
    return 2;
  }
  if (from_url == to_url) {
    std::cerr << "linli migrate: --from and --to name the same database\n";
    return 2;
  }
  if (storage::in_memory(from_url) || storage::in_memory(to_url)) {
    std::cerr << "linli migrate: an in-memory database cannot be migrated from or to\n";
    return 2;
  }
  // Opening a missing SQLite file would create an empty one: say so instead.
  if (!from_url.starts_with("postgres")) {
    std::string path = from_url.starts_with("sqlite://") ? from_url.substr(9)
                       : from_url.starts_with("sqlite:") ? from_url.substr(7)
                                                         : from_url;
    if (!std::filesystem::exists(path)) {
      std::cerr << "linli migrate: " << path << " does not exist\n";
      return 2;
    }
  }
  try {
    const auto from = storage::open(from_url);
    const auto to = storage::open(to_url);
    const bool terminal = ::isatty(STDERR_FILENO) != 0;
    const migration_summary s = migrate_databases(
        *from, *to,
        {.replace = args.count("replace") > 0,
         .batch_rows = batch,
         .progress = [terminal](const migration_progress& p) { show_progress(p, terminal); }});
    if (terminal) std::cerr << "\n";
    for (const auto& t : s.tables) {
      std::cout << "  " << t.name << ": " << t.rows << " rows"
                << (t.money_cents != 0 ? ", " + std::to_string(t.money_cents) + " cents" : "")
                << "\n";
    }
    std::cout << "migrated " << s.rows() << " rows in " << s.tables.size() << " tables, "
              << s.money_cents() << " cents; counts and money totals verified" << std::endl;
    return 0;
  } catch (const target_not_empty& e) {
    std::cerr << "\nlinli migrate: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "\nlinli migrate: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace linli::bot
