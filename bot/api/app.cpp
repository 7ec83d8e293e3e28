#include "bot/api/app.hpp"

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>

#include <spdlog/spdlog.h>

#include "bot/metrics.hpp"
#include "bot/pipeline/ingest.hpp"
#include "bot/pipeline/reader.hpp"
#include "bot/platforms/common.hpp"
#include "bot/platforms/generic_adapter.hpp"
#include "bot/platforms/signature.hpp"
#include "handlers/chains/chain.hpp"
#include "handlers/requests/requests.hpp"
#include "handlers/tasks/shifts.hpp"
#include "handlers/tasks/tasks.hpp"

namespace linli::bot {
namespace {

using json = nlohmann::json;

using platforms::dump;

http_response json_response(const json& body) {
  return platforms::json_answer(body);
}

// Matches "/v1/chats/{chat_id}/messages" against a path; fills the placeholders, decoded.
bool match(std::string_view pattern, std::string_view path, std::vector<std::string>& out) {
  out.clear();
  while (!pattern.empty() || !path.empty()) {
    if (pattern.empty() || path.empty() || pattern[0] != '/' || path[0] != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    const std::string_view p = pattern.substr(0, pattern.find('/'));
    const std::string_view s = path.substr(0, path.find('/'));
    if (p.starts_with('{')) {
      if (s.empty()) return false;
      out.push_back(url_decode(s, false));
    } else if (p != s) {
      return false;
    }
    pattern.remove_prefix(p.size());
    path.remove_prefix(s.size());
  }
  return true;
}

json reply_array(const replies& answers) {
  json out = json::array();
  for (const reply& r : answers) out.push_back({{"text", r.text}});
  return out;
}

// What a webhook answers once the writer is done with its message.
http_response webhook_answer(const platform& p, const chat_ref& chat, const ingest_result& result) {
  using status = ingest_result::status;
  switch (result.state) {
    case status::stored:
    case status::duplicate: {
      const std::size_t n = std::min(p.inline_replies(), result.answers.size());
      const replies carried(result.answers.begin(), result.answers.begin() + static_cast<long>(n));
      return p.acknowledge(chat, carried, result.state == status::duplicate);
    }
    case status::unavailable:
      return error_response(503, "storage unavailable; retry later");
    case status::overloaded:
      return error_response(503, "too many messages waiting; retry later");
  }
  return error_response(500, "internal error");
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

// RFC 4180 field: quoted when it holds a comma, quote or line break.
std::string csv_field(const json& value) {
  std::string text = value.is_null()     ? ""
                     : value.is_string() ? value.get<std::string>()
                                         : value.dump();
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char ch : text) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return quoted + "\"";
}

// Rows of objects as CSV with a header line; UTF-8 with a BOM so spreadsheet programs read
// Chinese correctly.
http_response csv_response(const json& rows, const std::vector<std::string>& columns) {
  http_response r;
  r.content_type = "text/csv; charset=utf-8";
  r.body = "\xEF\xBB\xBF";
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i > 0) r.body += ',';
    r.body += columns[i];
  }
  r.body += "\r\n";
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (i > 0) r.body += ',';
      r.body += csv_field(row.value(columns[i], json(nullptr)));
    }
    r.body += "\r\n";
  }
  return r;
}

std::int64_t now_wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

app::app(std::shared_ptr<const config::config> cfg, ingest& writer, reader& queries, metrics& stats,
         clock_fn now_ms)
    : config_(std::move(cfg)),
      writer_(writer),
      queries_(queries),
      stats_(stats),
      now_ms_(now_ms ? std::move(now_ms) : [] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
      }),
      platforms_(make_platforms(*config_)) {
  writer_.set_outbox([this](const envelope& message, const replies& answers) {
    const platform* p = platforms_.find(message.chat.platform);
    return p ? outbox_rows(*p, message, answers) : std::vector<outbound_message>{};
  });
}

