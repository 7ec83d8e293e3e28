#include "bot/accounts/user_command.hpp"

#include <termios.h>
#include <unistd.h>

#include <boost/program_options.hpp>
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include "bot/accounts/password.hpp"
#include "bot/platforms/platform.hpp"
#include "config/config.hpp"
#include "storage/open.hpp"

namespace linli::bot::accounts {
namespace {

namespace po = boost::program_options;

constexpr const char* usage =
    "Usage: linli user add NAME --chat CHAT_ID [--chat ...] [--db URL] [--config FILE]\n"
    "       linli user list [--db URL] [--config FILE]\n"
    "       linli user remove NAME [--db URL] [--config FILE]\n"
    "       linli user passwd NAME [--db URL] [--config FILE]\n"
    "\n"
    "The password is read from standard input (its first line) when that is not a terminal,\n"
    "and prompted for twice, without echo, when it is. A chat is CHAT_ID (the generic webhook's)\n"
    "or PLATFORM:CHAT_ID (telegram:-100123).\n";

// One line without its end; echo off while a terminal types it.
std::string read_line(bool hidden) {
  termios saved{};
  const bool tty = hidden && ::tcgetattr(STDIN_FILENO, &saved) == 0;
  if (tty) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::cerr << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The new password: from a pipe, its first line; from a terminal, typed twice without echo.
// Empty when refused (the reason already printed).
std::string new_password() {
  std::string password;
  if (::isatty(STDIN_FILENO)) {
    std::cerr << "Password: " << std::flush;
    password = read_line(true);
    std::cerr << "Again: " << std::flush;
    if (read_line(true) != password) {
      std::cerr << "linli user: the passwords differ\n";
      return {};
    }
  } else {
    password = read_line(false);
  }
  if (password.size() < min_password_length) {
    std::cerr << "linli user: a password needs at least " << min_password_length << " characters\n";
    return {};
  }
  return password;
}

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int run(const std::string& action, const po::variables_map& args) {
  config::overrides flags;
  if (args.count("db")) flags.db_path = args["db"].as<std::string>();
  const auto cfg = config::load(
      args.count("config") ? std::optional(args["config"].as<std::string>()) : std::nullopt, flags,
      config::process_environment());
  const auto store = storage::open(cfg->storage.path);
  const std::string name = args.count("name") ? args["name"].as<std::string>() : "";
  if (action != "list" && name.empty()) {
    std::cerr << "linli user " << action << ": NAME is required\n\n" << usage;
    return 2;
  }
  if (action == "list") {
    for (const storage::account& a : store->list_accounts()) {
      std::cout << a.name;
      for (const chat_ref& c : a.chats) std::cout << ' ' << chat_text(c);
      std::cout << '\n';
    }
    return 0;
  }
  if (action == "remove") {
    storage::transaction tx(*store);
    const bool removed = store->remove_account(name);
    tx.commit();
    if (!removed) {
      std::cerr << "linli user remove: no account named " << name << "\n";
      return 1;
    }
    std::cout << "removed " << name << "\n";
    return 0;
  }
  if (action == "add") {
    if (!args.count("chat")) {
      std::cerr << "linli user add: at least one --chat is required\n\n" << usage;
      return 2;
    }
    if (store->find_account(name)) {
      std::cerr << "linli user add: an account named " << name << " exists\n";
      return 1;
    }
  } else if (!store->find_account(name)) {
    std::cerr << "linli user passwd: no account named " << name << "\n";
    return 1;
  }
  const std::string password = new_password();
  if (password.empty()) return 1;
  const std::string hash = hash_password(password);
  storage::transaction tx(*store);
  if (action == "passwd") {
    store->set_password(name, hash);
    tx.commit();
    std::cout << "password of " << name << " changed; its sessions ended\n";
    return 0;
  }
  storage::account a{.name = name, .password_hash = hash, .created_ms = now_ms()};
  for (const std::string& c : args["chat"].as<std::vector<std::string>>()) {
    a.chats.push_back(chat_from_text(c));
  }
  if (store->insert_account(a) == 0) {
    std::cerr << "linli user add: an account named " << name << " exists\n";
    return 1;
  }
  tx.commit();
  std::cout << "added " << name << "\n";
  return 0;
}

}  // namespace

int user_command(int argc, char** argv) {
  po::options_description options("linli user options");
  options.add_options()("help,h", "show this help")("chat", po::value<std::vector<std::string>>(),
                                                    "a chat the account may see (repeatable)")(
      "db", po::value<std::string>(), "the database (default: the configuration's)")(
      "config", po::value<std::string>(), "JSON configuration file");
  po::options_description hidden;
  hidden.add_options()("action", po::value<std::string>())("name", po::value<std::string>());
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("action", 1).add("name", 1);
  po::variables_map args;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), args);
    po::notify(args);
  } catch (const po::error& e) {
    std::cerr << "linli user: " << e.what() << "\n\n" << usage;
    return 2;
  }
  const std::string action = args.count("action") ? args["action"].as<std::string>() : "";
  if (args.count("help")) {
    std::cout << usage << "\n" << options;
    return 0;
  }
  if (action != "add" && action != "list" && action != "remove" && action != "passwd") {
    std::cerr << "linli user: give add, list, remove or passwd\n\n" << usage;
    return 2;
  }
  try {
    return run(action, args);
  } catch (const config::config_error& e) {
    std::cerr << "linli: configuration error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "linli user " << action << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace linli::bot::accounts
