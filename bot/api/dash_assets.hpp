#pragma once
// The dashboard's static files (dashboard/, embedded at build time by cmake/embed_dashboard.cmake),
// each served with a strong ETag (304 when the browser has it) and gzipped (zlib, once, at start)
// when the request accepts gzip.

#include <string>
#include <string_view>
#include <vector>

#include "bot/net/http_types.hpp"

namespace linli::bot {

class dash_assets {
 public:
  dash_assets();

  struct asset {
    std::string path;  // under dashboard/: "index.html", "app.js"
    std::string content_type;
    std::string body;
    std::string gzipped;  // empty when gzip would not make it smaller
    std::string etag;     // "\"<hex>\""
  };

  const asset* find(std::string_view path) const;
  // The asset as a response to `request`: 304 on a matching If-None-Match, gzip when accepted.
  http_response serve(const http_request& request, const asset& a) const;
  // Every asset's uncompressed size together (the page weight).
  std::size_t total_bytes() const;

 private:
  std::vector<asset> assets_;
};

// gzip (RFC 1952) of `data` at the best compression.
std::string gzip(std::string_view data);

}  // namespace linli::bot
