// The offer reader over the dev part of the labelled corpus (tests/corpus/messages.jsonl), table
// by table: every labelled offer is read as one, with the items, quantities and units a
// coordinator expects, and no labelled need is read as an offer. The held-out part is never read
// here (bench/understanding scores it). The records still read wrongly are listed by id with why;
// the list must match exactly, so a regression fails and so does a fix that forgets to shorten it.

#include "handlers/offers/offer_reader.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/corpus_records.hpp"

using namespace linli;
using namespace linli::handlers;
using json = nlohmann::json;

namespace {

// What is wrong with the reading of one labelled offer, or empty.
std::string offer_diff(const json& label, const std::optional<parsed_offer>& got) {
  if (!got) return "not read as an offer";
  std::string diff;
  std::vector<std::string> want, have;
  for (const json& i : label["items"]) {
    want.push_back(testing::text_of(i["name"]) + " " + std::to_string(i.value("quantity", 1)) +
                   testing::text_of(i["unit"]));
  }
  for (const offer_item& i : got->items) {
    have.push_back(i.name + " " + std::to_string(i.quantity) + i.unit.value_or(""));
  }
  if (want != have) {
    diff += " items";
    for (const auto& h : have) diff += " [" + h + "]";
  }
  const json& a = label["address"];
  const bool want_address = !a.is_null();
  if (want_address != got->where.has_value()) diff += " address";
  return diff;
}

// Dev records read wrongly today, with why: shorten this list when a reading is fixed.
const std::map<std::string, std::string> known = {
    {"m0061", "一副: the item reader takes no unit 副 after 中药 in 给你一副"},
    {"m0071", "酒精 here is what the things were sprayed with, not what is given"},
    {"m0463", "儿童用泰诺, which a coordinator lists as 儿童泰诺"},
    {"m0483", "油 alone, a single character the lexicon counts only next to a quantity"},
    {"m0495", "新康泰克,1盒10粒: two counts for one item, no sharing-list line"},
    {"m0555", "一袋十斤的大米: the bag is the unit, the weight a detail"},
    {"m0556", "an offer of a service (跑腿), read as its words"},
    // Batch 3.
    {"m0629", "乳鸽, not in the item lexicon"},
    {"m0632", "煲汤的材料 kept as written, where the label lists 煲汤材料"},
    {"m0633", "两块肉或者排骨: 肉 alone, a single character counted only beside a quantity"},
    {"m0634", "速冻的食物: no lexicon item, and 速冻 is cold chain, not a name"},
    {"m0639", "牛轧糖, 雪花酥: home-made sweets the item lexicon does not hold"},
    {"m0656", "笋干梅菜: a dish the item lexicon does not hold"},
    {"m0657", "洗脸巾, not in the item lexicon"},
    {"m0666", "旧的台式电脑, not in the item lexicon"},
    {"m0706", "一排泰诺…剪成单颗…一共十颗: the total after the strip is the count"},
    {"m0719", "我家盐多…囤了六袋: 盐 alone, and six bags it keeps, not gives"},
    {"m0736", "一袋盐: 盐 alone, a single character counted only as a whole token"},
    {"m0745", "雅培1段: the stage read into the name"},
    {"m0764", "Cantonese 兩包米同幾罐午餐肉: 米 alone and 同 as 'and'"},
    {"m0774", "a lift to hospital (捎上), a service"},
    {"m0780", "一家两个: a count per household"},
    // Batch 4, as read on arrival (what the test found, before any reader was changed for it).
    {"m0934", "read with other items: [鸡蛋 1]"},
    {"m1000", "not read as an offer"},
    {"m1004", "read with other items"},
    {"m1010", "read with other items"},
    {"m1011", "read with other items: [矿泉水 6箱]"},
    {"m1015", "read with other items: [罐头 1]"},
    {"m1017", "read with other items: [消毒液 2箱]"},
    {"m1018", "read with other items: [油 1桶]"},
    {"m1020", "read with other items: [退烧贴 1盒]"},
    {"m1025", "read with other items"},
    {"m1028", "read with other items: [口罩 2盒]"},
    {"m1035", "not read as an offer"},
    {"m1036", "read with other items: [面包 1个] address"},
    {"m1037", "not read as an offer"},
};

}  // namespace

TEST_CASE("dev offers are read with their items and no dev need is read as an offer",
          "[offer_reader][corpus]") {
  std::map<std::string, std::string> failures;
  int offers = 0;
  for (const json& record : testing::dev_corpus("messages.jsonl")) {
    const std::string kind = record["label"]["kind"];
    const auto got = parse_offer(record["text"].get<std::string>());
    if (kind == "offer") {
      ++offers;
      // A reply in a thread that names nothing is an offer with no items to match.
      if (record["label"]["items"].empty()) {
        if (!got) failures[record["id"]] = "not read as an offer";
        if (got && !got->items.empty()) failures[record["id"]] = "items from nothing";
        continue;
      }
      if (const auto diff = offer_diff(record["label"], got); !diff.empty()) {
        failures[record["id"]] = diff;
      }
    } else if (kind == "need" && got && !got->items.empty()) {
      failures[record["id"]] = "a need read as an offer";
    }
  }
  CHECK(offers >= 25);
  for (const auto& [id, why] : failures) {
    CAPTURE(id, why);
    CHECK(known.contains(id));
  }
  for (const auto& [id, why] : known) {
    CAPTURE(id, why);
    CHECK(failures.contains(id));
  }
}

