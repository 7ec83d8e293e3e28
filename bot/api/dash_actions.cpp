#include "bot/api/dash_actions.hpp"

#include <openssl/rand.h>

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
#include "handlers/core/dispatcher.hpp"
#include "handlers/core/messages.hpp"
#include "handlers/requests/request_types.hpp"

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

int number_of(const std::string& text) {
  if (text.empty() || text.size() > 9 ||
      text.find_first_not_of("0123456789") != std::string::npos) {
    throw http_error(400, "the request number must be a positive integer");
  }
  const int n = std::stoi(text);
  if (n <= 0) throw http_error(400, "the request number must be a positive integer");
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
  const action* what = find_action(captured.at(2));
  if (!what) throw http_error(404, "no such action: " + captured.at(2));
  std::string text = std::string(what->command) + " #" + std::to_string(number);
  if (what->result == request_status::bought) {
    if (const std::string paid = paid_of(request); !paid.empty()) text += " 实付 " + paid + "元";
  }
  auth_.with_csrf_session(
      request, respond,
      [this, respond, chat, number, what, text](const dash_identity& who, storage::store&) {
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
        writer_.submit(m, [this, respond, m, number, what](ingest_result result) {
          if (result.state != ingest_result::status::stored) {
            respond(error_response(503, "storage unavailable; retry later"));
            return;
          }
          json replies = json::array();
          for (const reply& r : result.answers) replies.push_back(r.text);
          // After the message's commit, in the writer's order: did it change the request?
          const auto announced = std::make_shared<std::vector<outbound_message>>();
          writer_.execute(
              [this, m, number, what, announced](storage::store& s) {
                const auto r = s.find_request(m.chat, number);
                if (!r || r->status != what->result ||
                    r->updated_ms != handlers::message_time_ms(m))
                  return;
                outbound_message o;
                o.chat = m.chat;
                o.text =
                    handlers::message(s.load_chat(m.chat).lang, what->announcement,
                                      {{"number", std::to_string(number)}, {"name", m.from.name}});
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
