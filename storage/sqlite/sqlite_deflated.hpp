#pragma once
// Internal to storage/sqlite/: long texts of the inbox and the outbox (a 接龙 copy, the replies
// to a listing command or a reposted chain) kept deflated. SQLite compresses nothing by itself
// (PostgreSQL's TOAST compresses values over about 2 KB on its own), and those texts are most of
// what the database grows by. A deflated value is a BLOB: its 4-byte little-endian length, then
// a zstd frame (Debian libzstd-dev; rows written before it hold a zlib stream, still read); every
// other value stays TEXT, so rows written before this, or by `linli migrate`, read as they are.

#include <SQLiteCpp/SQLiteCpp.h>

#include <optional>
#include <string>
#include <string_view>

namespace linli::storage::sqlite {

// `text` deflated (a BLOB's bytes), when it is long and deflating saves a tenth or more.
std::optional<std::string> deflated(const std::string& text);

// Binds `text` at `index` of a statement (SQLite::Statement, or the store's query), deflated
// when deflated() says so.
template <class Statement>
void bind_deflated(Statement& q, int index, const std::string& text) {
  if (const auto packed = deflated(text)) {
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

}  // namespace linli::storage::sqlite
