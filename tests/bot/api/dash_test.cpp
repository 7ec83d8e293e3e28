// The dashboard's pieces that need no server: the embedded assets, the session cookie, the xlsx.

#include <zlib.h>

#include <catch2/catch.hpp>

#include "bot/api/dash_assets.hpp"
#include "bot/api/dash_auth.hpp"
#include "bot/api/dash_report.hpp"

using namespace linli;
using namespace linli::bot;

namespace {

std::string gunzip(const std::string& data) {
  z_stream z{};
  REQUIRE(inflateInit2(&z, 15 + 16) == Z_OK);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  CHECK(inflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

http_request get(std::vector<std::pair<std::string, std::string>> headers) {
  return {.method = "GET", .target = "/dash/assets/app.js", .headers = std::move(headers)};
}

}  // namespace

TEST_CASE("the dashboard's files are embedded, small, and served with ETag and gzip", "[dash]") {
  const dash_assets assets;
  for (const char* name :
       {"index.html", "login.html", "app.js", "common.js", "charts.js", "rota.js", "money.js",
        "i18n.js", "style.css", "uPlot.iife.min.js", "uPlot.min.css"}) {
    CAPTURE(name);
    REQUIRE(assets.find(name));
  }
  CHECK_FALSE(assets.find("../CMakeLists.txt"));
  CHECK(assets.total_bytes() < 200 * 1024);

  const auto& js = *assets.find("app.js");
  const http_response plain = assets.serve(get({}), js);
  CHECK(plain.status == 200);
  CHECK(plain.content_type == "text/javascript; charset=utf-8");
  CHECK(plain.body == js.body);
  const http_response zipped = assets.serve(get({{"accept-encoding", "gzip, br"}}), js);
  CHECK(gunzip(zipped.body) == js.body);
  CHECK(zipped.body.size() < js.body.size());
  CHECK(assets.serve(get({{"accept-encoding", "gzip;q=0"}}), js).body == js.body);
  const http_response cached = assets.serve(get({{"if-none-match", js.etag}}), js);
  CHECK(cached.status == 304);
  CHECK(cached.body.empty());
}

TEST_CASE("the session cookie is found among others", "[dash]") {
  const auto with = [](std::string cookies) {
    return dash_auth::session_cookie(get({{"cookie", std::move(cookies)}}));
  };
  CHECK(with("linli_session=abc") == "abc");
  CHECK(with("a=1; linli_session=abc; b=2") == "abc");
  CHECK(with("xlinli_session=abc") == "");
  CHECK(with("linli_sessionx=abc") == "");
  CHECK(dash_auth::session_cookie(get({})) == "");
}

TEST_CASE("the xlsx is a zip with one sheet per section", "[dash]") {
  handlers::report_section s{"requests", "需求", {{"id", "text", "amount_cents"}, {}}};
  s.rows.rows.push_back({{"id", 1}, {"text", "=1+1"}, {"amount_cents", 5990}});
  const std::string book = to_xlsx({s, {"by_item", "按物品", {{"key"}, {}}}});
  REQUIRE(book.size() > 100);
  CHECK(book.substr(0, 2) == "PK");
}
