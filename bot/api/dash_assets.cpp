#include "bot/api/dash_assets.hpp"

#include <zlib.h>

#include <stdexcept>

#include "bot/platforms/signature.hpp"

namespace linli::bot {

struct embedded_asset {
  std::string_view path;
  std::string_view data;
};
extern const embedded_asset embedded_dashboard_files[];
extern const std::size_t embedded_dashboard_file_count;

namespace {

std::string content_type_of(std::string_view path) {
  const auto ends = [path](std::string_view ext) { return path.ends_with(ext); };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".json")) return "application/json";
  if (ends(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

// Whether an Accept-Encoding header lists gzip (not refused with q=0).
bool accepts_gzip(std::string_view header) {
  const auto at = header.find("gzip");
  if (at == std::string_view::npos) return false;
  const std::string_view rest = header.substr(at + 4, header.find(',', at) - at - 4);
  return rest.find("q=0") == std::string_view::npos || rest.find("q=0.") != std::string_view::npos;
}

}  // namespace

std::string gzip(std::string_view data) {
  z_stream z{};
  // 15 window bits + 16: a gzip header and trailer rather than zlib's.
  if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("zlib: deflateInit2 failed");
  }
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::runtime_error("zlib: deflate failed");
  out.resize(z.total_out);
  return out;
}

dash_assets::dash_assets() {
  for (std::size_t i = 0; i < embedded_dashboard_file_count; ++i) {
    const embedded_asset& e = embedded_dashboard_files[i];
    if (e.path.empty()) continue;
    asset a{.path = std::string(e.path),
            .content_type = content_type_of(e.path),
            .body = std::string(e.data),
            .gzipped = gzip(e.data),
            .etag = "\"" + to_hex(sha256(e.data)).substr(0, 32) + "\""};
    if (a.gzipped.size() >= a.body.size()) a.gzipped.clear();
    assets_.push_back(std::move(a));
  }
}

const dash_assets::asset* dash_assets::find(std::string_view path) const {
  for (const asset& a : assets_) {
    if (a.path == path) return &a;
  }
  return nullptr;
}

std::size_t dash_assets::total_bytes() const {
  std::size_t n = 0;
  for (const asset& a : assets_) n += a.body.size();
  return n;
}

http_response dash_assets::serve(const http_request& request, const asset& a) const {
  http_response r;
  r.content_type = a.content_type;
  r.headers.emplace_back("ETag", a.etag);
  r.headers.emplace_back("Cache-Control", "no-cache");  // revalidate: the ETag makes that cheap
  r.headers.emplace_back("Vary", "Accept-Encoding");
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (a.content_type.starts_with("text/html")) {
    r.headers.emplace_back("Content-Security-Policy",
                           "default-src 'self'; frame-ancestors 'none'; base-uri 'none'");
  }
  if (request.header("if-none-match") == a.etag) {
    r.status = 304;
    return r;
  }
  if (!a.gzipped.empty() && accepts_gzip(request.header("accept-encoding"))) {
    r.headers.emplace_back("Content-Encoding", "gzip");
    r.body = a.gzipped;
  } else {
    r.body = a.body;
  }
  return r;
}

}  // namespace linli::bot
