#include "bot/accounts/password.hpp"

#include <argon2.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>
#include <vector>

namespace linli::bot::accounts {
namespace {

// OWASP's minimum for Argon2id (19 MiB, 2 passes, 1 lane): about 30 ms here, and small enough
// that a burst of logins does not blow the server's memory budget (RFC 9106's 64 MiB profile
// would, at 64 MiB per concurrent login).
constexpr std::uint32_t time_cost = 2;
constexpr std::uint32_t memory_kib = 19 * 1024;
constexpr std::uint32_t lanes = 1;
constexpr std::size_t salt_bytes = 16;
constexpr std::size_t hash_bytes = 32;

}  // namespace

std::string hash_password(std::string_view password) {
  std::array<unsigned char, salt_bytes> salt{};
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
    throw std::runtime_error("no random bytes for a password salt");
  }
  const std::size_t length =
      argon2_encodedlen(time_cost, memory_kib, lanes, salt_bytes, hash_bytes, Argon2_id);
  std::vector<char> encoded(length);
  const int rc =
      argon2id_hash_encoded(time_cost, memory_kib, lanes, password.data(), password.size(),
                            salt.data(), salt.size(), hash_bytes, encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    throw std::runtime_error(std::string("password hashing failed: ") + argon2_error_message(rc));
  }
  return std::string(encoded.data());
}

bool verify_password(std::string_view encoded, std::string_view password) {
  if (!encoded.starts_with("$argon2id$")) return false;
  const std::string text(encoded);  // argon2 wants a NUL-terminated string
  return argon2id_verify(text.c_str(), password.data(), password.size()) == ARGON2_OK;
}

}  // namespace linli::bot::accounts
