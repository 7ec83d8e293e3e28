// The dev part of the labelled corpus (tests/corpus/messages.jsonl) through parse_request, table
// by table: every need read with the address, items, quantities, units, category and urgency a
// coordinator expects, and no offer or chatter read as a need. The held-out part is never read
// here (bench/understanding scores it). The records still read wrongly are listed by id with
// why; the list must match exactly, so a regression fails and so does a fix that forgets to
// shorten it.

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "handlers/requests/request_parser.hpp"

#include "tests/corpus_records.hpp"

using namespace linli;
using namespace linli::handlers;
using json = nlohmann::json;

namespace {

// What is wrong with the reading of one labelled need, or empty.
std::string need_diff(const json& label, const std::optional<parsed_request>& got) {
  if (!got) return "not read as a need";
  std::string diff;
  const json& a = label["address"];
  const std::string want_address = a.is_null() ? ""
                                               : testing::text_of(a["building"]) + "-" +
                                                     testing::text_of(a["unit"]) + "-" +
                                                     testing::text_of(a["room"]);
  const std::string got_address = !got->where
                                      ? ""
                                      : got->where->building + "-" + got->where->unit.value_or("") +
                                            "-" + got->where->room.value_or("");
  if (want_address != got_address) diff += " address " + got_address;
  std::vector<parsed_item> want;
  for (const json& i : label["items"]) {
    want.push_back({testing::text_of(i["name"]), i.value("quantity", 1),
                    i["unit"].is_null() ? std::nullopt : std::optional(testing::text_of(i["unit"])),
                    std::nullopt});
  }
  std::vector<parsed_item> items = got->items;
  for (auto& i : items) i.amount_cents.reset();
  if (items != want) {
    diff += " items";
    for (const auto& i : items) diff += " " + i.name + "×" + std::to_string(i.quantity);
  }
  if (testing::text_of(label["category"]) != category_name(got->kind)) diff += " category";
  if (label.value("urgent", false) != got->urgent) diff += " urgent";
  if (label.value("question", false) != got->question) diff += " question";
  const std::string group = testing::text_of(label["priority_group"]);
  if (group != got->priority_group.value_or("")) diff += " priority_group";
  return diff;
}

}  // namespace

TEST_CASE("corpus (dev): needs are read the way a coordinator reads them", "[corpus]") {
  // Still wrong, with the reason: needs without an item ("你们有啥我都要");
  // names a coordinator normalises; stories
  // naming other goods; m0139 is labelled no question although 谁能帮忙 is one in m0148 and m0200.
  // Batch 2: replies that name no item (m0467, m0482); 订到一份肉 (m0491); barter 用X换Y with
  // alternatives (m0502); a car to hospital (m0512); the item a story mentions read beside the
  // one asked for (m0504, m0516, m0519); descriptors a coordinator drops or keeps
  // (N95/医用外科 口罩) (m0531); 两三片 after a
  // size (m0514); an address 延武大楼1020号1608室 (m0517); 能不能请…带 as a question (m0520);
  // 退烧药同快测 joined by 同 (m0526).
  // Batch 3: 20斤那袋 as a size, 借几斤 vague (m0725); 日用夜用各一包 as two items (m0729);
  // 能不能有人帮忙带 / 哪位团长还有货 / 有的邻居私我 labelled questions (m0707, m0730, m0739,
  // m0743, m0753); an errand to fetch a parcel (m0748); kinds of 猫砂 merged under
  // the last one's name (m0766); 小米吃完了 urgent here but not in m0293 (m0773).
  const std::set<std::string> known = {
      "m0085", "m0139", "m0148", "m0197", "m0207", "m0208", "m0211", "m0215", "m0227", "m0235",
      "m0467", "m0482", "m0491", "m0502", "m0504", "m0512", "m0514", "m0516", "m0517", "m0519",
      "m0520", "m0526", "m0531", "m0707", "m0725", "m0729", "m0730", "m0739", "m0743", "m0748",
      "m0753", "m0766", "m0773",
      // Batch 4, as read on arrival (before any reader was changed for it).
      "m0900", "m0928", "m0930", "m0951", "m0956", "m0960", "m0967", "m0969", "m0971", "m0974",
      "m0992", "m0995", "m0996"};
  std::set<std::string> wrong;
  int needs = 0;
  for (const json& record : testing::dev_corpus("messages.jsonl")) {
    if (record["label"]["kind"] != "need") continue;
    ++needs;
    const std::string id = record["id"];
    const std::string diff =
        need_diff(record["label"], parse_request(testing::text_of(record["text"])));
    if (!diff.empty()) {
      wrong.insert(id);
      if (!known.contains(id))
        FAIL_CHECK(id << ":" << diff << " — " << testing::text_of(record["text"]));
    }
  }
  CHECK(needs >= 150);
  for (const std::string& id : known) {
    INFO(id << " is read right now: take it off the list");
    CHECK(wrong.contains(id));
  }
}

TEST_CASE("corpus (dev): offers, orders and chatter are not read as needs", "[corpus]") {
  // Still read as needs here, with the reason: lines of a sharing list posted alone, which the
  // offer reader (first in the dispatcher) takes as offers (m0495–m0498, m0713, m0726, m0741);
  // advice naming foods (m0572); orders that need the open group buy to be told from needs
  // (m0582, m0584, m0798, m0799: the dispatcher reads m0582 and m0798 as orders when a buy is
  // open).
  const std::set<std::string> known = {
      "m0495", "m0496", "m0497", "m0498", "m0572", "m0582", "m0584", "m0713", "m0726", "m0741",
      "m0798", "m0799",
      // Batch 4, as read on arrival (before any reader was changed for it).
      "m0931", "m1000", "m1030", "m1037", "m1040", "m1045", "m1071", "m1074"};
  std::set<std::string> wrong;
  int others = 0;
  for (const json& record : testing::dev_corpus("messages.jsonl")) {
    const std::string kind = record["label"]["kind"];
    if (kind != "offer" && kind != "chatter" && kind != "order") continue;
    ++others;
    const std::string id = record["id"];
    const std::string text = testing::text_of(record["text"]);
    if (!parse_request(text)) continue;
    wrong.insert(id);
    if (!known.contains(id)) FAIL_CHECK(id << " (" << kind << ") read as a need: " << text);
  }
  CHECK(others >= 100);
  for (const std::string& id : known) {
    INFO(id << " is read right now: take it off the list");
    CHECK(wrong.contains(id));
  }
}
