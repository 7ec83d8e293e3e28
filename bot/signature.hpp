#pragma once
// Webhook signatures, checked on the raw body bytes before anything parses them.

#include <string>
#include <string_view>

namespace linli::bot {

// Lower-case hex of HMAC-SHA256(key, data).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// Compares in time that depends only on the lengths, never on where the inputs differ.
bool constant_time_equal(std::string_view a, std::string_view b);

// Checks an X-Linli-Signature header value, "sha256=<hex>" (hex in either case).
bool verify_generic_signature(std::string_view secret, std::string_view body,
                              std::string_view header);

}  // namespace linli::bot
