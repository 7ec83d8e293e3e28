#include "bot/platforms/wecom/wecom_crypto.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <stdexcept>

#include "bot/platforms/signature.hpp"

namespace linli::bot::wecom {
namespace {

constexpr std::size_t key_bytes = 32;
constexpr std::size_t random_bytes = 16;
constexpr std::size_t pad_block = 32;  // WeCom pads to 32 bytes, not AES's 16

const unsigned char* bytes_of(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// AES-256-CBC over whole blocks, OpenSSL's own padding off (WeCom's is done here).
std::optional<std::string> cbc(bool encrypting, std::string_view key, std::string_view in) {
  if (key.size() != key_bytes || in.empty() || in.size() % 16 != 0) return std::nullopt;
  const std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(),
                                                                            EVP_CIPHER_CTX_free);
  if (!ctx || EVP_CipherInit_ex(ctx.get(), EVP_aes_256_cbc(), nullptr, bytes_of(key),
                                bytes_of(key.substr(0, 16)), encrypting ? 1 : 0) != 1) {
    return std::nullopt;
  }
  EVP_CIPHER_CTX_set_padding(ctx.get(), 0);
  std::string out(in.size() + 16, '\0');
  int written = 0, final_bytes = 0;
  auto* dest = reinterpret_cast<unsigned char*>(out.data());
  if (EVP_CipherUpdate(ctx.get(), dest, &written, bytes_of(in), static_cast<int>(in.size())) != 1 ||
      EVP_CipherFinal_ex(ctx.get(), dest + written, &final_bytes) != 1) {
    return std::nullopt;
  }
  out.resize(static_cast<std::size_t>(written + final_bytes));
  return out;
}

std::string sha1(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha1(), nullptr);
  return {reinterpret_cast<const char*>(digest), length};
}

// SHA-1 of the four values sorted and concatenated, raw.
std::string signature_digest(std::string_view token, std::string_view timestamp,
                             std::string_view nonce, std::string_view encrypted) {
  std::array<std::string_view, 4> parts{token, timestamp, nonce, encrypted};
  std::sort(parts.begin(), parts.end());
  std::string joined;
  for (const std::string_view p : parts) joined += p;
  return sha1(joined);
}

}  // namespace

std::optional<std::string> aes_key(std::string_view encoding_aes_key) {
  if (encoding_aes_key.size() != 43) return std::nullopt;
  auto key = base64_decode(std::string(encoding_aes_key) + "=");
  if (!key || key->size() != key_bytes) return std::nullopt;
  return key;
}

std::string signature(std::string_view token, std::string_view timestamp, std::string_view nonce,
                      std::string_view encrypted) {
  return to_hex(signature_digest(token, timestamp, nonce, encrypted));
}

bool signature_matches(std::string_view given, std::string_view token, std::string_view timestamp,
                       std::string_view nonce, std::string_view encrypted) {
  return hex_signature_matches(given, "", signature_digest(token, timestamp, nonce, encrypted));
}

std::optional<plaintext> decrypt(std::string_view key, std::string_view encrypted) {
  const auto raw = base64_decode(encrypted);
  if (!raw) return std::nullopt;
  const auto padded = cbc(false, key, *raw);
  if (!padded) return std::nullopt;
  const auto pad = static_cast<unsigned char>(padded->back());
  if (pad < 1 || pad > pad_block || pad > padded->size()) return std::nullopt;
  if (!std::all_of(padded->end() - pad, padded->end(),
                   [pad](char c) { return static_cast<unsigned char>(c) == pad; })) {
    return std::nullopt;
  }
  const std::string_view text = std::string_view(*padded).substr(0, padded->size() - pad);
  if (text.size() < random_bytes + 4) return std::nullopt;
  std::uint32_t length = 0;
  for (std::size_t i = random_bytes; i < random_bytes + 4; ++i) {
    length = (length << 8) | static_cast<unsigned char>(text[i]);
  }
  const std::string_view rest = text.substr(random_bytes + 4);
  if (length > rest.size()) return std::nullopt;
  return plaintext{std::string(rest.substr(0, length)), std::string(rest.substr(length))};
}

std::string encrypt(std::string_view key, std::string_view message, std::string_view receive_id,
                    std::string_view random) {
  if (random.size() != random_bytes) throw std::invalid_argument("wecom: 16 random bytes needed");
  std::string text(random);
  const auto length = static_cast<std::uint32_t>(message.size());
  for (int shift = 24; shift >= 0; shift -= 8) text += static_cast<char>((length >> shift) & 0xFF);
  text += message;
  text += receive_id;
  const std::size_t pad = pad_block - text.size() % pad_block;  // 1..32: a whole block when even
  text.append(pad, static_cast<char>(pad));
  const auto sealed = cbc(true, key, text);
  if (!sealed) throw std::invalid_argument("wecom: the AES key must be 32 bytes");
  return base64_encode(*sealed);
}

std::string random_prefix() {
  std::string out(random_bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size())) != 1) {
    throw std::runtime_error("wecom: no random bytes from OpenSSL");
  }
  return out;
}

}  // namespace linli::bot::wecom
