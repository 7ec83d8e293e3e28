// The generic platform: linli's own JSON (design.md, the contract), for bridges and tests. Its
// replies always travel in the webhook answer; messages the bot sends on its own are POSTed to
// LINLI_GENERIC_OUTBOUND_URL.

#include "bot/platforms/generic/generic.hpp"

#include <limits>

#include "bot/net/http_client.hpp"
#include "bot/platforms/common.hpp"
#include "bot/platforms/generic/generic_adapter.hpp"
#include "bot/platforms/signature.hpp"

namespace linli::bot::platforms {
namespace {

class generic final : public platform {
 public:
  explicit generic(const config::config& cfg)
      : secret_(cfg.env.generic_secret ? cfg.env.generic_secret
                                       : cfg.env.get("LINLI_GENERIC_SECRET")),
        outbound_url_(cfg.env.generic_outbound_url ? cfg.env.generic_outbound_url
                                                   : cfg.env.get("LINLI_GENERIC_OUTBOUND_URL")),
        timeout_(cfg.outbound.timeout_ms) {}

  std::string_view name() const override { return generic_platform; }

  // Every reply rides in the webhook's answer; the bridge that calls us paces its own sends.
  const bot::capabilities& capabilities() const override {
    static const bot::capabilities caps{
        .sees_all_messages = true,
        .answers_in_webhook = true,
        .enabled_by = {"LINLI_GENERIC_SECRET", "LINLI_GENERIC_OUTBOUND_URL"},
        .verified_by = {"LINLI_GENERIC_SECRET"}};
    return caps;
  }

  void verify(const http_request& request, std::int64_t) const override {
    if (!secret_) return;
    const std::string_view signature = request.header("x-linli-signature");
    if (signature.empty()) throw http_error(401, "missing X-Linli-Signature header");
    if (!verify_generic_signature(*secret_, request.body, signature)) {
      throw http_error(401, "signature does not match the body");
    }
  }

  bool authenticates() const override { return secret_.has_value(); }

  inbound parse(const http_request& request, std::int64_t received_ms) const override {
    require_json(request);
    return {parse_generic(request.body, received_ms), std::nullopt};
  }

  std::size_t inline_replies() const override { return std::numeric_limits<std::size_t>::max(); }

  // The contract's answer: {"replies": [...], "duplicate": ...}.
  http_response acknowledge(const answer_input& in) const override {
    json list = json::array();
    for (const reply& r : in.carried) list.push_back({{"text", r.text}});
    return json_answer({{"replies", std::move(list)}, {"duplicate", in.duplicate}});
  }

  bool can_send() const override { return outbound_url_.has_value(); }

  delivery send(const outbound_message& m, std::string_view part) const override {
    // (id, part) is the idempotency key: a resend after a crash repeats both, and a long text's
    // parts share the id.
    const json body = {{"id", std::to_string(m.id)},
                       {"part", m.parts_sent},
                       {"chat_id", m.chat.chat_id},
                       {"text", part}};
    return delivery_of(post_json(*outbound_url_, dump(body), timeout_));
  }

  std::vector<std::string> warnings() const override {
    std::vector<std::string> out;
    if (!secret_) {
      out.emplace_back(
          "LINLI_GENERIC_SECRET is not set: the generic webhook accepts unsigned requests");
    }
    if (!outbound_url_) {
      out.emplace_back(
          "LINLI_GENERIC_OUTBOUND_URL is not set: confirmations and reminders for generic chats "
          "are kept in the outbox, unsent");
    }
    return out;
  }

 private:
  std::optional<std::string> secret_;
  std::optional<std::string> outbound_url_;
  std::chrono::milliseconds timeout_;
};

}  // namespace

std::unique_ptr<platform> make_generic(const config::config& cfg) {
  return std::make_unique<generic>(cfg);
}

}  // namespace linli::bot::platforms