const std::vector<app::route>& app::routes() {
  static const std::vector<route> table = {
      {"GET", "/healthz", &app::healthz},
      {"GET", "/metrics", &app::prometheus},
      {"POST", "/v1/webhook/{platform}", &app::webhook},
      {"GET", "/v1/chats/{chat_id}/messages", &app::chat_messages},
      {"GET", "/v1/chats/{chat_id}/chain", &app::chat_chain},
      {"GET", "/v1/chats/{chat_id}/requests", &app::chat_requests},
      {"GET", "/v1/chats/{chat_id}/tally", &app::chat_tally},
      {"GET", "/v1/chats/{chat_id}/tasks", &app::chat_tasks},
      {"GET", "/v1/chats/{chat_id}/assignments", &app::chat_assignments},
      {"POST", "/v1/admin/clock", &app::admin_clock},
  };
  return table;
}

void app::handle(http_request request, responder respond) {
  const auto start = std::chrono::steady_clock::now();
  params captured;
  const route* found = nullptr;
  bool path_known = false;
  for (const route& r : routes()) {
    if (!match(r.pattern, request.path(), captured)) continue;
    path_known = true;
    if (r.method == request.method) {
      found = &r;
      break;
    }
  }
  std::string name(found ? found->pattern : path_known ? "method_not_allowed" : "unknown");
  // Every answer is counted under the route's pattern, never the raw path (bounded label values);
  // webhooks by platform, of which there are a handful.
  if (found && found->run == &app::webhook && platforms_.find(captured.at(0))) {
    name = "/v1/webhook/" + captured.at(0);
  }
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
      throw http_error(path_known ? 405 : 404, path_known ? "method not allowed"
                                                          : "no such route: " + request.method +
                                                                " " + std::string(request.path()));
    }
    (this->*(found->run))(request, captured, counted);
  } catch (const http_error& e) {
    counted(error_response(e.status, e.what()));
  } catch (const std::exception& e) {
    spdlog::error("{} {} failed: {}", request.method, request.path(), e.what());
    counted(error_response(500, "internal error"));
  }
}

void app::healthz(const http_request&, const params&, const responder& respond) {
  respond(json_response({{"status", "ok"}}));
}

void app::prometheus(const http_request&, const params&, const responder& respond) {
  http_response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = stats_.render();
  respond(std::move(r));
}

void app::webhook(const http_request& request, const params& captured, const responder& respond) {
  const platform* p = platforms_.find(captured.at(0));
  if (!p) {
    throw http_error(404, "platform '" + captured.at(0) +
                              "' is not enabled: set its credentials in the environment "
                              "(deploy/README.md)");
  }
  const std::int64_t now = now_ms_();
  p->verify(request, now);  // the raw bytes, before anything parses them
  inbound in = p->parse(request, now);
  if (in.answer) {
    respond(std::move(*in.answer));
    return;
  }
  const chat_ref chat = in.message->chat;
  writer_.submit(std::move(*in.message), [this, p, chat, respond](ingest_result result) {
    // Runs on the writer thread after the commit: hand the outbox over, answer elsewhere.
    if (send_ && !result.outbox.empty()) send_(std::move(result.outbox));
    respond.later(
        [p, chat, result = std::move(result)] { return webhook_answer(*p, chat, result); });
  });
}

chat_ref app::chat_of(const http_request& request, const params& captured) {
  return {query_param(request.query(), "platform").value_or(std::string(generic_platform)),
          captured.at(0)};
}

