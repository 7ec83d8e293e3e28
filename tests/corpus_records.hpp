#pragma once
// The labelled corpus (tests/corpus/) for the table-driven unit tests: the records of its DEV
// part only. The held-out part is scored by bench/understanding and never read by a test.

#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace linli::testing {

// The dev records of tests/corpus/<file> ("messages.jsonl", "chains.jsonl"), in file order.
inline std::vector<nlohmann::json> dev_corpus(const std::string& file) {
  std::ifstream in(std::string(LINLI_FIXTURES) + "/../corpus/" + file);
  REQUIRE(in);
  std::vector<nlohmann::json> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    nlohmann::json record = nlohmann::json::parse(line);
    if (record["split"] == "dev") out.push_back(std::move(record));
  }
  return out;
}

// A label's string, or "" where it is null.
inline std::string text_of(const nlohmann::json& v) {
  return v.is_string() ? v.get<std::string>() : std::string();
}

}  // namespace linli::testing
