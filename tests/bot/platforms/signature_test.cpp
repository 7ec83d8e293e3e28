#include "bot/platforms/signature.hpp"

#include <catch2/catch.hpp>

using namespace linli::bot;

TEST_CASE("hmac_sha256_hex matches RFC 4231 test case 2", "[signature]") {
  CHECK(hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("generic signatures verify the exact body and nothing else", "[signature]") {
  const std::string body = R"({"chat_id":"g1","text":"3号楼"})";
  const std::string header = "sha256=" + hmac_sha256_hex("secret", body);
  CHECK(verify_generic_signature("secret", body, header));

  std::string upper = header;
  for (std::size_t i = 7; i < upper.size(); ++i)
    upper[i] = static_cast<char>(std::toupper(upper[i]));
  CHECK(verify_generic_signature("secret", body, upper));

  std::string tampered = body;
  tampered[5] ^= 1;
  CHECK_FALSE(verify_generic_signature("secret", tampered, header));
  CHECK_FALSE(verify_generic_signature("other", body, header));
  CHECK_FALSE(verify_generic_signature("secret", body, header.substr(7)));  // no "sha256="
  CHECK_FALSE(verify_generic_signature("secret", body, header.substr(0, header.size() - 1)));
  CHECK_FALSE(verify_generic_signature("secret", body, ""));
}

TEST_CASE("constant_time_equal compares content and length", "[signature]") {
  CHECK(constant_time_equal("abc", "abc"));
  CHECK_FALSE(constant_time_equal("abc", "abd"));
  CHECK_FALSE(constant_time_equal("abc", "abcd"));
  CHECK(constant_time_equal("", ""));
}

TEST_CASE("crypto primitives match known vectors", "[platforms][crypto]") {
  CHECK(to_hex(sha256("abc")) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(base64_encode("hello world") == "aGVsbG8gd29ybGQ=");
  CHECK(base64_decode("aGVsbG8gd29ybGQ=") == std::optional<std::string>("hello world"));
  CHECK(base64_decode("aGk=") == std::optional<std::string>("hi"));
  CHECK_FALSE(base64_decode("aGk"));
  CHECK_FALSE(base64_decode("a Gk="));
  // Feishu's official "Encrypt Key" example.
  const auto raw = base64_decode("P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=");
  REQUIRE(raw);
  CHECK(aes256_cbc_decrypt(sha256("test key"), raw->substr(0, 16), raw->substr(16)) ==
        std::optional<std::string>("hello world"));
  CHECK_FALSE(aes256_cbc_decrypt(sha256("other key"), raw->substr(0, 16), raw->substr(16)) ==
              std::optional<std::string>("hello world"));
  CHECK_FALSE(aes256_cbc_decrypt(sha256("test key"), raw->substr(0, 16), raw->substr(17)));
}
