#pragma once
// Internal to storage/sqlite/: the inbox's replies and long texts (a 接龙 copy, the replies to a
// listing command or a reposted chain) kept deflated. SQLite compresses nothing by itself
// (PostgreSQL's TOAST compresses values over about 2 KB on its own), and those texts are much of
// what the database grows by. A deflated value is a BLOB holding one zstd frame (Debian
// libzstd-dev) that states its length and is made with a dictionary of the reply catalogues
// (storage/sqlite/dictionaries/), so that even a one-line reply shrinks. Values written before
// schema version 16 hold their 4-byte little-endian length, then a zstd frame without dictionary
// (or, before version 15, a zlib stream): still read. Every other value stays TEXT, so rows written
// before, or by `linli migrate`, read as they are.

#include <SQLiteCpp/SQLiteCpp.h>

#include <optional>
#include <string>
#include <string_view>

namespace linli::storage::sqlite {

// The least length worth deflating. A message's text and an outbox text from 128 bytes: most of
// those are 接龙 copies, which repeat their own lines (on the mix's, 182 B on average, deflating
// those of 128 B or more saved 69 B a copy); a resident's own short words would not repay the
// writer's ~1 us, nor would the dictionary know them. A reply list: nearly any, since most of it
// is a template.
constexpr std::size_t long_text = 128;
constexpr std::size_t reply_list = 24;

// `text` deflated (a BLOB's bytes), when it is at least `min_size` long and deflating saves a
// tenth or more.
std::optional<std::string> deflated(const std::string& text, std::size_t min_size = long_text);

// Binds `text` at `index` of a statement (SQLite::Statement, or the store's query), deflated
// when deflated() says so.
template <class Statement>
void bind_deflated(Statement& q, int index, const std::string& text,
                   std::size_t min_size = long_text) {
  if (const auto packed = deflated(text, min_size)) {
    q.bind(index, static_cast<const void*>(packed->data()), static_cast<int>(packed->size()));
  } else {
    q.bind(index, text);
  }
}

// The text of a column bound by bind_deflated (TEXT as it is; a BLOB inflated). Throws
// std::runtime_error for a BLOB that does not inflate to its stated length.
std::string inflated(const SQLite::Column& c);

// The same for a value read as bytes (a BLOB's, when `blob`).
std::string inflated(std::string_view bytes, bool blob);

// The dictionary's content, version 1 (storage/sqlite/dictionaries/replies-1.txt, embedded by
// the build). Frozen.
std::string_view dictionary_v1();

}  // namespace linli::storage::sqlite
