// The tasks feature's catalogue (handlers/tasks/messages/*.json) against its code: every key the
// code names exists, and every key is named somewhere. A missing key throws at run time, which
// the dispatcher would answer with its apology instead of the reply.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "handlers/core/messages.hpp"
#include "handlers/tasks/tasks.hpp"

using namespace linli;
using namespace linli::handlers;

namespace {

// "tasks.key" literals in handlers/tasks/*.cpp.
std::set<std::string> keys_in_code() {
  const std::filesystem::path dir =
      std::filesystem::path(LINLI_FIXTURES).parent_path().parent_path() / "handlers" / "tasks";
  const std::regex literal("\"(tasks\\.[a-z_.]+)\"");
  std::set<std::string> out;
  for (const auto& file : std::filesystem::directory_iterator(dir)) {
    if (file.path().extension() != ".cpp") continue;
    std::ifstream in(file.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    for (auto it = std::sregex_iterator(s.begin(), s.end(), literal); it != std::sregex_iterator();
         ++it) {
      out.insert((*it)[1]);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("every tasks key the code names is in the catalogue, and every one is used",
          "[task_messages]") {
  const auto used = keys_in_code();
  REQUIRE(used.size() > 50);
  std::set<std::string> known;
  for (const std::string& key : catalogue_keys()) {
    if (key.starts_with("tasks.")) known.insert(key);
  }
  for (const std::string& key : used) {
    INFO(key);
    CHECK(known.contains(key));
  }
  for (const std::string& key : known) {
    INFO(key);
    CHECK(used.contains(key));
  }
}

TEST_CASE("describe_task reads the same in either language but for the brackets",
          "[task_messages]") {
  task t;
  t.number = 12;
  t.place = "3号楼";
  t.title = "配送 第一波";
  t.date = "2022-11-23";
  t.start_minute = 9 * 60;
  t.end_minute = 11 * 60;
  t.capacity = 2;
  t.members.push_back({});
  t.members.push_back({});
  t.members.back().state = member_state::left;
  CHECK(task_name(t) == "3号楼 配送 第一波");
  CHECK(describe_task(t, storage::language::zh) == "T12 3号楼 配送 第一波 09:00-11:00（1/2）");
  CHECK(describe_task(t, storage::language::en, true) ==
        "T12 3号楼 配送 第一波 11-23 09:00-11:00 (1/2)");
  t.title = t.place;
  CHECK(task_name(t) == "3号楼");
  CHECK(describe_task(t, storage::language::zh, true) == "T12 3号楼 11-23 09:00-11:00（1/2）");
}
