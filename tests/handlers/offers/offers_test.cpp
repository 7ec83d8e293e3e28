#include "handlers/offers/offers.hpp"

#include <catch2/catch.hpp>

using namespace linli;
using namespace linli::handlers;

namespace {

supply_request need(int number, const std::string& who, const std::string& item,
                    request_status status = request_status::open) {
  supply_request r;
  r.number = number;
  r.requester_id = who;
  r.requester_name = who;
  r.items = {{item, 1, "盒", std::nullopt}};
  r.status = status;
  return r;
}

offer gift(int number, const std::string& who, const std::string& name,
           const std::string& canonical) {
  offer o;
  o.id = number;
  o.number = number;
  o.offerer_id = who;
  o.offerer_name = who;
  o.items = {{name, canonical, 2, "盒"}};
  return o;
}

}  // namespace

TEST_CASE("an offer goes to the oldest open need of its item, not the offerer's own", "[offers]") {
  const std::vector<supply_request> needs = {need(1, "u1", "布洛芬", request_status::claimed),
                                             need(2, "u9", "布洛芬"), need(3, "u2", "口罩"),
                                             need(4, "u3", "布洛芬"), need(5, "u4", "布洛芬")};
  const offer o = gift(1, "u9", "布洛芬", "布洛芬");
  const supply_request* got = need_for(o, needs, {});
  REQUIRE(got);
  CHECK(got->number == 4);
  // A need another offer already took is skipped.
  offer other = gift(2, "u7", "布洛芬", "布洛芬");
  other.status = offer_status::matched;
  other.matched_request = 4;
  CHECK(need_for(o, needs, {other})->number == 5);
  CHECK_FALSE(need_for(gift(1, "u9", "大米", "大米"), needs, {}));
}

TEST_CASE("names are compared as the lexicon names them", "[offers]") {
  CHECK(gives_what_is_asked(gift(1, "u1", "卷纸", "卫生纸"), need(1, "u2", "卫生纸")));
  CHECK(gives_what_is_asked(gift(1, "u1", "卫生纸", "卫生纸"), need(1, "u2", "厕纸")));
  CHECK_FALSE(gives_what_is_asked(gift(1, "u1", "口罩", "口罩"), need(1, "u2", "卫生纸")));
}

TEST_CASE("a need goes to the oldest open offer of its items", "[offers]") {
  offer matched = gift(1, "u1", "布洛芬", "布洛芬");
  matched.status = offer_status::matched;
  const std::vector<offer> open = {matched, gift(2, "u2", "布洛芬", "布洛芬"),
                                   gift(3, "u3", "布洛芬", "布洛芬")};
  CHECK(offer_for(need(7, "u5", "布洛芬"), open)->number == 2);
  CHECK(offer_for(need(7, "u2", "布洛芬"), open)->number == 3);  // not one's own
  CHECK_FALSE(offer_for(need(7, "u5", "口罩"), open));
}

TEST_CASE("an offer reads in one line, phones masked", "[offers]") {
  offer o = gift(3, "u1", "蒙脱石散", "蒙脱石散");
  o.offerer_name = "李叔13812345678";
  o.where = address{"3", "2", "501"};
  o.items.push_back({"口罩", "口罩", 1, std::nullopt});
  const std::string line = describe(o, storage::language::zh);
  CHECK_THAT(line, Catch::StartsWith("#3 3-2-501 李叔"));
  CHECK_THAT(line, Catch::EndsWith("｜蒙脱石散 2盒、口罩"));
  CHECK_THAT(line, !Catch::Contains("13812345678"));
}
