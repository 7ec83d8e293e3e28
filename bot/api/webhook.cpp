#include "bot/api/webhook.hpp"

#include <algorithm>

#include "bot/pipeline/ingest.hpp"
#include "bot/pipeline/names.hpp"

namespace linli::bot {
namespace {

// What a webhook answers once the writer is done with its message.
http_response webhook_answer(const platform& p, const chat_ref& chat, const ingest_result& result,
                             const std::string& context) {
  using status = ingest_result::status;
  switch (result.state) {
    case status::stored:
    case status::duplicate: {
      const std::size_t n = std::min(p.inline_replies(), result.answers.size());
      const replies carried(result.answers.begin(), result.answers.begin() + static_cast<long>(n));
      return p.acknowledge(
          {chat, carried, result.state == status::duplicate, result.outbox, context});
    }
    case status::unavailable:
      return error_response(503, "storage unavailable; retry later");
    case status::overloaded:
      return error_response(503, "too many messages waiting; retry later");
  }
  return error_response(500, "internal error");
}

}  // namespace

webhook::webhook(const platform_registry& platforms, ingest& writer, clock_fn now_ms, send_fn send,
                 name_gate* names)
    : platforms_(platforms),
      writer_(writer),
      now_ms_(std::move(now_ms)),
      send_(std::move(send)),
      names_(names) {}

std::string webhook::label(const route_params& captured) const {
  if (platforms_.find(captured.at(0))) return "/v1/webhook/" + captured.at(0);
  return "/v1/webhook/{platform}";
}

void webhook::handle(const http_request& request, const route_params& captured,
                     const responder& respond) const {
  const platform* p = platforms_.find(captured.at(0));
  if (!p) {
    throw http_error(404, "platform '" + captured.at(0) +
                              "' is not enabled: set its credentials in the environment "
                              "(deploy/README.md)");
  }
  if (request.method == "GET" && !p->capabilities().verifies_url_by_get) {
    throw http_error(405, "method not allowed");
  }
  const std::int64_t now = now_ms_();
  p->verify(request, now);  // the raw bytes, before anything parses them
  inbound in = p->parse(request, now);
  if (in.answer) {
    respond(std::move(*in.answer));
    return;
  }
  // A role is the platform's word about the sender: it counts only when the request was proven
  // to come from the platform (never under --insecure-dev without the secret).
  if (!p->authenticates()) in.message->from.role = platform_role::member;
  const chat_ref chat = in.message->chat;
  auto store = [this, p, chat, context = std::move(in.context), respond](envelope message) {
    writer_.submit(std::move(message), [this, p, chat, context, respond](ingest_result result) {
      // Runs on the writer thread after the commit: hand the outbox over (a copy: the answer
      // may carry rows), answer elsewhere.
      if (send_ && !result.outbox.empty()) send_(result.outbox);
      respond.later([p, chat, context, result = std::move(result)] {
        return webhook_answer(*p, chat, result, context);
      });
    });
  };
  if (names_) {
    names_->admit(*p, std::move(*in.message), std::move(store));
  } else {
    store(std::move(*in.message));
  }
}

}  // namespace linli::bot
