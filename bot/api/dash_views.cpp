#include "bot/api/dash_views.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "bot/api/dash_auth.hpp"
#include "bot/api/read_api.hpp"
#include "bot/platforms/common.hpp"
#include "bot/platforms/generic/generic_adapter.hpp"
#include "handlers/chains/chain_views.hpp"
#include "handlers/core/kinds.hpp"
#include "handlers/core/message_views.hpp"
#include "handlers/requests/board_views.hpp"
#include "handlers/requests/correction_views.hpp"
#include "handlers/requests/money_views.hpp"
#include "handlers/tasks/task_views.hpp"

namespace linli::bot {
namespace {

using json = nlohmann::json;

constexpr int unrecognised_page = 50;
constexpr int chain_copies_shown = 20;

http_response no_store(http_response r) {
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

// Runs `view` for the chat the path names once the session is known to see it: 401 without a
// session, 403 for a chat the account may not see (whether or not it exists).
void for_chat(const dash_auth& auth, const http_request& request, const route_params& captured,
              const responder& respond, std::function<json(storage::store&, const chat_ref&)> view,
              std::function<http_response(const json&)> render = platforms::json_answer) {
  auth.with_session(
      request, respond, error_response(401, "not logged in"),
      [respond, chat = dash_chat_of(request, captured), view = std::move(view),
       render = std::move(render)](const dash_identity& who, storage::store& store) {
        if (!who.may_see(chat)) {
          respond(error_response(403, "this account may not see chat " + chat.chat_id));
          return;
        }
        respond.later(
            [document = view(store, chat), render] { return no_store(render(document)); });
      });
}

// The needs board's filters, order and page from the query string; 400 naming a bad one.
handlers::board_query board_query_of(const http_request& request) {
  const std::string_view q = request.query();
  handlers::board_query b;
  if (const auto status = query_param(q, "status"); status && !status->empty()) {
    b.status = request_status_from(*status);
    if (!b.status) {
      throw http_error(400, "'status' must be open, claimed, bought, delivered or cancelled");
    }
  }
  if (const auto category = query_param(q, "category"); category && !category->empty()) {
    static const std::array<std::string_view, 5> known = {"medicine", "cold_chain", "food", "daily",
                                                          "other"};
    if (std::find(known.begin(), known.end(), *category) == known.end()) {
      throw http_error(400, "'category' must be medicine, cold_chain, food, daily or other");
    }
    b.category = *category;
  }
  if (const auto building = query_param(q, "building"); building && !building->empty()) {
    b.building = *building;
  }
  if (const auto urgent = query_param(q, "urgent"); urgent && !urgent->empty()) {
    if (*urgent != "1" && *urgent != "0" && *urgent != "true" && *urgent != "false") {
      throw http_error(400, "'urgent' must be 1 or 0");
    }
    b.urgent_only = *urgent == "1" || *urgent == "true";
  }
  b.text = query_param(q, "q").value_or("");
  if (b.text.size() > 200) throw http_error(400, "'q' must be at most 200 bytes");
  if (const auto sort = query_param(q, "sort"); sort && !sort->empty()) {
    const auto s = handlers::board_sort_from(*sort);
    if (!s) throw http_error(400, "'sort' must be priority, newest, oldest or number");
    b.sort = *s;
  }
  b.offset = static_cast<int>(integer_query_param(q, "offset", 0, INT32_MAX, 0));
  b.limit = static_cast<int>(integer_query_param(q, "limit", 1, handlers::board_page_max, 100));
  return b;
}

}  // namespace

chat_ref dash_chat_of(const http_request& request, const route_params& captured) {
  return {query_param(request.query(), "platform").value_or(std::string(generic_platform)),
          captured.at(0)};
}

dash_views::dash_views(const dash_auth& auth, const handlers::policy& rules, clock_fn now_ms)
    : auth_(auth), rules_(rules), now_ms_(std::move(now_ms)) {}

void dash_views::overview(const http_request& request, const route_params& captured,
                          const responder& respond) const {
  for_chat(auth_, request, captured, respond,
           [now = now_ms_(), zone = rules_.time_zone](storage::store& store, const chat_ref& chat) {
             json view = handlers::overview_view(store, chat, now);
             const auto day = handlers::chat_today(store, chat, now, zone);
             view["posts"] = handlers::tasks_counts(handlers::tasks_view(store, chat, day));
             view["posts"]["date"] = handlers::iso_date(day);
             const auto chain = handlers::chain_view(store, chat, now);
             view["chain"] = chain ? handlers::chain_counts(*chain) : json(nullptr);
             return view;
           });
}

void dash_views::requests(const http_request& request, const route_params& captured,
                          const responder& respond) const {
  for_chat(auth_, request, captured, respond,
           [query = board_query_of(request)](storage::store& store, const chat_ref& chat) {
             return handlers::board_view(store, chat, query);
           });
}

void dash_views::unrecognised(const http_request& request, const route_params& captured,
                              const responder& respond) const {
  storage::message_filter filter;
  filter.kind = std::string(handlers::kinds::chatter);
  filter.before_seq = integer_query_param(request.query(), "before", 0, INT64_MAX, 0);
  filter.limit = unrecognised_page;
  for_chat(auth_, request, captured, respond,
           [filter](storage::store& store, const chat_ref& chat) {
             return handlers::messages_view(store, chat, filter);
           });
}

void dash_views::chain(const http_request& request, const route_params& captured,
                       const responder& respond) const {
  for_chat(auth_, request, captured, respond,
           [now = now_ms_()](storage::store& store, const chat_ref& chat) {
             storage::message_filter copies;
             copies.kind = std::string(handlers::kinds::chain_post);
             copies.limit = chain_copies_shown;
             auto view = handlers::chain_view(store, chat, now);
             return json{{"chain", view ? std::move(*view) : json(nullptr)},
                         {"copies", handlers::messages_view(store, chat, copies).at("messages")}};
           });
}

void dash_views::money(const http_request& request, const route_params& captured,
                       const responder& respond) const {
  for_chat(auth_, request, captured, respond, [](storage::store& store, const chat_ref& chat) {
    return handlers::money_view(store, chat);
  });
}

void dash_views::orders(const http_request& request, const route_params& captured,
                        const responder& respond) const {
  for_chat(auth_, request, captured, respond,
           [date = date_param(request), zone = rules_.time_zone, now = now_ms_()](
               storage::store& store, const chat_ref& chat) {
             const auto& local = handlers::chat_zone(store, chat, zone);
             const auto day = date ? *date : handlers::date_of(now, local);
             return handlers::order_sheet_view(
                 store, chat, handlers::day_start(day, local),
                 handlers::day_start(handlers::add_days(day, 1), local));
           });
}

void dash_views::donations(const http_request& request, const route_params& captured,
                           const responder& respond) const {
  for_chat(auth_, request, captured, respond, [](storage::store& store, const chat_ref& chat) {
    return handlers::donations_view(store, chat);
  });
}

void dash_views::rota(const http_request& request, const route_params& captured,
                      const responder& respond) const {
  for_chat(auth_, request, captured, respond,
           [date = date_param(request), zone = rules_.time_zone, shifts = rules_.shifts,
            now = now_ms_()](storage::store& store, const chat_ref& chat) {
             const auto day =
                 date ? *date : handlers::add_days(handlers::chat_today(store, chat, now, zone), 1);
             return handlers::rota_view(store, chat, day, shifts, now);
           });
}

void dash_views::corrections(const http_request& request, const route_params& captured,
                             const responder& respond) const {
  const std::string format = query_param(request.query(), "format").value_or("jsonl");
  if (format != "jsonl" && format != "json")
    throw http_error(400, "'format' must be jsonl or json");
  std::function<http_response(const json&)> render = platforms::json_answer;
  if (format == "jsonl") {
    // One record a line, as tests/corpus/messages.jsonl: ready to append to it.
    render = [](const json& view) {
      http_response r;
      r.content_type = "application/jsonl; charset=utf-8";
      for (const json& record : view.at("corrections")) r.body += record.dump() + "\n";
      r.headers.emplace_back("Content-Disposition", "attachment; filename=\"corrections.jsonl\"");
      return r;
    };
  }
  for_chat(
      auth_, request, captured, respond,
      [](storage::store& store, const chat_ref& chat) {
        return handlers::corrections_view(store, chat);
      },
      std::move(render));
}

}  // namespace linli::bot
