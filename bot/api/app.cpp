#include "bot/api/app.hpp"

#include "bot/log_text.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "bot/metrics.hpp"
#include "bot/pipeline/reader.hpp"
#include "bot/platforms/common.hpp"
#include "storage/open.hpp"

namespace linli::bot {
namespace {

using json = nlohmann::json;

http_response json_response(const json& body) {
  return platforms::json_answer(body);
}

std::vector<std::string> unauthenticated(const platform_registry& platforms) {
  std::vector<std::string> out;
  for (const auto& p : platforms.all()) {
    if (!p->authenticates()) out.emplace_back(p->name());
  }
  return out;
}

}  // namespace

app::app(deps d)
    : stats_(d.stats),
      queries_(d.queries),
      manual_tick_(std::move(d.manual_tick)),
      leading_(std::move(d.leading)),
      insecure_dev_(d.config->insecure_dev),
      unauthenticated_(unauthenticated(d.platforms)),
      webhooks_(d.platforms, d.writer, d.now_ms, d.send, d.names),
      reads_(d.config->env.api_token, d.queries, d.rules, d.now_ms),
      dash_(d.config->dashboard, d.rules, reads_, d.writer, d.queries, d.box, d.send, d.events,
            d.now_ms),
      routes_(linli_routes({
          .healthz = [this](const http_request& q, const route_params& p,
                            const responder& r) { healthz(q, p, r); },
          .metrics = [this](const http_request& q, const route_params& p,
                            const responder& r) { prometheus(q, p, r); },
          .admin_clock = [this](const http_request& q, const route_params& p,
                                const responder& r) { admin_clock(q, p, r); },
          .webhooks = webhooks_,
          .reads = reads_,
          .dash = dash_,
      })) {}

void app::handle(http_request request, responder respond) {
  const auto start = std::chrono::steady_clock::now();
  const route_table::lookup match = routes_.find(request.method, request.path());
  const route* found = match.found;
  std::string name = !found         ? (match.path_known ? "method_not_allowed" : "unknown")
                     : found->label ? found->label(match.params)
                                    : std::string(found->pattern);
  responder counted([this, respond, name, start](responder::make_fn make) {
    respond.later([this, make = std::move(make), name, start] {
      http_response response = responder::build(make);
      stats_.request(
          name, response.status,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      return response;
    });
  });

  try {
    if (!found) {
      throw http_error(match.path_known ? 405 : 404, match.path_known
                                                         ? "method not allowed"
                                                         : "no such route: " + request.method +
                                                               " " + std::string(request.path()));
    }
    found->run(request, match.params, counted);
  } catch (const http_error& e) {
    counted(error_response(e.status, e.what()));
  } catch (const std::exception& e) {
    spdlog::error("{} {} failed: {}", log_text(request.method), log_text(request.path()),
                  log_text(e.what()));
    counted(error_response(500, "internal error"));
  }
}

// The database is asked on the reader's connection (which reconnects first if it lost the
// server): 503 while it does not answer, so a load balancer takes this instance out.
void app::healthz(const http_request&, const route_params&, const responder& respond) const {
  json body = {{"status", "ok"}, {"database", "ok"}, {"leader", !leading_ || leading_()}};
  // An operator's probe sees at once that this instance takes forged messages.
  if (insecure_dev_) {
    body["insecure_dev"] = true;
    body["unauthenticated_webhooks"] = unauthenticated_;
    body["warning"] =
        "started with --insecure-dev: these webhooks accept unsigned requests (development only)";
  }
  queries_.post(
      [respond, body](storage::store& store) mutable {
        try {
          store.ping();
        } catch (const std::exception& e) {
          spdlog::warn("health check: the database does not answer: {}", log_text(e.what()));
          body["status"] = "unavailable";
          body["database"] = "unreachable";
          respond.later([body] {
            http_response r = json_response(body);
            r.status = 503;
            return r;
          });
          return;
        }
        respond(json_response(body));
      },
      failure_answer(respond));
}

void app::prometheus(const http_request&, const route_params&, const responder& respond) const {
  http_response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = stats_.render();
  respond(std::move(r));
}

void app::admin_clock(const http_request& request, const route_params&,
                      const responder& respond) const {
  if (!manual_tick_) throw http_error(404, "the manual clock is off (scheduler.manual_clock)");
  reads_.require_token(request);
  const json body = json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.contains("now") || !body["now"].is_number_integer() ||
      body["now"].get<std::int64_t>() < 0) {
    throw http_error(400, "body must be {\"now\": <seconds since 1970>}");
  }
  manual_tick_(body["now"].get<std::int64_t>() * 1000, [respond](bool committed, std::size_t n) {
    respond.later([committed, n] {
      return committed ? json_response({{"messages", n}})
                       : error_response(503, "storage unavailable; retry later");
    });
  });
}

}  // namespace linli::bot
