#include "storage/sqlite/sqlite_deflated.hpp"

#include <zlib.h>
#include <zstd.h>

#include <cstdint>
#include <memory>
#include <stdexcept>

namespace linli::storage::sqlite {
namespace {

// The longest text inflated: a message is cut at 16 KiB, replies are a few KiB.
constexpr std::uint32_t max_inflated = 16u << 20;
// zstd's level 1: a 500-line 接龙 copy (16.7 KB) in 26 us to 1.6 KB, where zlib's fastest level
// took 50 us (with its stream reused) to 2.9 KB.
constexpr int zstd_level = 1;
// A zstd frame's first four bytes (little-endian 0xFD2FB528). A zlib stream's first byte is
// 0x78 for every window size zlib writes by default, so the two never meet. A value since schema
// version 16 starts with them; one written before starts with its length, which is never that
// large (max_inflated).
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

// The dictionary, digested once and shared by every thread (zstd allows that: both are only
// read). Null when there was no memory for it.
const ZSTD_CDict* compression_dictionary() {
  static const std::unique_ptr<ZSTD_CDict, decltype(&ZSTD_freeCDict)> d(
      ZSTD_createCDict(dictionary_v1().data(), dictionary_v1().size(), zstd_level),
      &ZSTD_freeCDict);
  return d.get();
}

const ZSTD_DDict* decompression_dictionary() {
  static const std::unique_ptr<ZSTD_DDict, decltype(&ZSTD_freeDDict)> d(
      ZSTD_createDDict(dictionary_v1().data(), dictionary_v1().size()), &ZSTD_freeDDict);
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

// A frame written since schema version 16: its length in its header, made with the dictionary.
std::string inflate_frame(std::string_view frame) {
  const unsigned long long length = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (length == ZSTD_CONTENTSIZE_ERROR || length == ZSTD_CONTENTSIZE_UNKNOWN) {
    throw std::runtime_error("a deflated value has no length");
  }
  if (length > max_inflated) throw std::runtime_error("a deflated value is too long");
  // 0: the raw dictionary of version 1. A later dictionary has an ID, and is read by it.
  if (ZSTD_getDictID_fromFrame(frame.data(), frame.size()) != 0) {
    throw std::runtime_error("a deflated value needs a dictionary this linli does not have");
  }
  ZSTD_DCtx* d = decompressor();
  const ZSTD_DDict* dictionary = decompression_dictionary();
  if (d == nullptr || dictionary == nullptr) {
    throw std::runtime_error("no memory to inflate a value");
  }
  std::string out(static_cast<std::size_t>(length), '\0');
  const std::size_t size =
      ZSTD_decompress_usingDDict(d, out.data(), out.size(), frame.data(), frame.size(), dictionary);
  if (ZSTD_isError(size) || size != out.size()) {
    throw std::runtime_error("a deflated value does not inflate");
  }
  return out;
}

}  // namespace

std::optional<std::string> deflated(const std::string& text, std::size_t min_size) {
  if (text.size() < min_size || text.size() > max_inflated) return std::nullopt;
  ZSTD_CCtx* c = compressor();
  const ZSTD_CDict* dictionary = compression_dictionary();
  if (c == nullptr || dictionary == nullptr) return std::nullopt;  // no memory: kept as text
  std::string out(ZSTD_compressBound(text.size()), '\0');
  // The frame states the text's length and, the dictionary being raw content, no dictionary ID.
  const std::size_t size =
      ZSTD_compress_usingCDict(c, out.data(), out.size(), text.data(), text.size(), dictionary);
  if (ZSTD_isError(size) || size > text.size() - text.size() / 10) return std::nullopt;
  out.resize(size);
  return out;
}

std::string inflated(std::string_view bytes, bool blob) {
  if (!blob) return std::string(bytes);
  if (is_zstd(bytes)) return inflate_frame(bytes);
  // Written before schema version 16: the length, then a zstd frame or (before version 15) a
  // zlib stream, neither with a dictionary.
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
