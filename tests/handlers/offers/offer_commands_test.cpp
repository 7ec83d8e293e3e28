#include "handlers/offers/offer_commands.hpp"

#include <catch2/catch.hpp>

#include "handlers/core/dispatcher.hpp"
#include "tests/support.hpp"

using namespace linli;
using namespace linli::handlers;

namespace {

using group = testing::chat_fixture;

offer offer_no(group& g, int number) {
  return *g.store->find_offer(g.chat, number);
}

supply_request request_no(group& g, int number) {
  return *g.store->find_request(g.chat, number);
}

}  // namespace

TEST_CASE("an offer is logged, and matched to the oldest open need of its item",
          "[offer_commands]") {
  group g;
  g.say("王阿姨", "5-1-1202 需要 蒙脱石散 1盒");
  g.say("赵", "7-2-301 需要 蒙脱石散 2盒");
  const auto o = g.say("李叔", "3-2-501 我家多了两盒蒙脱石散，谁家需要可以来拿");
  CHECK(o.kind == "offer");
  REQUIRE(o.answers.size() == 1);
  const std::string& text = o.answers[0].text;
  CHECK_THAT(text, Catch::StartsWith("🤲 已登记互助 #1 3-2-501 李叔｜蒙脱石散 2盒"));
  CHECK_THAT(text, Catch::Contains("🤝 配对：互助 #1 3-2-501 李叔 → 需求 #1 5-1-1202 "
                                   "王阿姨（蒙脱石散 2盒）"));
  const offer got = offer_no(g, 1);
  CHECK(got.status == offer_status::matched);
  CHECK(got.matched_request == 1);
  CHECK(got.offerer_id == "李叔");
  CHECK(got.where == address{"3", "2", "501"});
  // The need stays open until it is handed over.
  CHECK(request_no(g, 1).status == request_status::open);
  CHECK(request_no(g, 2).status == request_status::open);
}

TEST_CASE("a new need is matched to an open offer, naming both households", "[offer_commands]") {
  group g;
  const auto first = g.say("李叔", "我家有布洛芬，谁需要 13812345678");
  REQUIRE(first.answers.size() == 1);
  CHECK_THAT(first.answers[0].text, !Catch::Contains("配对"));
  CHECK(offer_no(g, 1).status == offer_status::open);
  const auto need = g.say("王阿姨", "5-1-1202 需要 布洛芬 1盒");
  CHECK(need.kind == "request");
  REQUIRE(need.answers.size() == 1);
  CHECK_THAT(need.answers[0].text,
             Catch::Contains("🤝 配对：互助 #1 李叔 → 需求 #1 5-1-1202 王阿姨"));
  CHECK(offer_no(g, 1).matched_request == 1);
  // A second need of the same item finds no open offer left.
  CHECK_THAT(g.replies_to("赵", "7-2-301 需要 布洛芬 1盒"), !Catch::Contains("配对"));
}

TEST_CASE("已给 closes a matched offer given and the need delivered", "[offer_commands]") {
  group g;
  g.say("王阿姨", "5-1-1202 需要 蒙脱石散 1盒");
  g.say("李叔", "我家多了两盒蒙脱石散，谁家需要可以来拿");
  CHECK(g.reply("赵", "已给 #1") == "互助 #1 是 李叔 提供的，只有提供者或协调员可以这样做。");
  CHECK(g.reply("李叔", "已给 #9") == "没有互助 #9。");
  const auto given = g.say("李叔", "已给 #1");
  CHECK(given.kind == "offer_given");
  REQUIRE(given.answers.size() == 1);
  CHECK(given.answers[0].text == "✅ 互助 #1 已送出，需求 #1 已送达，谢谢邻里！");
  CHECK(offer_no(g, 1).status == offer_status::given);
  const auto r = request_no(g, 1);
  CHECK(r.status == request_status::delivered);
  CHECK(r.claimed_by == "李叔");
  CHECK(g.reply("李叔", "给了 #1") == "互助 #1（已送出）已结束，不能再改。");
}

TEST_CASE("给了 an unmatched offer closes it given", "[offer_commands]") {
  group g;
  g.say("李叔", "大米10斤 找我拿");
  CHECK(g.reply("李叔", "给了 #1") == "✅ 互助 #1 已送出，谢谢邻里！");
  CHECK(g.reply("李叔", "已给") == "请写明互助编号，例如「已给 #3」。");
}

