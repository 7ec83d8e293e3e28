#include "bot/api/read_api.hpp"

#include <nlohmann/json.hpp>

#include "bot/pipeline/reader.hpp"
#include "bot/platforms/common.hpp"
#include "bot/platforms/generic/generic_adapter.hpp"
#include "bot/platforms/signature.hpp"
#include "handlers/chains/chain_views.hpp"
#include "handlers/core/audit_views.hpp"
#include "handlers/core/message_views.hpp"
#include "handlers/core/robot_command.hpp"
#include "handlers/offers/offer_views.hpp"
#include "handlers/requests/request_views.hpp"
#include "handlers/tasks/task_views.hpp"
#include "storage/open.hpp"

namespace linli::bot {
namespace {

using json = nlohmann::json;

// The chat a read API path names: {chat_id} plus ?platform= (default "generic").
chat_ref chat_of(const http_request& request, const route_params& captured) {
  return {query_param(request.query(), "platform").value_or(std::string(generic_platform)),
          captured.at(0)};
}

// ?format=csv, or an Accept header that asks for CSV.
bool wants_csv(const http_request& request) {
  const auto format = query_param(request.query(), "format");
  if (format) {
    if (*format == "csv") return true;
    if (*format != "json") throw http_error(400, "'format' must be json or csv");
    return false;
  }
  return request.header("accept").starts_with("text/csv");
}

// An integer query parameter within [min, max], or `fallback` when absent (400 otherwise).
std::int64_t integer_param(const http_request& request, const char* name, std::int64_t min,
                           std::int64_t max, std::int64_t fallback) {
  return integer_query_param(request.query(), name, min, max, fallback);
}

http_response json_response(const json& body) {
  return platforms::json_answer(body);
}

http_response csv_response(const handlers::table& t) {
  http_response r;
  r.content_type = "text/csv; charset=utf-8";
  r.body = handlers::to_csv(t);
  return r;
}

// Answers with a view's document as JSON, or as the table `sheet` makes of it as CSV; either is
// rendered on the connection's thread, not the reader's.
void answer(const responder& respond, json document, bool csv,
            handlers::table (*sheet)(const json&)) {
  if (csv) {
    respond.later(
        [document = std::move(document), sheet] { return csv_response(sheet(document)); });
  } else {
    respond.later([document = std::move(document)] { return json_response(document); });
  }
}

}  // namespace

std::optional<handlers::civil_date> date_param(const http_request& request) {
  const auto text = query_param(request.query(), "date");
  if (!text) return std::nullopt;
  const auto d = handlers::parse_iso_date(*text);
  if (!d) throw http_error(400, "'date' must be a date as YYYY-MM-DD");
  return d;
}

std::function<void(const std::exception&)> failure_answer(const responder& respond) {
  return [respond](const std::exception& e) {
    respond(storage::is_storage_error(e) ? error_response(503, "storage unavailable; retry later")
                                         : error_response(500, "internal error"));
  };
}

read_api::read_api(std::optional<std::string> api_token, reader& queries,
                   const handlers::policy& rules, clock_fn now_ms)
    : expected_(api_token ? std::optional("Bearer " + *api_token) : std::nullopt),
      queries_(queries),
      rules_(rules),
      now_ms_(std::move(now_ms)) {}

void read_api::require_token(const http_request& request) const {
  if (!expected_) throw http_error(401, "the read API is disabled: set LINLI_API_TOKEN");
  if (!constant_time_equal(request.header("authorization"), *expected_)) {
    throw http_error(401, "missing or wrong bearer token");
  }
}

void read_api::messages(const http_request& request, const route_params& captured,
                        const responder& respond) const {
  require_token(request);
  storage::message_filter filter;
  filter.kind = query_param(request.query(), "kind");
  filter.limit = static_cast<int>(integer_param(request, "limit", 1, 1000, 100));
  filter.before_seq = integer_param(request, "before", 0, INT64_MAX, 0);
  queries_.post(
      [chat = chat_of(request, captured), filter, respond](storage::store& store) {
        answer(respond, handlers::messages_view(store, chat, filter), false, nullptr);
      },
      failure_answer(respond));
}

void read_api::audit(const http_request& request, const route_params& captured,
                     const responder& respond) const {
  require_token(request);
  const int limit = static_cast<int>(integer_param(request, "limit", 1, 1000, 100));
  const std::int64_t before = integer_param(request, "before", 0, INT64_MAX, 0);
  queries_.post(
      [chat = chat_of(request, captured), limit, before, respond](storage::store& store) {
        answer(respond, handlers::audit_view(store, chat, before, limit), false, nullptr);
      },
      failure_answer(respond));
}

void read_api::chain(const http_request& request, const route_params& captured,
                     const responder& respond) const {
  require_token(request);
  const bool csv = wants_csv(request);
  // ?title= names one of the chat's chains; without it, the chat's current chain.
  auto title = query_param(request.query(), "title");
  queries_.post(
      [chat = chat_of(request, captured), title = std::move(title), csv, respond,
       now = now_ms_()](storage::store& store) {
        auto view = handlers::chain_view(store, chat, now, title);
        if (!view) {
          respond(
              error_response(404, title ? "no signup chain with that title in chat " + chat.chat_id
                                        : "no signup chain in chat " + chat.chat_id));
          return;
        }
        answer(respond, std::move(*view), csv, handlers::chain_table);
      },
      failure_answer(respond));
}

void read_api::requests(const http_request& request, const route_params& captured,
                        const responder& respond) const {
  require_token(request);
  const bool csv = wants_csv(request);
  std::optional<request_status> only;
  if (const auto status = query_param(request.query(), "status")) {
    only = request_status_from(*status);
    if (!only) {
      throw http_error(400, "'status' must be open, claimed, bought, delivered or cancelled");
    }
  }
  queries_.post(
      [chat = chat_of(request, captured), only, csv, respond](storage::store& store) {
        answer(respond, handlers::requests_view(store, chat, only), csv, handlers::requests_table);
      },
      failure_answer(respond));
}

void read_api::offers(const http_request& request, const route_params& captured,
                      const responder& respond) const {
  require_token(request);
  const bool csv = wants_csv(request);
  std::optional<offer_status> only;
  if (const auto status = query_param(request.query(), "status")) {
    only = offer_status_from(*status);
    if (!only) throw http_error(400, "'status' must be open, matched, given or withdrawn");
  }
  queries_.post(
      [chat = chat_of(request, captured), only, csv, respond](storage::store& store) {
        answer(respond, handlers::offers_view(store, chat, only), csv, handlers::offers_table);
      },
      failure_answer(respond));
}

void read_api::tally(const http_request& request, const route_params& captured,
                     const responder& respond) const {
  require_token(request);
  const bool csv = wants_csv(request);
  const std::string by = query_param(request.query(), "by").value_or("building");
  if (by != "building" && by != "item" && by != "category") {
    throw http_error(400, "'by' must be building, item or category");
  }
  queries_.post(
      [chat = chat_of(request, captured), by, csv, respond](storage::store& store) {
        answer(respond, *handlers::tally_view(store, chat, by), csv, handlers::tally_table);
      },
      failure_answer(respond));
}

void read_api::tasks(const http_request& request, const route_params& captured,
                     const responder& respond) const {
  require_token(request);
  const bool csv = wants_csv(request);
  const auto date = date_param(request);
  queries_.post(
      [chat = chat_of(request, captured), date, csv, respond, zone = rules_.time_zone,
       now = now_ms_()](storage::store& store) {
        const auto day = date ? *date : handlers::chat_today(store, chat, now, zone);
        answer(respond, handlers::tasks_view(store, chat, day), csv, handlers::tasks_table);
      },
      failure_answer(respond));
}

void read_api::assignments(const http_request& request, const route_params& captured,
                           const responder& respond) const {
  require_token(request);
  const bool csv = wants_csv(request);
  const auto date = date_param(request);
  if (!date) throw http_error(400, "'date' is required: ?date=YYYY-MM-DD");
  queries_.post(
      [chat = chat_of(request, captured), day = *date, csv, respond, rules = rules_.shifts,
       now = now_ms_()](storage::store& store) {
        answer(respond, handlers::assignments_view(store, chat, day, rules, now), csv,
               handlers::assignments_table);
      },
      failure_answer(respond));
}

void read_api::robot(const http_request& request, const route_params& captured,
                     const responder& respond) const {
  require_token(request);
  queries_.post(
      [chat = chat_of(request, captured), respond](storage::store& store) {
        answer(respond, handlers::robot_view(store, chat), false, nullptr);
      },
      failure_answer(respond));
}

}  // namespace linli::bot
