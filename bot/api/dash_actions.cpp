#include "bot/api/dash_actions.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "bot/api/dash_auth.hpp"
#include "bot/api/dash_views.hpp"
#include "bot/pipeline/ingest.hpp"
#include "bot/pipeline/outbox.hpp"
#include "bot/platforms/common.hpp"
#include "bot/platforms/signature.hpp"
#include "handlers/chains/chain_views.hpp"
#include "handlers/core/dispatcher.hpp"
#include "handlers/core/messages.hpp"
#include "handlers/requests/correction_commands.hpp"
#include "handlers/requests/request_types.hpp"
#include "handlers/tasks/task_commands.hpp"

namespace linli::bot {
namespace {

using json = nlohmann::json;

// What each action sends, the status it leads to, and how the group hears of it.
struct action {
  std::string_view name;
  std::string_view command;  // the chat's own keyword
  request_status result;
  std::string_view announcement;
};

constexpr std::array<action, 3> actions = {{
    {"delivered", "已送达", request_status::delivered, "requests.dashboard.delivered"},
    {"bought", "已买", request_status::bought, "requests.dashboard.bought"},
    {"cancel", "取消", request_status::cancelled, "requests.dashboard.cancelled"},
}};

const action* find_action(std::string_view name) {
  for (const action& a : actions) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

constexpr std::size_t max_corrected_bytes = 2000;

int number_of(const std::string& text) {
  if (text.empty() || text.size() > 9 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    throw http_error(400, "the number must be a positive integer");
  }
  const int n = std::stoi(text);
  if (n <= 0) throw http_error(400, "the number must be a positive integer");
  return n;
}

// "58.50": digits with at most two decimals, or nothing.
std::string paid_of(const http_request& request) {
  const std::string paid = query_param(request.body, "paid").value_or("");
  const auto dot = paid.find('.');
  const bool ok =
      paid.size() <= 12 && paid.find_first_not_of("0123456789.") == std::string::npos &&
      (dot == std::string::npos ||
       (dot > 0 && paid.find('.', dot + 1) == std::string::npos && paid.size() - dot - 1 <= 2));
  if (!ok) throw http_error(400, "'paid' must be an amount in yuan such as 58.50");
  return paid;
}

std::string random_id() {
  std::array<unsigned char, 12> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("no random bytes for a message id");
  }
  return to_hex(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

}  // namespace

dash_actions::dash_actions(const dash_auth& auth, ingest& writer, const outbox* box, send_fn send,
                           clock_fn now_ms)
    : auth_(auth), writer_(writer), box_(box), send_(std::move(send)), now_ms_(std::move(now_ms)) {}

void dash_actions::act(const http_request& request, const route_params& captured,
                       const responder& respond) const {
  const chat_ref chat = dash_chat_of(request, captured);
  const int number = number_of(captured.at(1));
  if (captured.at(2) == "category") {
    edit_category(request, respond, chat, number);
    return;
  }
  if (captured.at(2) == "assign") {
    assign(request, respond, chat, number);
    return;
  }
  const action* what = find_action(captured.at(2));
  if (!what) throw http_error(404, "no such action: " + captured.at(2));
  std::string text = std::string(what->command) + " #" + std::to_string(number);
  if (what->result == request_status::bought) {
    if (const std::string paid = paid_of(request); !paid.empty()) text += " 实付 " + paid + "元";
  }
  submit(request, respond, chat, std::move(text),
         [number, what](storage::store& s, const envelope& m,
                        const replies&) -> std::optional<std::string> {
           const auto r = s.find_request(m.chat, number);
           if (!r || r->status != what->result || r->updated_ms != handlers::message_time_ms(m))
             return std::nullopt;
           return handlers::message(s.load_chat(m.chat).lang, what->announcement,
                                    {{"number", std::to_string(number)}, {"name", m.from.name}});
         });
}

void dash_actions::correct(const http_request& request, const route_params& captured,
                           const responder& respond) const {
  const chat_ref chat = dash_chat_of(request, captured);
  const std::int64_t seq = number_of(captured.at(1));
  const std::string& as = captured.at(2);
  if (as != "need" && as != "offer") throw http_error(404, "no such correction: " + as);
  const bool need = as == "need";
  const std::string corrected = query_param(request.body, "text").value_or("");
  if (corrected.size() > max_corrected_bytes) {
    throw http_error(400, "'text' must be at most 2000 bytes");
  }
  std::string text = "/代登记 " + std::to_string(seq) + (need ? " 需求" : " 供给");
  if (!corrected.empty()) text += " " + corrected;
  submit(request, respond, chat, std::move(text),
         [seq, need](storage::store& s, const envelope& m,
                     const replies& answers) -> std::optional<std::string> {
           const auto original = s.list_messages(m.chat, {.before_seq = seq + 1, .limit = 1});
           const auto correction = handlers::correction_of(s, m.chat, seq);
           if (original.empty() || original.front().seq != seq || !correction) return std::nullopt;
           const std::string& resident = original.front().message.from.name;
           const auto lang = s.load_chat(m.chat).lang;
           // This message made it (and not an earlier one): its first answer says so.
           if (answers.empty() ||
               answers.front().text !=
                   handlers::message(lang, "requests.correct.done",
                                     {{"coordinator", m.from.name}, {"resident", resident}})) {
             return std::nullopt;
           }
           const std::string prefix = std::to_string(seq) + ":#";
           return handlers::message(
               lang,
               need ? "requests.dashboard.corrected_need" : "requests.dashboard.corrected_offer",
               {{"number", correction->target.substr(prefix.size())},
                {"name", m.from.name},
                {"resident", resident}});
         });
}

void dash_actions::edit_category(const http_request& request, const responder& respond,
                                 const chat_ref& chat, int number) const {
  const std::string category = query_param(request.body, "category").value_or("");
  static const std::array<std::string_view, 5> known = {"medicine", "cold_chain", "food", "daily",
                                                        "other"};
  if (std::find(known.begin(), known.end(), category) == known.end()) {
    throw http_error(400, "'category' must be medicine, cold_chain, food, daily or other");
  }
  submit(request, respond, chat, "改 #" + std::to_string(number) + " 类别:" + category,
         [number, category](storage::store& s, const envelope& m,
                            const replies&) -> std::optional<std::string> {
           const auto r = s.find_request(m.chat, number);
           if (!r || r->category != category || r->updated_ms != handlers::message_time_ms(m))
             return std::nullopt;
           const auto lang = s.load_chat(m.chat).lang;
           return handlers::message(
               lang, "requests.dashboard.category",
               {{"number", std::to_string(number)},
                {"category", handlers::message(lang, "requests.category." + category)},
                {"name", m.from.name}});
         });
}

void dash_actions::assign(const http_request& request, const responder& respond,
                          const chat_ref& chat, int number) const {
  const std::string volunteer = query_param(request.body, "volunteer").value_or("");
  const bool printable = std::none_of(volunteer.begin(), volunteer.end(),
                                      [](char c) { return c == '\n' || c == '\r' || c == '\t'; });
  if (volunteer.empty() || volunteer.size() > 64 || !printable) {
    throw http_error(400, "'volunteer' must be a name of 1 to 64 bytes on one line");
  }
  submit(
      request, respond, chat, "派 #" + std::to_string(number) + " " + volunteer,
      [number, volunteer](storage::store& s, const envelope& m,
                          const replies&) -> std::optional<std::string> {
        const auto r = s.find_request(m.chat, number);
        if (!r || r->status != request_status::claimed || r->claimed_by_name != volunteer ||
            r->updated_ms != handlers::message_time_ms(m))
          return std::nullopt;
        return handlers::message(
            s.load_chat(m.chat).lang, "requests.dashboard.assigned",
            {{"number", std::to_string(number)}, {"volunteer", volunteer}, {"name", m.from.name}});
      });
}

void dash_actions::chain(const http_request& request, const route_params& captured,
                         const responder& respond) const {
  const chat_ref chat = dash_chat_of(request, captured);
  const std::string& what = captured.at(1);
  std::string text = "/chain " + what;
  std::optional<int> cap;  // the places asked for; 0 = no limit
  std::string slot;
  if (what == "cap") {
    const std::string places = query_param(request.body, "cap").value_or("");
    slot = query_param(request.body, "slot").value_or("");
    if (!slot.empty() && slot != "上午" && slot != "下午" && slot != "全天" && slot != "晚上") {
      throw http_error(400, "'slot' must be 上午, 下午, 全天 or 晚上");
    }
    if (places == "none") {
      cap = 0;
    } else {
      const bool digits = !places.empty() && places.size() <= 5 &&
                          places.find_first_not_of("0123456789") == std::string::npos;
      if (!digits || std::stoi(places) < 1 || std::stoi(places) > 10'000) {
        throw http_error(400, "'cap' must be a number of places from 1 to 10000, or none");
      }
      cap = std::stoi(places);
    }
    text += (slot.empty() ? "" : " " + slot) + " " + places;
  } else if (what != "close" && what != "open") {
    throw http_error(404, "no such chain action: " + what);
  }
  submit(request, respond, chat, std::move(text),
         [this, what, cap, slot](storage::store& s, const envelope& m,
                                 const replies& answers) -> std::optional<std::string> {
           // The chain as the page shows it, after the command: in the state asked for?
           const auto view = handlers::chain_view(s, m.chat, now_ms_());
           if (!view) return std::nullopt;
           const auto lang = s.load_chat(m.chat).lang;
           const std::string title = view->value("title", "");
           if (what == "close" || what == "open") {
             if (view->value("closed", false) != (what == "close")) return std::nullopt;
             // Already so before the command: the group was told nothing new.
             const std::string unchanged = handlers::message(
                 lang, what == "close" ? "chains.closed.already" : "chains.reopened.already",
                 {{"title", title}});
             if (answers.size() == 1 && answers[0].text == unchanged) return std::nullopt;
             return handlers::message(
                 lang, what == "close" ? "chains.dashboard.closed" : "chains.dashboard.opened",
                 {{"title", title}, {"name", m.from.name}});
           }
           if (slot.empty()) {
             const json& capacity = view->at("capacity");
             if (*cap == 0 ? !capacity.is_null() : capacity != *cap) return std::nullopt;
           }
           const std::string places =
               *cap == 0 ? handlers::message(lang, "chains.no_limit") : std::to_string(*cap);
           return handlers::message(lang, "chains.dashboard.cap",
                                    {{"title", title},
                                     {"places", slot.empty() ? places : slot + " " + places},
                                     {"name", m.from.name}});
         });
}

void dash_actions::rota(const http_request& request, const route_params& captured,
                        const responder& respond) const {
  const chat_ref chat = dash_chat_of(request, captured);
  if (captured.at(1) != "confirm") throw http_error(404, "no such rota action: " + captured.at(1));
  const auto day = handlers::parse_iso_date(query_param(request.body, "date").value_or(""));
  if (!day) throw http_error(400, "'date' must be a date as YYYY-MM-DD");
  submit(request, respond, chat, "/assign " + handlers::iso_date(*day),
         [day = *day](storage::store& s, const envelope& m,
                      const replies& answers) -> std::optional<std::string> {
           if (answers.empty()) return std::nullopt;
           return handlers::rota_confirmed_line(s, m.chat, day, handlers::message_time_ms(m),
                                                m.from.name, answers.front().text);
         });
}

void dash_actions::submit(const http_request& request, const responder& respond,
                          const chat_ref& chat, std::string text, announce_fn announce) const {
  auth_.with_csrf_session(
      request, respond,
      [this, respond, chat, text = std::move(text), announce = std::move(announce)](
          const dash_identity& who, storage::store&) {
        if (!who.may_see(chat)) {
          respond(error_response(403, "this account may not see chat " + chat.chat_id));
          return;
        }
        const std::int64_t now = now_ms_();
        envelope m;
        m.chat = chat;
        m.delivery_id = "dash:" + random_id();
        m.from = {"dash:" + who.account.name, who.account.name, platform_role::admin};
        m.text = text;
        m.addressed = true;
        m.sent_at = now / 1000;
        m.received_at_ms = now;
        writer_.submit(m, [this, respond, m, announce](ingest_result result) {
          if (result.state != ingest_result::status::stored) {
            respond(error_response(503, "storage unavailable; retry later"));
            return;
          }
          json replies = json::array();
          for (const reply& r : result.answers) replies.push_back(r.text);
          // After the message's commit, in the writer's order: did it change what it named?
          const auto announced = std::make_shared<std::vector<outbound_message>>();
          writer_.execute(
              [this, m, announce, announced, answers = result.answers](storage::store& s) {
                const std::optional<std::string> line = announce(s, m, answers);
                if (!line) return;
                outbound_message o;
                o.chat = m.chat;
                o.text = *line;
                o.created_ms = m.received_at_ms;
                o.next_attempt_ms = m.received_at_ms;
                announced->push_back(std::move(o));
                if (box_) box_->add(s, *announced);
              },
              [this, respond, replies, announced](bool committed) {
                if (committed && box_ && !announced->empty() && send_) send_(*announced);
                json body = {{"done", committed && !announced->empty()}, {"replies", replies}};
                if (!announced->empty()) body["announcement"] = announced->front().text;
                respond(platforms::json_answer(body));
              });
        });
      });
}

}  // namespace linli::bot
