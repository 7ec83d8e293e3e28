#include "bot/metrics.hpp"

#include <catch2/catch.hpp>

using namespace linli::bot;

TEST_CASE("metrics render requests by route and status", "[metrics]") {
  metrics m;
  m.request("/v1/webhook/generic", 200, 0.001);
  m.request("/v1/webhook/generic", 200, 0.003);
  m.request("/v1/webhook/generic", 400, 0.0001);
  const auto text = m.render();
  CHECK_THAT(
      text,
      Catch::Contains("linli_http_requests_total{route=\"/v1/webhook/generic\",status=\"200\"} 2"));
  CHECK_THAT(
      text,
      Catch::Contains("linli_http_requests_total{route=\"/v1/webhook/generic\",status=\"400\"} 1"));
  CHECK_THAT(text, Catch::Contains("linli_http_request_seconds_count 3"));
  CHECK_THAT(text, Catch::Contains("linli_http_request_seconds_bucket{le=\"0.0005\"} 1"));
  CHECK_THAT(text, Catch::Contains("linli_http_request_seconds_bucket{le=\"0.005\"} 3"));
}

TEST_CASE("metrics count messages and commit batches", "[metrics]") {
  metrics m;
  m.message_stored();
  m.message_stored();
  m.message_duplicate();
  m.commit(3, 0.002);
  m.commit(100, 0.004);
  const auto text = m.render();
  CHECK_THAT(text, Catch::Contains("linli_messages_stored_total 2"));
  CHECK_THAT(text, Catch::Contains("linli_messages_duplicate_total 1"));
  CHECK_THAT(text, Catch::Contains("linli_commit_batch_size_bucket{le=\"4\"} 1"));
  CHECK_THAT(text, Catch::Contains("linli_commit_batch_size_bucket{le=\"128\"} 2"));
  CHECK_THAT(text, Catch::Contains("linli_commit_batch_size_sum 103"));
}

TEST_CASE("histogram buckets are cumulative and end at +Inf", "[metrics]") {
  histogram h({1, 10});
  h.observe(0.5);
  h.observe(5);
  h.observe(50);
  std::string out;
  h.render(out, "x");
  CHECK_THAT(out, Catch::Contains("x_bucket{le=\"1\"} 1\n"));
  CHECK_THAT(out, Catch::Contains("x_bucket{le=\"10\"} 2\n"));
  CHECK_THAT(out, Catch::Contains("x_bucket{le=\"+Inf\"} 3\n"));
  CHECK_THAT(out, Catch::Contains("x_count 3\n"));
}
