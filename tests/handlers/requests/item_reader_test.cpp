// The items of a need (handlers/requests/item_reader.cpp, item_names.cpp), read through
// parse_request: names where they stand, their quantities before or after them, and the story's
// other goods left as context.

#include <catch2/catch.hpp>

#include "handlers/requests/request_parser.hpp"

using namespace linli;
using namespace linli::handlers;

namespace {

using items = std::vector<parsed_item>;

parsed_item item(std::string name, std::int64_t quantity = 1,
                 std::optional<std::string> unit = std::nullopt) {
  return {std::move(name), quantity, std::move(unit), std::nullopt};
}

}  // namespace

TEST_CASE("parse_request reads the forms residents write", "[request_parser]") {
  struct form {
    const char* text;
    items expected;
  };
  // Written from the dev part of tests/corpus/messages.jsonl and new cases.
  const std::vector<form> forms = {
      {"14栋1203 两盒布洛芬 一盒退烧贴", {item("布洛芬", 2, "盒"), item("退烧贴", 1, "盒")}},
      {"5-2-1701 300粒维C 一瓶", {item("维C", 1, "瓶")}},
      {"需要 前列地尔 和 甲钴胺 各两盒 3号楼",
       {item("前列地尔", 2, "盒"), item("甲钴胺", 2, "盒")}},
      {"哪家有富余的鸡蛋?两三个就行", {item("鸡蛋", 3, "个")}},
      // About ten, about twenty: the round figure (batch 4 dev m0982).
      {"3.2.501 需要口罩 十来个就行", {item("口罩", 10, "个")}},
      {"需要 鸡蛋 二十多个 3号楼", {item("鸡蛋", 20, "个")}},
      {"需要 口罩 十几个 3号楼", {item("口罩", 10, "个")}},
      // A size between the count and the item is the item's detail (batch 4 dev m0984).
      {"想团两包XL码纸尿裤，11栋1203", {item("纸尿裤", 2, "包")}},
      {"3-2-501 需要 一包L码尿不湿", {item("尿不湿", 1, "包")}},
      // 半斤 is a precise half: a count after it is the order's, not the item's (dev m0988).
      {"想团：面粉10斤、红枣半斤，有团长开团的话带我一份 2-1-301",
       {item("面粉", 10, "斤"), item("红枣", 1, "斤")}},
      {"陈醋半瓶、木糖醇少许,谢谢", {item("陈醋", 1, "瓶"), item("木糖醇")}},
      // A typo or a looser word is listed by the name (items.tsv =aliases); a brand as written.
      {"3-2-501 需要 布络芬 2盒 温度计一个", {item("布洛芬", 2, "盒"), item("体温计", 1, "个")}},
      {"3-2-501 需要 芬必得 1盒", {item("芬必得", 1, "盒")}},
      // A generic class asked for a child, by the lexicon's child form; a brand as written.
      {"谁有儿童的退烧药? 3号楼", {item("儿童退烧药")}},
      {"谁有小孩用的美林? 3号楼", {item("美林")}},
      // The count of the one item asked for, in a later clause (m0740).
      {"有没有邻居有感冒药？鼻塞两天了，能不能先匀我一板", {item("感冒药", 1, "板")}},
      // A quantity after alternatives counts for each (m0753).
      {"硝苯地平或者氨氯地平都行，一盒就够 3号楼",
       {item("硝苯地平", 1, "盒"), item("氨氯地平", 1, "盒")}},
      {"11号楼 703 婴儿尿不湿 L码 2包", {item("尿不湿", 2, "包")}},
      {"6-1-302 需要 左甲状腺素钠片(优甲乐)1瓶", {item("左甲状腺素钠片", 1, "瓶")}},
      {"1单元502 卫生纸快用完了 需要卷纸一提", {item("卷纸", 1, "提")}},
      {"求购:生抽 1瓶 老抽 1瓶", {item("生抽", 1, "瓶"), item("老抽", 1, "瓶")}},
      {"9栋1单元 701 需要 抗过敏药 氯雷他定 1盒", {item("氯雷他定", 1, "盒")}},
      {"我有发烧症状了,谁有多余的布洛芬,想买一盒,谢谢。", {item("布洛芬", 1, "盒")}},
      {"用一条鲈鱼换两盒纸巾,3号楼的", {item("纸巾", 2, "盒")}},
      {"我现在有连花清瘟和布洛芬,急求儿童止咳糖浆", {item("儿童止咳糖浆")}},
      {"需要 尿片 M码 两包 + 湿纸巾 一包 5幢602", {item("尿片", 2, "包"), item("湿纸巾", 1, "包")}},
      {"谁家有多的口罩?N95的", {item("口罩")}},
      {"3-2-501 需要 N95口罩 2个", {item("N95口罩", 2, "个")}},
      // One-character names run together are a list (dev m0994).
      {"谁家有多的葱姜蒜，各要一点点", {item("葱"), item("姜"), item("蒜")}},
      {"需要 油盐 3号楼", {item("油"), item("盐")}},
      {"需要 鸡蛋 3号楼", {item("鸡蛋")}},
      // What the goods are for is context: the dish (腌萝卜), what a borrowed thing is cleaned
      // with (用完酒精擦干净), a variant that would do (挂面都行) (dev m0654, m0714).
      {"谁家有小米椒,我想腌萝卜。", {item("小米椒")}},
      {"哪位邻居家有多的体温计？借用一下，用完酒精擦干净就还", {item("体温计")}},
      {"需要 面条 2斤，挂面都行", {item("面条", 2, "斤")}},
      // What was tried and did not help is context; what someone else has left is asked for
      // (dev m0477); what is left at home is still context.
      {"谁家有剩下的泰诺林,我家小孩高烧吃美林不好使。", {item("泰诺林")}},
      {"家里只剩两个土豆了，需要大米5斤", {item("大米", 5, "斤")}},
      {"面条 2斤 挂面都可以 3号楼", {item("面条", 2, "斤")}},
      // Help asked for, by the coordinator's name for it; a device by its own.
      {"停电了，需要充电 3号楼", {item("充电")}},
      {"3号楼 需要 充电宝 1个", {item("充电宝", 1, "个")}},
      {"3-2-501 需要 酒精 1瓶", {item("酒精", 1, "瓶")}},
  };
  for (const auto& f : forms) {
    INFO(f.text);
    const auto r = parse_request(f.text);
    REQUIRE(r);
    CHECK(r->items == f.expected);
  }
}