void app::chat_chain(const http_request& request, const params& captured,
                     const responder& respond) {
  require_api_token(request);
  const bool csv = wants_csv(request);
  queries_.post([chat = chat_of(request, captured), csv, respond](storage::store& store) {
    const auto c = store.latest_chain(chat);
    if (!c) {
      respond(error_response(404, "no signup chain in chat " + chat.chat_id));
      return;
    }
    json entries = json::array();
    for (const auto& line : handlers::roster(*c)) {
      const chain_entry& e = *line.entry;
      entries.push_back(
          {{"position", line.position},
           {"name", e.name},
           {"detail", e.detail},
           {"slot", e.slot ? json(*e.slot) : json(nullptr)},
           {"status", line.status == handlers::entry_status::confirmed ? "confirmed" : "waitlist"},
           {"sender_id", e.sender_id},
           {"registered_by", e.registered_by ? json(*e.registered_by) : json(nullptr)}});
    }
    if (csv) {
      respond(csv_response(
          entries, {"position", "name", "detail", "slot", "status", "sender_id", "registered_by"}));
      return;
    }
    respond(json_response({{"chain_id", c->id},
                           {"title", c->title},
                           {"closed", !handlers::is_open(*c, now_wall_ms())},
                           {"capacity", c->capacity ? json(*c->capacity) : json(nullptr)},
                           {"entries", std::move(entries)}}));
  });
}

void app::chat_requests(const http_request& request, const params& captured,
                        const responder& respond) {
  require_api_token(request);
  const bool csv = wants_csv(request);
  std::optional<request_status> only;
  if (const auto status = query_param(request.query(), "status")) {
    only = request_status_from(*status);
    if (!only) {
      throw http_error(400, "'status' must be open, claimed, bought, delivered or cancelled");
    }
  }
  queries_.post([chat = chat_of(request, captured), only, csv, respond](storage::store& store) {
    json rows = json::array();
    for (const supply_request& r : store.list_requests(chat)) {
      if (only && r.status != *only) continue;
      json items = json::array();
      for (const auto& i : r.items) {
        items.push_back({{"name", i.name},
                         {"quantity", i.quantity},
                         {"unit", i.unit ? json(*i.unit) : json(nullptr)},
                         {"amount_cents", i.amount_cents ? json(*i.amount_cents) : json(nullptr)}});
      }
      json where = nullptr;
      if (r.where) {
        where = {{"building", r.where->building},
                 {"unit", r.where->unit ? json(*r.where->unit) : json(nullptr)},
                 {"room", r.where->room ? json(*r.where->room) : json(nullptr)}};
      }
      const auto requested = handlers::requested_cents(r);
      rows.push_back({{"id", r.number},
                      {"requester_id", r.requester_id},
                      {"address", where},
                      {"items", std::move(items)},
                      {"amount_cents", requested ? json(*requested) : json(nullptr)},
                      {"spent_cents", r.spent_cents ? json(*r.spent_cents) : json(nullptr)},
                      {"category", r.category},
                      {"urgent", r.urgent},
                      {"status", to_string(r.status)},
                      {"claimed_by", r.claimed_by ? json(*r.claimed_by) : json(nullptr)},
                      {"duplicate_of", r.duplicate_of ? json(*r.duplicate_of) : json(nullptr)},
                      {"message_id", r.message_id}});
    }
    if (!csv) {
      respond(json_response({{"requests", std::move(rows)}}));
      return;
    }
    // One spreadsheet row per request: the address and items flattened to text.
    for (auto& row : rows) {
      const json& where = row["address"];
      row["building"] = where.is_null() ? json(nullptr) : where["building"];
      row["unit"] = where.is_null() ? json(nullptr) : where["unit"];
      row["room"] = where.is_null() ? json(nullptr) : where["room"];
      std::string items;
      for (const auto& i : row["items"]) {
        if (!items.empty()) items += "; ";
        items += i["name"].get<std::string>() + " " +
                 std::to_string(i["quantity"].get<long long>()) +
                 (i["unit"].is_null() ? std::string() : i["unit"].get<std::string>());
      }
      row["items"] = items;
    }
    respond(csv_response(rows, {"id", "requester_id", "building", "unit", "room", "items",
                                "amount_cents", "spent_cents", "category", "urgent", "status",
                                "claimed_by", "duplicate_of", "message_id"}));
  });
}