TEST_CASE(
    "撤回 withdraws the sender's own offer and a request of the same number stays the "
    "requester's",
    "[offer_commands]") {
  group g;
  g.say("王阿姨", "5-1-1202 需要 大米 10斤");  // request #1
  g.say("李叔", "口罩可以分享");               // offer #1, no match
  const auto out = g.say("李叔", "撤回 #1");
  CHECK(out.kind == "offer_withdraw");
  REQUIRE(out.answers.size() == 1);
  CHECK(out.answers[0].text == "↩️ 互助 #1 已撤回。");
  CHECK(offer_no(g, 1).status == offer_status::withdrawn);
  CHECK(request_no(g, 1).status == request_status::open);
  // The requester's 撤回 #1 is their request's.
  const auto cancel = g.say("王阿姨", "撤回 #1");
  CHECK(cancel.kind == "request_cancel");
  CHECK(request_no(g, 1).status == request_status::cancelled);
  // 撤回互助 names the offer whoever asks, and says why it cannot.
  CHECK(g.reply("王阿姨", "撤回互助 #1") ==
        "互助 #1 是 李叔 提供的，只有提供者或协调员可以这样做。");
  CHECK(g.reply("李叔", "撤回互助 #1") == "互助 #1（已撤回）已结束，不能再改。");
}

TEST_CASE("不需要了: the offerer withdraws and the matched household frees the offer",
          "[offer_commands]") {
  group g;
  g.say("王阿姨", "5-1-1202 需要 蒙脱石散 1盒");            // request #1
  g.say("赵", "7-2-301 需要 蒙脱石散 1盒");                 // request #2
  g.say("李叔", "我家多了两盒蒙脱石散，谁家需要可以来拿");  // offer #1 -> request #1
  const auto freed = g.say("王阿姨", "不需要了");
  REQUIRE(freed.answers.size() == 1);
  CHECK_THAT(freed.answers[0].text,
             Catch::StartsWith("👌 需求 #1 不再需要，已取消；互助 #1 重新开放。"));
  CHECK_THAT(freed.answers[0].text, Catch::Contains("→ 需求 #2 7-2-301 赵"));
  CHECK(request_no(g, 1).status == request_status::cancelled);
  CHECK(offer_no(g, 1).matched_request == 2);
  const auto withdrawn = g.say("李叔", "不需要了");
  REQUIRE(withdrawn.answers.size() == 1);
  CHECK(withdrawn.answers[0].text == "↩️ 互助 #1 已撤回，需求 #2 仍待处理。");
  CHECK(offer_no(g, 1).status == offer_status::withdrawn);
  CHECK(request_no(g, 2).status == request_status::open);
  CHECK(g.say("路人", "不需要了").kind == "chatter");
}

TEST_CASE("/offers and 互助 list the open offers", "[offer_commands]") {
  group g;
  CHECK(g.reply("王阿姨", "/offers") == "目前没有可领取的互助。");
  g.say("李叔", "3-2-501 我家有布洛芬，谁需要");
  g.say("赵", "尿不湿两包 免费送");
  g.say("赵", "撤回 #2");
  const std::string list = g.reply("王阿姨", "互助");
  CHECK(list == "🤲 可领取的邻里互助：\n#1 3-2-501 李叔｜布洛芬");
  CHECK(g.reply("王阿姨", "/互助") == list);
}

TEST_CASE("a reply that offers without naming anything is understood and logs nothing",
          "[offer_commands]") {
  group g;
  const auto o = g.say("李叔", "需要的话,我放在家门口,可以来取。");
  CHECK(o.kind == "offer");
  CHECK(o.answers.empty());
  CHECK(g.store->list_offers(g.chat).empty());
}

TEST_CASE("an offer in an English chat", "[offer_commands]") {
  group g;
  g.say("boss", "/lang en", true);
  const std::string text = g.reply("李叔", "我家有布洛芬，谁需要");
  CHECK_THAT(text, Catch::StartsWith("🤲 Offer logged #1 李叔｜布洛芬"));
  CHECK(g.reply("李叔", "given #1") == "✅ Offer #1 handed over, thank you!");
}

TEST_CASE("an offer whose need was cancelled or delivered another way is open again",
          "[offer_commands]") {
  group g;
  g.say("王阿姨", "5-1-1202 需要 布洛芬 1盒");  // request #1
  g.say("李叔", "我家有布洛芬，谁需要");        // offer #1 -> request #1
  CHECK(offer_no(g, 1).status == offer_status::matched);
  g.say("王阿姨", "取消 #1");
  CHECK_THAT(g.reply("赵", "互助"), Catch::Contains("#1 李叔｜布洛芬"));
  CHECK(offer_no(g, 1).status == offer_status::open);
  CHECK_FALSE(offer_no(g, 1).matched_request);
  // The next need of the item takes it.
  CHECK_THAT(g.replies_to("赵", "7-2-301 需要 布洛芬 1盒"),
             Catch::Contains("→ 需求 #2 7-2-301 赵"));
  // A need in a volunteer's hands keeps its offer.
  g.say("小张", "认领 #2");
  g.say("孙", "需要 布洛芬 1盒");
  CHECK(offer_no(g, 1).matched_request == 2);
}
