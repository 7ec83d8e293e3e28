#include "storage/sqlite/sqlite_deflated.hpp"

#include <zlib.h>

#include <cstdint>
#include <stdexcept>

namespace linli::storage::sqlite {
namespace {

// Shorter texts (most messages, most replies) cost the writer more to deflate than they save:
// measured on the full mix, 160 bytes cost 10% of the throughput for 24% of the growth, 512
// bytes 3% for 20%.
constexpr std::size_t min_deflated = 512;
// The longest text inflated: a message is cut at 16 KiB, replies are a few KiB.
constexpr std::uint32_t max_inflated = 16u << 20;

}  // namespace

std::optional<std::string> deflated(const std::string& text) {
  if (text.size() < min_deflated || text.size() > max_inflated) return std::nullopt;
  uLongf size = compressBound(static_cast<uLong>(text.size()));
  std::string out(4 + size, '\0');
  const auto length = static_cast<std::uint32_t>(text.size());
  for (std::size_t i = 0; i < 4; ++i) out[i] = static_cast<char>(length >> (8 * i));
  // Z_BEST_SPEED: the writer thread deflates; the last few per cent of size are not worth it.
  if (compress2(reinterpret_cast<Bytef*>(out.data() + 4), &size,
                reinterpret_cast<const Bytef*>(text.data()), static_cast<uLong>(text.size()),
                Z_BEST_SPEED) != Z_OK ||
      4 + size > text.size() - text.size() / 10) {
    return std::nullopt;
  }
  out.resize(4 + size);
  return out;
}

std::string inflated(std::string_view bytes, bool blob) {
  if (!blob) return std::string(bytes);
  if (bytes.size() < 4) throw std::runtime_error("a deflated value is too short");
  std::uint32_t length = 0;
  for (int i = 0; i < 4; ++i) {
    length |=
        static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[static_cast<std::size_t>(i)]))
        << (8 * i);
  }
  if (length > max_inflated) throw std::runtime_error("a deflated value is too long");
  std::string out(length, '\0');
  uLongf size = length;
  if (uncompress(reinterpret_cast<Bytef*>(out.data()), &size,
                 reinterpret_cast<const Bytef*>(bytes.data() + 4),
                 static_cast<uLong>(bytes.size() - 4)) != Z_OK ||
      size != length) {
    throw std::runtime_error("a deflated value does not inflate");
  }
  return out;
}

std::string inflated(const SQLite::Column& c) {
  if (!c.isBlob()) return c.getString();
  return inflated(std::string_view(static_cast<const char*>(c.getBlob()),
                                   static_cast<std::size_t>(c.getBytes())),
                  true);
}

}  // namespace linli::storage::sqlite
