#include "bot/platforms/generic/generic_adapter.hpp"

#include <catch2/catch.hpp>

#include "bot/net/http_types.hpp"

using namespace linli;
using namespace linli::bot;

namespace {

// The http_error message for a body, or "" if it parsed.
std::string error_for(const std::string& body) {
  try {
    parse_generic(body, 0);
    return "";
  } catch (const http_error& e) {
    CHECK(e.status == 400);
    return e.what();
  }
}

}  // namespace

TEST_CASE("generic adapter parses the contract's message shape", "[generic]") {
  const auto e = parse_generic(
      R"({"chat_id": "g1", "message_id": "m1",
          "sender": {"id": "u1", "name": "张阿姨", "role": "admin"},
          "text": "３号楼 需要 硝苯地平 2盒", "timestamp": 1669000000})",
      1669000000456);
  CHECK(e.chat.platform == "generic");
  CHECK(e.chat.chat_id == "g1");
  CHECK(e.delivery_id == "m1");
  CHECK(e.from.id == "u1");
  CHECK(e.from.name == "张阿姨");
  CHECK(e.from.role == platform_role::admin);
  CHECK(e.text == "３号楼 需要 硝苯地平 2盒");
  CHECK(e.sent_at == 1669000000);
  CHECK(e.received_at_ms == 1669000000456);
}

TEST_CASE("generic adapter accepts integer ids and optional fields", "[generic]") {
  const auto e = parse_generic(
      R"({"chat_id": -100123, "message_id": 42, "sender": {"id": 7}, "text": "", "extra": 1})", 0);
  CHECK(e.chat.chat_id == "-100123");
  CHECK(e.delivery_id == "42");
  CHECK(e.from.id == "7");
  CHECK(e.from.name == "7");  // no name: the id stands in
  CHECK(e.from.role == platform_role::member);
  CHECK(e.text.empty());
  CHECK(e.sent_at == 0);
}

TEST_CASE("generic adapter names what is wrong", "[generic]") {
  const std::string sender = R"("sender": {"id": "u1"})";
  CHECK_THAT(error_for("{"), Catch::Contains("not valid JSON"));
  CHECK_THAT(error_for("[1,2]"), Catch::Contains("must be a JSON object"));
  CHECK_THAT(error_for(R"({"message_id": "m", )" + sender + R"(, "text": "x"})"),
             Catch::Contains("missing 'chat_id'"));
  CHECK_THAT(error_for(R"({"chat_id": "g", )" + sender + R"(, "text": "x"})"),
             Catch::Contains("missing 'message_id'"));
  CHECK_THAT(error_for(R"({"chat_id": "g", "message_id": "m", "text": "x"})"),
             Catch::Contains("missing 'sender'"));
  CHECK_THAT(error_for(R"({"chat_id": "g", "message_id": "m", )" + sender + "}"),
             Catch::Contains("missing 'text'"));
  CHECK_THAT(error_for(R"({"chat_id": "", "message_id": "m", )" + sender + R"(, "text": "x"})"),
             Catch::Contains("'chat_id' must not be empty"));
  CHECK_THAT(error_for(R"({"chat_id": 1.5, "message_id": "m", )" + sender + R"(, "text": "x"})"),
             Catch::Contains("'chat_id' must be a string or an integer"));
  CHECK_THAT(error_for(R"({"chat_id": "g", "message_id": "m", "sender": {"id": "u", "role": "boss"},
                          "text": "x"})"),
             Catch::Contains("'sender.role'"));
  CHECK_THAT(error_for(R"({"chat_id": "g", "message_id": "m", )" + sender +
                       R"(, "text": "x", "timestamp": -1})"),
             Catch::Contains("'timestamp'"));
  CHECK_THAT(error_for(R"({"chat_id": ")" + std::string(300, 'x') + R"(", "message_id": "m", )" +
                       sender + R"(, "text": "x"})"),
             Catch::Contains("longer than 256 bytes"));
}

TEST_CASE("generic adapter refuses text that is not UTF-8", "[generic]") {
  CHECK_THAT(error_for("{\"chat_id\": \"g\", \"message_id\": \"m\", \"sender\": {\"id\": \"u\"}, "
                       "\"text\": \"\xff\xfe\"}"),
             Catch::Contains("not valid JSON"));
}

TEST_CASE("generic adapter reads the message a reply answers", "[generic]") {
  const auto e = parse_generic(
      R"({"chat_id": "g1", "message_id": "m2", "sender": {"id": "u1"}, "text": "+1",
          "reply_to": "m1"})",
      0);
  CHECK(e.reply_to == "m1");
  CHECK(parse_generic(R"({"chat_id": "g1", "message_id": "m2", "sender": {"id": "u1"},
                          "text": "+1", "reply_to": null})",
                      0)
            .reply_to.empty());
  CHECK_THAT(error_for(R"({"chat_id": "g1", "message_id": "m2", "sender": {"id": "u1"},
                           "text": "+1", "reply_to": []})"),
             Catch::Contains("reply_to"));
}
