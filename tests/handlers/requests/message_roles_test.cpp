// Messages that name goods without asking for them: offers in the words givers use, apologies,
// news and general advice. Each form is read by its role (intents.tsv), not listed as a
// sentence; the needs beside them show that a real ask still wins.

#include <catch2/catch.hpp>
#include <cstdint>

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

TEST_CASE("what is left, the dish and a variant that would do are context",
          "[request_parser][roles]") {
  struct form {
    const char* text;
    const char* item;
    std::int64_t quantity;
    const char* unit;
  };
  // tests/corpus/messages.jsonl (dev): m0191, m0193, m0204, m0246, m0077; and new ones.
  for (const form& f : {
           form{"冰箱空了,只剩两个土豆,想团点蔬菜 大概5斤就行", "蔬菜", 5, "斤"},
           form{"谁家有酵母?想蒸馒头", "酵母", 1, ""},
           form{"面条 2斤 挂面就行", "面条", 2, "斤"},
           form{"哪家有富余的鸡蛋可以匀几个?两三个就行", "鸡蛋", 3, "个"},
           form{"哪位家里有抗原,能不能卖我俩?", "抗原", 2, ""},
           form{"还剩三片降压药,需要 氨氯地平 两盒", "氨氯地平", 2, "盒"},
       }) {
    INFO(f.text);
    const auto r = parse_request(f.text);
    REQUIRE(r);
    REQUIRE(r->items.size() == 1);
    CHECK(r->items[0].name == f.item);
    CHECK(r->items[0].quantity == f.quantity);
    CHECK(r->items[0].unit.value_or("") == f.unit);
  }
  // Alone, the same words are the need: 只剩两个土豆 of nothing else is still about 土豆.
  const auto alone = parse_request("需要 馒头 10个");
  REQUIRE(alone);
  CHECK(alone->items.at(0).name == "馒头");
  CHECK(parse_request("我们俩都发烧了 需要 布洛芬")->items.at(0).quantity == 1);
}

TEST_CASE("running low is urgent in the forms residents write", "[request_parser][roles]") {
  for (const char* text : {"降压药还剩两天的量了 需要 氨氯地平", "二甲双胍快吃完 需要一盒",
                           "🆘 需要 布洛芬 3-2-501", "胰岛素药没了 需要 门冬胰岛素"}) {
    INFO(text);
    const auto r = parse_request(text);
    REQUIRE(r);
    CHECK(r->urgent);
  }
  CHECK_FALSE(parse_request("降压药还剩二十天的量 需要 氨氯地平 2盒")->urgent);
}

TEST_CASE("a product then its brand is one item", "[request_parser][roles]") {
  struct form {
    const char* text;
    const char* item;
    std::int64_t quantity;
  };
  // tests/corpus/messages.jsonl (dev): m0206; and new ones in the same style.
  for (const form& f : {
           form{"宝宝奶粉只剩半罐了,是水解蛋白的特殊奶粉 纽康特 一罐都行 求扩散!!", "纽康特奶粉",
                1},
           form{"急需胰岛素笔芯 诺和锐 2支 需冷藏", "诺和锐胰岛素笔芯", 2},
           form{"需要 胰岛素 诺和灵R 3支", "诺和灵R胰岛素", 3},
       }) {
    INFO(f.text);
    const auto r = parse_request(f.text);
    REQUIRE(r);
    REQUIRE(r->items.size() == 1);
    CHECK(r->items[0].name == f.item);
    CHECK(r->items[0].quantity == f.quantity);
  }
  // A class word beside the drug is no product: the drug is the item.
  const auto drug = parse_request("需要 降压药 氨氯地平 2盒");
  REQUIRE(drug);
  REQUIRE(drug->items.size() == 1);
  CHECK(drug->items[0].name == "氨氯地平");
  // Two goods with their own quantities stay two.
  CHECK(parse_request("需要 大米 10斤 鸡蛋 30个")->items.size() == 2);
}

TEST_CASE("questions about use and news-like asides ask for nothing", "[request_parser][roles]") {
  for (const char* text : {"布洛芬和对乙酰氨基酚能一起吃吗", "退烧药吃了多久起效", "连花清瘟有用吗",
                           "布洛芬放门卫了,需要的自己拿"}) {
    INFO(text);
    CHECK_FALSE(parse_request(text));
  }
  CHECK(parse_request("孩子发烧了怎么办,谁家有退烧药?"));
}
