#pragma once
// WeCom's callback cryptography (WXBizMsgCrypt; developer.work.weixin.qq.com/document/path/91144
// and, for the 智能机器人, path/101033): every callback and every passive reply carries
// `encrypt` = base64(AES-256-CBC(plaintext)) signed by `msg_signature`. OpenSSL's EVP underneath.
//
//   key        = base64_decode(EncodingAESKey + "="), 32 bytes; IV = key[0:16]
//   plaintext  = 16 random bytes || uint32_be(len(message)) || message || receive id
//   padding    = PKCS#7 to a multiple of 32 bytes (pad bytes 1..32)
//   signature  = hex(SHA-1(sorted([token, timestamp, nonce, encrypt]) concatenated))

#include <optional>
#include <string>
#include <string_view>

namespace linli::bot::wecom {

// The AES key from the 43-character EncodingAESKey; nullopt if it is not one.
std::optional<std::string> aes_key(std::string_view encoding_aes_key);

// msg_signature for these values: lower-case hex.
std::string signature(std::string_view token, std::string_view timestamp, std::string_view nonce,
                      std::string_view encrypted);

// Whether `given` (hex, either case) is that signature; the compare takes constant time.
bool signature_matches(std::string_view given, std::string_view token, std::string_view timestamp,
                       std::string_view nonce, std::string_view encrypted);

struct plaintext {
  std::string message;
  std::string receive_id;  // the corp id of an application; "" for a 智能机器人
};

// Opens `encrypted` (base64); nullopt when it is not base64, not whole AES blocks, padded wrongly
// (a wrong key, almost always) or its length field overruns the text.
std::optional<plaintext> decrypt(std::string_view key, std::string_view encrypted);

// The base64 `encrypt` value for `message`, with the 16 `random` bytes in front (tests pass the
// ones a published vector used; replies pass fresh ones).
std::string encrypt(std::string_view key, std::string_view message, std::string_view receive_id,
                    std::string_view random);

// 16 bytes from OpenSSL's random generator, as the 16 random bytes of a reply.
std::string random_prefix();

}  // namespace linli::bot::wecom
