#include "handlers/text/lexicon.hpp"

#include <catch2/catch.hpp>

#include "handlers/text/text.hpp"

using namespace linli;

namespace {
std::string item_name(std::string_view s) {
  const auto found = text::find_items(text::fold(s));
  return found.empty() ? std::string() : found.front().item->name;
}
std::string kinds(const std::vector<text::phrase_match>& found) {
  std::string out;
  for (const auto& m : found) out += (out.empty() ? "" : ",") + std::string(m.kind);
  return out;
}
}  // namespace

TEST_CASE("lexicon: the longest item name or alias wins and gives the canonical name",
          "[lexicon]") {
  CHECK(item_name("布洛芬混悬液一瓶") == "布洛芬混悬液");
  CHECK(item_name("需要布洛芬") == "布洛芬");
  CHECK(item_name("芬必得两盒") == "布洛芬");
  CHECK(item_name("美林") == "布洛芬混悬液");
  CHECK(item_name("胰岛素针头") == "胰岛素针头");
  CHECK(item_name("退熱貼") == "退热贴");  // folded to simplified first
  CHECK(text::lookup_item(text::fold("消炎药"))->name == "抗生素");
  CHECK(text::lookup_item(text::fold("硝苯地平"))->category == "medicine");
  CHECK(text::lookup_item("不是药品") == nullptr);
}

TEST_CASE("lexicon: single-character items count only as a whole token", "[lexicon]") {
  CHECK(item_name("糖尿病") != "糖");
  const std::string s = text::fold("盐");
  REQUIRE(text::item_at(s, 0, s.size()));
  CHECK(text::item_at(s, 0, s.size())->item->name == "盐");
  CHECK_FALSE(text::item_at(s, 0));
}

TEST_CASE("lexicon: the longest unit first", "[lexicon]") {
  CHECK(text::unit_at("公斤大米") == "公斤");
  CHECK(text::unit_at("斤") == "斤");
  CHECK(text::unit_at("人份抗原") == "人份");
  CHECK_FALSE(text::unit_at("布洛芬"));
}

TEST_CASE("lexicon: urgency phrases with numbers and their conditions", "[lexicon]") {
  CHECK(kinds(text::find_urgency(text::fold("孩子烧到39度了"))) == "urgent");
  CHECK(kinds(text::find_urgency(text::fold("烧到39.5度"))) == "urgent");
  CHECK(kinds(text::find_urgency(text::fold("烧到38度"))).empty());
  CHECK(kinds(text::find_urgency(text::fold("烧到三十九度"))) == "urgent");
  CHECK(kinds(text::find_urgency(text::fold("药只剩2天"))) == "urgent");
  CHECK(kinds(text::find_urgency(text::fold("药只剩5天"))).empty());
  CHECK(kinds(text::find_urgency(text::fold("家里有老人"))) == "elderly");
  CHECK(kinds(text::find_urgency(text::fold("急需降压药"))) == "urgent");
  CHECK(kinds(text::find_urgency(text::fold("sos"))) == "urgent");
  // A number with several decimals after a placeholder is read in one step, and ends.
  CHECK(kinds(text::find_urgency(text::fold("烧到39.55度"))) == "urgent");
  CHECK(kinds(text::find_intents(text::fold("3.2.501 益生菌 12.505元"))) == "spending");
}

TEST_CASE("lexicon: intents", "[lexicon]") {
  const auto found = text::find_intents(text::fold("我家有布洛芬，谁需要找我拿"));
  CHECK(text::first_of(found, "offer"));
  CHECK_FALSE(text::first_of(found, "thanks"));
  CHECK(text::first_of(text::find_intents(text::fold("需要两盒")), "need"));
}