TEST_CASE("the forms residents write offers in", "[offer_reader]") {
  struct row {
    const char* text;
    const char* items;  // "name quantity unit; ..."
  };
  const row rows[] = {
      {"我家有布洛芬，谁需要", "布洛芬 1"},
      {"连花清瘟可以分享", "连花清瘟 1"},
      {"大米10斤 找我拿", "大米 10斤"},
      {"我家多了两盒蒙脱石散，谁家需要可以来拿", "蒙脱石散 2盒"},
      {"需要口罩的找我", "口罩 1"},
      {"小区门口放了一箱矿泉水 按需取", "矿泉水 1箱"},
      {"尿不湿两包 免费送", "尿不湿 2包"},
      // A sharing list's line posted alone: counted items and nothing else (m0497, m0713).
      {"布洛芬1粒、温度计1个", "布洛芬 1粒; 体温计 1个"},
      {"抗原5支、口罩一包", "抗原 5支; 口罩 1包"},
      // 我家有 right after a question (m0615).
      {"需要美林吗?我家有,一直冷藏着", "美林 1"},
      // Batch 4 (dev): the sender has it, said first (m0903, m0914); whoever lacks it may come
      // and take it, in the question's clause (m1030); 有需要…喊我 (m0921); 谁要? (m0919).
      {"我有测温枪", "测温枪 1"},
      {"我还有煲汤的材料", "煲汤的材料 1"},
      {"猫粮我家有一大袋，谁家主子断粮了可以来装一点", "猫粮 1"},
      {"有需要连花清瘟的邻居吗,喊我。", "连花清瘟 1"},
      {"家里多抗原试剂盒,谁要?", "抗原试剂盒 1"},
      // Help offered rather than goods, by the coordinator's name for it (m1012, m1034).
      {"我家燃气灶还能用，谁家要烧开水的拎壶过来", "烧开水 1"},
      {"我家这栋还有电，可以帮邻居充手机，拿上来就行", "充电 1"},
      {"谁家要鸡蛋？我多了两板", "鸡蛋 2板"},
      // Written here, not from the corpus: first come first served, 要的扣1.
      {"家里有两袋大米，先到先得", "大米 2袋"},
      {"纸尿裤L码3包，要的扣1", "纸尿裤 3包"},
  };
  // Needs written beside those forms: asked for (送我), bartered, or asked if anyone has it.
  for (const char* need :
       {"谁家有布洛芬可以送我一盒", "我有两盒连花清瘟,想换一瓶儿童美林", "谁要是有布洛芬匀我一盒",
        "谁有布洛芬我来拿一下", "谁家有布洛芬我过来拿", "谁家有布洛芬可以来拿吗"}) {
    CAPTURE(need);
    CHECK_FALSE(parse_offer(need));
  }
  for (const row& r : rows) {
    CAPTURE(r.text);
    const auto got = parse_offer(r.text);
    REQUIRE(got);
    std::string items;
    for (const auto& i : got->items) {
      if (!items.empty()) items += "; ";
      items += i.name + " " + std::to_string(i.quantity) + i.unit.value_or("");
    }
    CHECK(items == r.items);
  }
}

TEST_CASE("needs, questions and chatter are not offers", "[offer_reader]") {
  // A counted list with an address, or with thanks, is a need (m0137, m0108); 有的邻居私我 asks.
  for (const char* text :
       {"3号楼2单元501 需要 硝苯地平 2盒", "有没有邻居家里有儿童退烧栓？", "12#602 二甲双胍 1盒",
        "陈醋半瓶、木糖醇少许,谢谢", "硝苯地平一盒，有的邻居私我 3.2.501", "谢谢大家",
        "核酸几点开始?", "/offers", "#3 已送"}) {
    CAPTURE(text);
    const auto got = parse_offer(text);
    CHECK((!got || got->items.empty()));
  }
  CHECK_FALSE(parse_offer("3号楼2单元501 需要 硝苯地平 2盒"));
}

TEST_CASE("an offer keeps its address and the lexicon's name for matching", "[offer_reader]") {
  const auto got = parse_offer("3-2-1001 有布洛芬可以分享，找我拿");
  REQUIRE(got);
  CHECK(got->where == address{"3", "2", "1001"});
  REQUIRE(got->items.size() == 1);
  CHECK(got->items[0].canonical == canonical_item("布洛芬"));
  CHECK(got->category == "medicine");
  CHECK(canonical_item("卷纸") == canonical_item("卫生纸"));
}

TEST_CASE("a reply in a thread offers without naming the thing", "[offer_reader]") {
  for (const char* text : {"我家有!", "我有,下来拿。", "我就有。不用换,给你拿过去。",
                           "送你,挂你家门口", "几栋?马上送来!"}) {
    CAPTURE(text);
    const auto got = parse_offer(text);
    REQUIRE(got);
    CHECK(got->items.empty());
  }
  for (const char* text : {"我有点发烧", "我有个问题想问", "快递放门口了吗"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_offer(text));
  }
}
