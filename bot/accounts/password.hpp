#pragma once
// Dashboard passwords, hashed with Argon2id (libargon2, the reference implementation Debian ships
// as libargon2-dev): memory-hard, so a stolen database costs a guesser memory as well as time,
// and the encoded string carries its own salt and parameters, so they can be raised later
// without invalidating stored hashes.

#include <string>
#include <string_view>

namespace linli::bot::accounts {

// Passwords shorter than this are refused by `linli user add|passwd`.
inline constexpr std::size_t min_password_length = 8;

// The encoded Argon2id hash ($argon2id$v=19$m=...,t=...,p=...$salt$hash) of `password` under a
// fresh random salt. Throws std::runtime_error if hashing fails.
std::string hash_password(std::string_view password);

// Whether `password` matches the encoded hash. Constant-time in the comparison; false for a
// malformed hash.
bool verify_password(std::string_view encoded, std::string_view password);

}  // namespace linli::bot::accounts
