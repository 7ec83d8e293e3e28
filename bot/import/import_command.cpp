#include "bot/import/import_command.hpp"

#include <unistd.h>

#include <boost/program_options.hpp>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "bot/import/importer.hpp"
#include "bot/platforms/platform.hpp"
#include "bot/wiring.hpp"
#include "config/config.hpp"
#include "handlers/requests/requests.hpp"
#include "storage/open.hpp"

namespace linli::bot::imports {

namespace {

namespace po = boost::program_options;

constexpr const char* usage =
    "Usage: linli import FILE --chat CHAT_ID --format FORMAT [--tz ZONE] [--dry-run]\n"
    "                         [--db URL] [--config FILE]\n"
    "\n"
    "Feeds a group's exported history through linli's handlers, in the order of the file, as if\n"
    "it had arrived live; nothing is sent to the group. Importing the same file twice changes\n"
    "nothing. A chat is CHAT_ID (the generic webhook's) or PLATFORM:CHAT_ID\n"
    "(onebot12:123456@chatroom), the chat the group's live messages come to. Stop `linli serve`\n"
    "on the same SQLite file first (PostgreSQL needs no stop).\n";

std::string formats_help() {
  std::string out = "\nFormats:\n";
  for (const export_format& f : export_formats()) {
    out += "  " + std::string(f.name) + "\n      " + std::string(f.what) + "\n";
  }
  return out;
}

void print_summary(const import_summary& s, const chat_ref& chat, bool dry_run) {
  std::cout << (dry_run ? "dry run, nothing written: " : "") << s.messages
            << " messages imported into " << chat_text(chat) << " (" << s.already
            << " already there, " << s.system << " system lines skipped)\n";
  auto count = [&](std::string_view kind) {
    const auto it = s.kinds.find(std::string(kind));
    return it == s.kinds.end() ? std::int64_t{0} : it->second;
  };
  std::cout << "needs " << count("request") << ", offers " << count("offer") << ", chain copies "
            << count("chain_post") << ", orders " << count("group_buy_order") << ", donations "
            << count("donation") << ", chatter " << count("chatter") << ", failed "
            << count("failed") << "\n";
  std::cout << "by kind:";
  for (const auto& [kind, n] : s.kinds) std::cout << ' ' << kind << '=' << n;
  std::cout << "\nmoney: requested ¥" << handlers::format_cents(s.requested_cents) << ", spent ¥"
            << handlers::format_cents(s.spent_cents) << ", donated ¥"
            << handlers::format_cents(s.donated_cents) << "\n";
  std::cout << "unreadable: " << s.unread.size() << (s.unread.empty() ? "\n" : " (kept here)\n");
  for (const unreadable& u : s.unread) {
    std::cout << "  line " << u.line << ": " << u.reason << ": " << u.text.substr(0, 200) << "\n";
  }
}

int run(const po::variables_map& args) {
  const auto* format = find_export_format(args["format"].as<std::string>());
  if (format == nullptr) {
    std::cerr << "linli import: unknown --format " << args["format"].as<std::string>() << "\n"
              << formats_help();
    return 2;
  }
  const std::string path = args["file"].as<std::string>();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "linli import: cannot read " << path << "\n";
    return 1;
  }
  std::ostringstream content;
  content << in.rdbuf();

  config::overrides flags;
  if (args.count("db")) flags.db_path = args["db"].as<std::string>();
  const auto cfg = config::load(
      args.count("config") ? std::optional(args["config"].as<std::string>()) : std::nullopt, flags,
      config::process_environment());
  const std::string zone_name = args.count("tz") ? args["tz"].as<std::string>() : cfg->time_zone;
  const handlers::time_zone* zone = handlers::time_zone::find(zone_name);
  if (zone == nullptr) {
    std::cerr << "linli import: no time zone named " << zone_name << "\n";
    return 2;
  }
  const history h = format->read(content.str(), *zone);
  const chat_ref chat = chat_from_text(args["chat"].as<std::string>());
  const handlers::dispatcher dispatcher(policy_of(*cfg));
  const auto store = storage::open(cfg->storage.path);

  import_options options;
  options.dry_run = args.count("dry-run") > 0;
  if (::isatty(STDERR_FILENO)) {
    options.progress = [](std::size_t done, std::size_t total) {
      std::cerr << "\rimporting " << done << " / " << total << " ("
                << (total ? done * 100 / total : 100) << "%)" << (done == total ? "\n" : "")
                << std::flush;
    };
  }
  print_summary(import_history(*store, dispatcher, chat, h, options), chat, options.dry_run);
  return 0;
}

}  // namespace

int import_command(int argc, char** argv) {
  po::options_description options("linli import options");
  options.add_options()("help,h", "show this help")("chat", po::value<std::string>(),
                                                    "the chat the history belongs to (required)")(
      "format", po::value<std::string>(), "the export's format (required; listed below)")(
      "tz", po::value<std::string>(), "the zone the export's times are in (default: the config's)")(
      "dry-run", "read and apply everything, print the summary, write nothing")(
      "db", po::value<std::string>(), "the database (default: the configuration's)")(
      "config", po::value<std::string>(), "JSON configuration file");
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::string>());
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map args;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), args);
    po::notify(args);
  } catch (const po::error& e) {
    std::cerr << "linli import: " << e.what() << "\n\n" << usage;
    return 2;
  }
  if (args.count("help")) {
    std::cout << usage << "\n" << options << formats_help();
    return 0;
  }
  if (!args.count("file") || !args.count("chat") || !args.count("format")) {
    std::cerr << "linli import: FILE, --chat and --format are required\n\n"
              << usage << formats_help();
    return 2;
  }
  try {
    return run(args);
  } catch (const config::config_error& e) {
    std::cerr << "linli: configuration error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "linli import: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace linli::bot::imports
