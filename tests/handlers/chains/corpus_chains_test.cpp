// The dev part of the labelled chains (tests/corpus/chains.jsonl), table-driven: whether each
// text is a chain post, and for those that are, every entry's name, detail and slot, the
// capacity and the deadline as a coordinator reads them. The held-out part is never read here.

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "handlers/chains/chain_parser.hpp"

#include "tests/corpus_records.hpp"

using namespace linli;
using namespace linli::handlers;
using json = nlohmann::json;

namespace {

// What differs between the reading of a labelled chain and its label, or empty.
std::string chain_diff(const json& record) {
  const std::string text = record["text"];
  const json& label = record["label"];
  const bool want_chain = label.value("chain_post", true);
  if (is_chain_post(text) != want_chain) return "chain_post";
  if (!want_chain) return "";
  const auto parsed = parse_chain(text);
  if (!parsed) return "not parsed";
  const json& entries = label["entries"];
  if (parsed->entries.size() != entries.size()) {
    return std::to_string(parsed->entries.size()) + " entries";
  }
  std::string diff;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto [name, detail] = split_name(parsed->entries[i].text);
    const std::string slot = parse_slot(parsed->entries[i].text).value_or("");
    const std::string at = " entry " + std::to_string(i + 1) + ": ";
    if (name != testing::text_of(entries[i]["name"])) diff += at + "name " + name;
    if (detail != testing::text_of(entries[i]["detail"])) diff += at + "detail " + detail;
    if (slot != testing::text_of(entries[i]["slot"])) diff += at + "slot " + slot;
  }
  const std::optional<int> want_capacity =
      label["capacity"].is_null() ? std::nullopt : std::optional(label["capacity"].get<int>());
  if (parsed->capacity != want_capacity) diff += " capacity";
  const std::string deadline = parsed->deadline ? format_clock(*parsed->deadline) : "";
  if (deadline != testing::text_of(label["deadline"])) diff += " deadline " + deadline;
  return diff;
}

}  // namespace

TEST_CASE("corpus (dev): chains are read entry by entry as labelled", "[corpus][chain]") {
  // Still read otherwise, with the reason: a check-in log whose entries record the times
  // people exercised, read as slots (c057); 每段限2人, a cap per slot, read as the chain's
  // capacity (c066); 请各户10点前接完 in the tail, a deadline no reader takes (c081).
  const std::set<std::string> known = {"c057", "c066", "c081"};
  const auto chains = testing::dev_corpus("chains.jsonl");
  CHECK(chains.size() >= 35);
  for (const json& record : chains) {
    const std::string id = record["id"];
    const std::string diff = chain_diff(record);
    if (known.contains(id)) {
      INFO(id << " is read as labelled now: take it off the list");
      CHECK_FALSE(diff.empty());
    } else {
      INFO(id << ":" << diff);
      CHECK(diff.empty());
    }
  }
}
