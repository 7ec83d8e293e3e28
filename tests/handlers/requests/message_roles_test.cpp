// Messages that name goods without asking for them: offers in the words givers use, apologies,
// news and general advice. Each form is read by its role (intents.tsv), not listed as a
// sentence; the needs beside them show that a real ask still wins.

#include <catch2/catch.hpp>

#include "handlers/requests/request_parser.hpp"

using namespace linli::handlers;

TEST_CASE("offers in the words givers use are no needs", "[request_parser][roles]") {
  for (const char* text : {
           "布洛芬我这有两盒,有需要的找我",
           "家里多了些口罩,按需取,放在一楼大厅",
           "我给你拿两包尿不湿过去",
           "鸡蛋买多了吃不完,需要的邻居说一声",
           "我这边有3盒连花清瘟,用不上了",
           "抗原免费领,放在物业",
           "需要的话我送你一盒退烧药",
       }) {
    INFO(text);
    CHECK_FALSE(parse_request(text));
  }
}

TEST_CASE("apologies, news and advice that name goods are no needs", "[request_parser][roles]") {
  for (const char* text : {
           "不好意思,布洛芬已经送完了",
           "听说明天每户发2斤猪肉",
           "通知:3号楼今天发放蔬菜包 1份",
           "记得多喝水,退烧药不要空腹吃",
           "抱歉来晚了,大米送完了",
       }) {
    INFO(text);
    CHECK_FALSE(parse_request(text));
  }
}

TEST_CASE("a need that apologises or cites news is still a need", "[request_parser][roles]") {
  for (const char* text : {
           "不好意思打扰大家,谁家有多的布洛芬?",
           "听说药店没货了,需要 布洛芬 1盒 3-2-501",
           "抱歉,还是缺 大米 10斤 5栋602",
       }) {
    INFO(text);
    const auto r = parse_request(text);
    REQUIRE(r);
    CHECK_FALSE(r->items.empty());
  }
}