void app::chat_tally(const http_request& request, const params& captured,
                     const responder& respond) {
  require_api_token(request);
  const bool csv = wants_csv(request);
  const std::string by = query_param(request.query(), "by").value_or("building");
  if (by != "building" && by != "item" && by != "category") {
    throw http_error(400, "'by' must be building, item or category");
  }
  queries_.post([chat = chat_of(request, captured), by, csv, respond](storage::store& store) {
    const auto t = handlers::tally(store.list_requests(chat), by);
    json rows = json::array();
    for (const auto& row : t->rows) {
      json r = {{"key", row.key}, {"requests", row.requests}, {"amount_cents", row.amount_cents}};
      if (by == "item") {
        r["quantity"] = row.quantity ? json(*row.quantity) : json(nullptr);
        r["unit"] = row.unit ? json(*row.unit) : json(nullptr);
      }
      rows.push_back(std::move(r));
    }
    if (csv) {
      std::vector<std::string> columns = {"key", "requests", "amount_cents"};
      if (by == "item") columns.insert(columns.end(), {"quantity", "unit"});
      respond(csv_response(rows, columns));
      return;
    }
    respond(
        json_response({{"by", by},
                       {"rows", std::move(rows)},
                       {"total", {{"requests", t->requests}, {"amount_cents", t->amount_cents}}}}));
  });
}

namespace {

// ?date=YYYY-MM-DD, or none.
std::optional<handlers::civil_date> date_param(const http_request& request) {
  const auto text = query_param(request.query(), "date");
  if (!text) return std::nullopt;
  const auto d = handlers::parse_iso_date(*text);
  if (!d) throw http_error(400, "'date' must be a date as YYYY-MM-DD");
  return d;
}

// The chat's time zone: its own (/tz), else the deployment's.
const handlers::time_zone& zone_of(storage::store& store, const chat_ref& chat,
                                   const std::string& fallback) {
  const std::string name = store.load_chat(chat).time_zone;
  if (const auto* z = handlers::time_zone::find(name.empty() ? fallback : name)) return *z;
  return handlers::time_zone::shanghai();
}

std::string hh_mm(int minute) {
  return handlers::format_clock({minute / 60, minute % 60});
}

}  // namespace

void app::chat_tasks(const http_request& request, const params& captured,
                     const responder& respond) {
  require_api_token(request);
  const bool csv = wants_csv(request);
  const auto date = date_param(request);
  queries_.post([chat = chat_of(request, captured), date, csv, respond,
                 fallback = config_->time_zone, now = now_ms_()](storage::store& store) {
    const auto day = date.value_or(handlers::date_of(now, zone_of(store, chat, fallback)));
    json rows = json::array();
    for (const task& t : handlers::live_tasks(store, chat, day)) {
      json volunteers = json::array();
      std::string names;
      for (const task_member* m : handlers::active_members(t)) {
        volunteers.push_back({{"id", m->volunteer_id}, {"name", m->name}});
        names += (names.empty() ? "" : "; ") + m->name;
      }
      rows.push_back({{"id", handlers::task_label(t.number)},
                      {"title", t.title},
                      {"place", t.place},
                      {"date", t.date},
                      {"start", hh_mm(t.start_minute)},
                      {"end", hh_mm(t.end_minute)},
                      {"capacity", t.capacity},
                      {"group", t.group ? json(*t.group) : json(nullptr)},
                      {"status", handlers::task_status(t)},
                      {"volunteers", csv ? json(names) : std::move(volunteers)}});
    }
    if (csv) {
      respond(csv_response(rows, {"id", "title", "place", "date", "start", "end", "capacity",
                                  "group", "status", "volunteers"}));
      return;
    }
    respond(json_response({{"tasks", std::move(rows)}}));
  });
}

