#include "handlers/text/address.hpp"

#include <catch2/catch.hpp>

using namespace linli;
using namespace linli::text;

namespace {

address at(std::string b, std::optional<std::string> u = std::nullopt,
           std::optional<std::string> r = std::nullopt) {
  return {std::move(b), std::move(u), std::move(r)};
}

}  // namespace

TEST_CASE("find_address reads every common form and refuses look-alikes", "[address]") {
  CHECK(find_address("3号楼2单元501")->value == at("3", "2", "501"));
  CHECK(find_address("3栋2单元501室")->value == at("3", "2", "501"));
  CHECK(find_address("住在5幢1202")->value == at("5", {}, "1202"));
  CHECK(find_address("十二栋602")->value == at("12", {}, "602"));
  CHECK(find_address("12-602")->value == at("12", {}, "602"));
  CHECK(find_address("3号楼")->value == at("3"));
  CHECK_FALSE(find_address("11-23 核酸"));  // a date
  CHECK_FALSE(find_address("3号开始"));     // a date
  CHECK_FALSE(find_address("在3楼"));       // a floor
  CHECK_FALSE(find_address("电话 13800138000"));
  CHECK(to_string(at("3", "2", "501")) == "3-2-501");
  CHECK(to_string(at("12", {}, "602")) == "12-602");
}

TEST_CASE("find_address gives the byte range of the address it read", "[address]") {
  const auto a = find_address("住在 3-2-501 的王阿姨");
  REQUIRE(a);
  CHECK(a->value == at("3", "2", "501"));
  CHECK(a->begin == std::string_view("住在 ").size());
  CHECK(a->end == std::string_view("住在 3-2-501").size());
}

TEST_CASE("find_address refuses a building number too long to be one", "[address]") {
  // Hostile input: ten thousand digits are no building, and reading them stays cheap.
  CHECK_FALSE(find_address(std::string(10'000, '3') + "号楼"));
}
