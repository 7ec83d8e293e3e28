#include "storage/sqlite/sqlite_deflated.hpp"

#include <zlib.h>
#include <zstd.h>

#include <cstdint>
#include <memory>
#include <stdexcept>

namespace linli::storage::sqlite {
namespace {

// Shorter texts (most messages, most replies) cost the writer more to compress than they save:
// measured on the full mix (with zlib, whose every call cost ~50 us to set up), 160 bytes cost 10%
// of the throughput for 24% of the growth, 512 bytes 3% for 20%.
constexpr std::size_t min_deflated = 512;
// The longest text inflated: a message is cut at 16 KiB, replies are a few KiB.
constexpr std::uint32_t max_inflated = 16u << 20;
// zstd's level 1: a 500-line 接龙 copy (16.7 KB) in 26 us to 1.6 KB, where zlib's fastest level
// took 50 us (with its stream reused) to 2.9 KB.
constexpr int zstd_level = 1;
// A zstd frame's first four bytes (little-endian 0xFD2FB528). A zlib stream's first byte is
// 0x78 for every window size zlib writes by default, so the two never meet.
constexpr unsigned char zstd_magic[4] = {0x28, 0xB5, 0x2F, 0xFD};

// One compression and one decompression context per thread, made on first use: setting one up
// costs more than compressing a short text.
struct cctx_free {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct dctx_free {
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

ZSTD_CCtx* compressor() {
  thread_local const std::unique_ptr<ZSTD_CCtx, cctx_free> c(ZSTD_createCCtx());
  return c.get();
}

ZSTD_DCtx* decompressor() {
  thread_local const std::unique_ptr<ZSTD_DCtx, dctx_free> d(ZSTD_createDCtx());
  return d.get();
}

bool is_zstd(std::string_view stream) {
  if (stream.size() < 4) return false;
  for (std::size_t i = 0; i < 4; ++i) {
    if (static_cast<unsigned char>(stream[i]) != zstd_magic[i]) return false;
  }
  return true;
}

// The zlib stream of rows written before zstd (schema v14 to v15).
void inflate_zlib(std::string& out, std::string_view stream) {
  uLongf size = static_cast<uLongf>(out.size());
  if (uncompress(reinterpret_cast<Bytef*>(out.data()), &size,
                 reinterpret_cast<const Bytef*>(stream.data()),
                 static_cast<uLong>(stream.size())) != Z_OK ||
      size != out.size()) {
    throw std::runtime_error("a deflated value does not inflate");
  }
}

}  // namespace

std::optional<std::string> deflated(const std::string& text) {
  if (text.size() < min_deflated || text.size() > max_inflated) return std::nullopt;
  ZSTD_CCtx* c = compressor();
  if (c == nullptr) return std::nullopt;  // no memory for a context: kept as text
  std::string out(4 + ZSTD_compressBound(text.size()), '\0');
  const auto length = static_cast<std::uint32_t>(text.size());
  for (std::size_t i = 0; i < 4; ++i) out[i] = static_cast<char>(length >> (8 * i));
  const std::size_t size =
      ZSTD_compressCCtx(c, out.data() + 4, out.size() - 4, text.data(), text.size(), zstd_level);
  if (ZSTD_isError(size) || 4 + size > text.size() - text.size() / 10) return std::nullopt;
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
  const std::string_view stream = bytes.substr(4);
  if (!is_zstd(stream)) {
    inflate_zlib(out, stream);
    return out;
  }
  ZSTD_DCtx* d = decompressor();
  if (d == nullptr) throw std::runtime_error("no memory to inflate a value");
  const std::size_t size =
      ZSTD_decompressDCtx(d, out.data(), out.size(), stream.data(), stream.size());
  if (ZSTD_isError(size) || size != length) {
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
