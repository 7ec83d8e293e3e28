// WeCom's WXBizMsgCrypt against Tencent's official sample vectors
// (tests/fixtures/platforms/wecom/wxbizmsgcrypt_vectors.json: the Python, Go and C++ samples).

#include "bot/platforms/wecom/wecom_crypto.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "bot/platforms/signature.hpp"
#include "tests/bot/platforms/platform_test_support.hpp"

using namespace linli;
using namespace linli::bot;
using namespace linli::testing;
using json = nlohmann::json;

namespace {

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// `encrypted` with one ciphertext byte changed at `at` (from the end when negative), re-encoded.
std::string flip_cipher_byte(const std::string& encrypted, long at) {
  std::string raw = *base64_decode(encrypted);
  const std::size_t i =
      at < 0 ? raw.size() - static_cast<std::size_t>(-at) : static_cast<std::size_t>(at);
  return base64_encode(flip_one_byte(raw, i));
}

}  // namespace

TEST_CASE("wecom: the EncodingAESKey is 43 characters of base64", "[platforms][wecom][crypto]") {
  const json f = json::parse(fixture("wecom/wxbizmsgcrypt_vectors.json"));
  for (const char* set : {"A_python", "B_classic"}) {
    const auto key = wecom::aes_key(f["key_sets"][set]["encoding_aes_key"].get<std::string>());
    REQUIRE(key);
    CHECK(key->size() == 32);
    CHECK(to_hex(*key) == f["key_sets"]["aes_key_hex"][set].get<std::string>());
  }
  CHECK_FALSE(wecom::aes_key("6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhU"));    // 42
  CHECK_FALSE(wecom::aes_key("6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUtt"));  // 44
  CHECK_FALSE(wecom::aes_key("6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqh t"));   // a space
  CHECK_FALSE(wecom::aes_key(""));
}

TEST_CASE("wecom: signature, decryption and encryption reproduce every official vector",
          "[platforms][wecom][crypto]") {
  const json f = json::parse(fixture("wecom/wxbizmsgcrypt_vectors.json"));
  REQUIRE(f["vectors"].size() == 6);
  for (const json& v : f["vectors"]) {
    INFO(v["id"].get<std::string>());
    const json& keys = f["key_sets"][v["key_set"].get<std::string>()];
    const std::string token = keys["token"];
    const auto key = wecom::aes_key(keys["encoding_aes_key"].get<std::string>());
    REQUIRE(key);
    const json& published = v["published"];
    const std::string signature = published["msg_signature"];
    const std::string timestamp = published["timestamp"];
    const std::string nonce = published["nonce"];
    const std::string encrypted = published["encrypt"];
    const json& derived = v["derived_locally"];

    CHECK(wecom::signature(token, timestamp, nonce, encrypted) == signature);
    CHECK(wecom::signature_matches(signature, token, timestamp, nonce, encrypted));
    CHECK(wecom::signature_matches(upper(signature), token, timestamp, nonce, encrypted));

    const auto plain = wecom::decrypt(*key, encrypted);
    REQUIRE(plain);
    CHECK(plain->message == derived["plaintext_msg"].get<std::string>());
    CHECK(plain->receive_id == keys["receiveid"].get<std::string>());
    // Encrypting again with the sample's 16 random bytes gives the published text back.
    CHECK(wecom::encrypt(*key, plain->message, plain->receive_id,
                         derived["random16_ascii"].get<std::string>()) == encrypted);

    // One byte changed anywhere: the signature no longer matches.
    CHECK_FALSE(
        wecom::signature_matches(signature, token, timestamp, nonce, flip_one_byte(encrypted, 10)));
    CHECK_FALSE(
        wecom::signature_matches(flip_one_byte(signature, 3), token, timestamp, nonce, encrypted));
    CHECK_FALSE(
        wecom::signature_matches(signature, token, flip_one_byte(timestamp, 0), nonce, encrypted));
    CHECK_FALSE(wecom::signature_matches(signature.substr(1), token, timestamp, nonce, encrypted));
    // One ciphertext byte changed: the last block's padding breaks; earlier, the text changes.
    CHECK_FALSE(wecom::decrypt(*key, flip_cipher_byte(encrypted, -1)));
    const auto garbled = wecom::decrypt(*key, flip_cipher_byte(encrypted, 20));
    CHECK((!garbled || garbled->message != plain->message));
    // The other key set's key does not open it.
    const std::string other = v["key_set"] == "A_python" ? "B_classic" : "A_python";
    const auto wrong = wecom::decrypt(
        *wecom::aes_key(f["key_sets"][other]["encoding_aes_key"].get<std::string>()), encrypted);
    CHECK((!wrong || wrong->receive_id != plain->receive_id));
  }
}

TEST_CASE("wecom: a 智能机器人's empty receive id round-trips; malformed input is refused",
          "[platforms][wecom][crypto]") {
  const auto key = wecom::aes_key("6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt");
  REQUIRE(key);
  for (const std::string& message :
       {std::string(), std::string("x"), std::string(12, 'a'),
        std::string(R"({"msgtype":"text","text":{"content":"3号楼"}})")}) {
    const std::string sealed = wecom::encrypt(*key, message, "", wecom::random_prefix());
    CHECK(base64_decode(sealed)->size() % 32 == 0);  // padded to 32 bytes, not 16
    const auto back = wecom::decrypt(*key, sealed);
    REQUIRE(back);
    CHECK(back->message == message);
    CHECK(back->receive_id.empty());
  }
  CHECK(wecom::random_prefix() != wecom::random_prefix());
  CHECK_FALSE(wecom::decrypt(*key, "not base64!"));
  CHECK_FALSE(wecom::decrypt(*key, ""));
  CHECK_FALSE(wecom::decrypt(*key, base64_encode(std::string(15, 'x'))));  // not whole blocks
  CHECK_FALSE(wecom::decrypt(std::string(16, 'k'), base64_encode(std::string(32, 'x'))));
  CHECK_THROWS(wecom::encrypt(*key, "x", "", "short"));
}
