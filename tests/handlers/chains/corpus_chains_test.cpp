// The dev part of the labelled chains (tests/corpus/chains.jsonl), table-driven: whether each
// text is a chain post, and for those that are, every entry's name, detail and slot, the
// capacity and the deadline as a coordinator reads them. The held-out part is never read here.

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "handlers/chains/chain_parser.hpp"

#include "tests/corpus_records.hpp"

using namespace linli;
using namespace linli::handlers;
using json = nlohmann::json;

namespace {}  // namespace

TEST_CASE("corpus (dev): chains are read entry by entry as labelled", "[corpus][chain]") {
  const auto chains = testing::dev_corpus("chains.jsonl");
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
      CHECK(name == testing::text_of(entries[i]["name"]));
      CHECK(detail == testing::text_of(entries[i]["detail"]));
      CHECK(parse_slot(parsed->entries[i].text).value_or("") ==
            testing::text_of(entries[i]["slot"]));
    }
    if (label["capacity"].is_null()) {
      CHECK_FALSE(parsed->capacity);
    } else {
      CHECK(parsed->capacity == label["capacity"].get<int>());
    }
    const std::string deadline = parsed->deadline ? format_clock(*parsed->deadline) : "";
    CHECK(deadline == testing::text_of(label["deadline"]));
  }
}
