#pragma once
// Webhook signatures and the little cryptography the platforms need, checked on the raw body bytes
// before anything parses them. OpenSSL underneath; nothing here is written by hand but the hex.

#include <optional>
#include <string>
#include <string_view>

namespace linli::bot {

// Lower-case hex of bytes.
std::string to_hex(std::string_view bytes);

// Raw digests (binary strings).
std::string hmac_sha256(std::string_view key, std::string_view data);
std::string hmac_sha1(std::string_view key, std::string_view data);
std::string sha256(std::string_view data);

// Lower-case hex of HMAC-SHA256(key, data).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// Standard base64 (RFC 4648, with padding). decode gives nullopt for anything malformed.
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

// AES-256-CBC with PKCS#7 padding; nullopt when the key or IV has the wrong size, the ciphertext
// is not whole blocks, or the padding is wrong (a wrong key, almost always).
std::optional<std::string> aes256_cbc_decrypt(std::string_view key, std::string_view iv,
                                              std::string_view ciphertext);

// Compares in time that depends only on the lengths, never on where the inputs differ.
bool constant_time_equal(std::string_view a, std::string_view b);

// "<prefix><hex>" against the expected digest, hex in either case (X-Linli-Signature "sha256=",
// OneBot's X-Signature "sha1=", Slack's "v0=").
bool hex_signature_matches(std::string_view header, std::string_view prefix,
                           std::string_view expected_digest);

// Checks an X-Linli-Signature header value, "sha256=<hex>" (hex in either case).
bool verify_generic_signature(std::string_view secret, std::string_view body,
                              std::string_view header);

}  // namespace linli::bot