void app::chat_assignments(const http_request& request, const params& captured,
                           const responder& respond) {
  require_api_token(request);
  const bool csv = wants_csv(request);
  const auto date = date_param(request);
  if (!date) throw http_error(400, "'date' is required: ?date=YYYY-MM-DD");
  queries_.post([chat = chat_of(request, captured), day = *date, csv, respond, rules = shifts_,
                 now = now_ms_()](storage::store& store) {
    json rows = json::array();
    json unfilled = json::array();
    const auto tasks = handlers::live_tasks(store, chat, day);
    // Why open places are open: what /assign would make of them now.
    const auto planned = handlers::plan_day(store, chat, day, tasks, rules, now);
    for (const task& t : tasks) {
      const auto holders = handlers::active_members(t);
      for (const task_member* m : holders) {
        rows.push_back({{"volunteer_id", m->volunteer_id},
                        {"name", m->name},
                        {"task_id", handlers::task_label(t.number)},
                        {"start", hh_mm(t.start_minute)},
                        {"end", hh_mm(t.end_minute)},
                        {"confirmed", m->confirmed}});
      }
      const int missing = t.capacity - static_cast<int>(holders.size());
      if (missing <= 0 || t.done) continue;
      std::string reason =
          t.start_ms <= now ? "the shift has begun" : "not assigned yet: /assign would fill it";
      for (const auto& g : planned.result.gaps) {
        if (g.task_number == t.number) reason = handlers::describe_gap(g, storage::language::en);
      }
      unfilled.push_back(
          {{"task_id", handlers::task_label(t.number)}, {"missing", missing}, {"reason", reason}});
    }
    if (csv) {
      respond(csv_response(rows, {"volunteer_id", "name", "task_id", "start", "end", "confirmed"}));
      return;
    }
    respond(json_response({{"date", handlers::iso_date(day)},
                           {"assignments", std::move(rows)},
                           {"unfilled", std::move(unfilled)}}));
  });
}

void app::admin_clock(const http_request& request, const params&, const responder& respond) {
  if (!manual_tick_) throw http_error(404, "the manual clock is off (scheduler.manual_clock)");
  require_api_token(request);
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

void app::require_api_token(const http_request& request) const {
  if (!config_->env.api_token) {
    throw http_error(401, "the read API is disabled: set LINLI_API_TOKEN");
  }
  const std::string expected = "Bearer " + *config_->env.api_token;
  if (!constant_time_equal(request.header("authorization"), expected)) {
    throw http_error(401, "missing or wrong bearer token");
  }
}

void app::chat_messages(const http_request& request, const params& captured,
                        const responder& respond) {
  require_api_token(request);
  const std::string_view query = request.query();
  const chat_ref chat = chat_of(request, captured);
  storage::message_filter filter;
  filter.kind = query_param(query, "kind");
  auto integer = [&](const char* name, std::int64_t min, std::int64_t max,
                     std::int64_t fallback) -> std::int64_t {
    const auto value = query_param(query, name);
    if (!value) return fallback;
    try {
      std::size_t used = 0;
      const long long v = std::stoll(*value, &used);
      if (used == value->size() && v >= min && v <= max) return v;
    } catch (const std::exception&) {
    }
    throw http_error(400, std::string("'") + name + "' must be an integer from " +
                              std::to_string(min) + " to " + std::to_string(max));
  };
  filter.limit = static_cast<int>(integer("limit", 1, 1000, 100));
  filter.before_seq = integer("before", 0, INT64_MAX, 0);

  queries_.post([chat, filter, respond](storage::store& store) {
    const auto rows = store.list_messages(chat, filter);
    json messages = json::array();
    for (const auto& m : rows) {
      messages.push_back({{"seq", m.seq},
                          {"message_id", m.message.delivery_id},
                          {"sender",
                           {{"id", m.message.from.id},
                            {"name", m.message.from.name},
                            {"role", to_string(m.message.from.role)}}},
                          {"text", m.message.text},
                          {"timestamp", m.message.sent_at},
                          {"received_at_ms", m.message.received_at_ms},
                          {"kind", m.kind},
                          {"replies", reply_array(m.answers)}});
    }
    json next = nullptr;
    if (static_cast<int>(rows.size()) == filter.limit) next = rows.back().seq;
    respond(json_response({{"chat_id", chat.chat_id},
                           {"platform", chat.platform},
                           {"messages", std::move(messages)},
                           {"next_before", next}}));
  });
}

}  // namespace linli::bot
