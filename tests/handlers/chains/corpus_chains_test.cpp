// The dev part of the labelled chains (tests/corpus/chains.jsonl), table-driven: whether each
// text is a chain post, and for those that are, every entry's name, detail and slot, the
// capacity and the deadline as a coordinator reads them. The held-out part is never read here.

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "handlers/chains/chain_parser.hpp"

using namespace linli;
using namespace linli::handlers;
using json = nlohmann::json;

namespace {

std::string text_of(const json& v) {
  return v.is_string() ? v.get<std::string>() : std::string();
}

std::vector<json> dev_chains() {
  std::ifstream in(std::string(LINLI_FIXTURES) + "/../corpus/chains.jsonl");
  REQUIRE(in);
  std::vector<json> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    json record = json::parse(line);
    if (record["split"] == "dev") out.push_back(std::move(record));
  }
  return out;
}

}  // namespace

TEST_CASE("corpus (dev): chains are read entry by entry as labelled", "[corpus][chain]") {
  const auto chains = dev_chains();
  CHECK(chains.size() >= 35);
  for (const json& record : chains) {
    const std::string text = record["text"];
    const json& label = record["label"];
    INFO(std::string(record["id"]));
    const bool want_chain = label.value("chain_post", true);
    REQUIRE(is_chain_post(text) == want_chain);
    if (!want_chain) continue;
    const auto parsed = parse_chain(text);
    REQUIRE(parsed);
    const json& entries = label["entries"];
    REQUIRE(parsed->entries.size() == entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
      INFO("entry " << i + 1);
      const auto [name, detail] = split_name(parsed->entries[i].text);
      CHECK(name == text_of(entries[i]["name"]));
      CHECK(detail == text_of(entries[i]["detail"]));
      CHECK(parse_slot(parsed->entries[i].text).value_or("") == text_of(entries[i]["slot"]));
    }
    if (label["capacity"].is_null()) {
      CHECK_FALSE(parsed->capacity);
    } else {
      CHECK(parsed->capacity == label["capacity"].get<int>());
    }
    const std::string deadline = parsed->deadline ? format_clock(*parsed->deadline) : "";
    CHECK(deadline == text_of(label["deadline"]));
  }
}
