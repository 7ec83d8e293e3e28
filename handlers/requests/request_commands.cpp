#include "handlers/requests/request_commands.hpp"

#include "handlers/core/dispatcher.hpp"
#include "handlers/requests/duplicates.hpp"
#include "handlers/requests/request_parser.hpp"
#include "handlers/requests/requests.hpp"
#include "handlers/text/text.hpp"

#include <map>

namespace linli::handlers {
namespace {

// The same household asking for the same item within this window is flagged as a possible repeat.
constexpr std::int64_t duplicate_window_ms = 6 * 3'600'000;

std::vector<request_item> to_items(const parsed_request& p) {
  std::vector<request_item> out;
  for (const auto& i : p.items) out.push_back({i.name, i.quantity, i.unit, i.amount_cents});
  return out;
}

// Fills what a message says into a request (new, or edited with 改).
void apply_parsed(context& ctx, const parsed_request& p, supply_request& r) {
  r.where = p.where ? p.where : ctx.store.load_address(ctx.message.chat, ctx.message.from.id);
  r.items = to_items(p);
  r.category = std::string(category_name(p.kind));
  r.urgent = p.urgent;
  r.stated_total_cents = p.stated_total_cents;
}

std::optional<replies> on_request(context& ctx) {
  const auto parsed = parse_request(ctx.args);
  if (!parsed) return std::nullopt;
  supply_request r;
  r.chat = ctx.message.chat;
  r.requester_id = ctx.message.from.id;
  r.requester_name = ctx.message.from.name;
  apply_parsed(ctx, *parsed, r);
  r.text = std::string(ctx.args);
  r.message_id = ctx.message.delivery_id;
  r.created_ms = r.updated_ms = ctx.now_ms();

  // Kept and flagged, never merged or dropped: the resident decides.
  r.duplicate_of = find_possible_duplicate(ctx.store, r, r.created_ms - duplicate_window_ms);
  r.id = ctx.store.insert_request(r);

  const std::string n = "#" + std::to_string(r.number);
  std::string out = ctx.tr("📝 已登记 ", "📝 Logged ") + describe(r, ctx.settings.lang) +
                    ctx.tr("（有误请发「改 " + n + " …」或「取消 " + n + "」）",
                           " (to fix it send 改 " + n + " … or 取消 " + n + ")");
  if (!r.where) {
    out += ctx.tr(
        "\n⚠️ 没有识别到地址，请发「/addr "
        "3-2-501」登记一次，以后的需求会自动带上。",
        "\n⚠️ No address found: send /addr 3-2-501 once and later requests use it.");
  }
  if (r.duplicate_of) {
    const std::string d = "#" + std::to_string(*r.duplicate_of);
    out +=
        ctx.tr("\n❓ 与 " + d + " 是同一户、同样物品，是否重复？如重复请发「取消 " + n + "」。",
               "\n❓ Same household and item as " + d + " — a repeat? If so send 取消 " + n + ".");
  }
  return replies{{out}};
}

// "#12 …" at the start of the args: the number and the rest; nullopt without '#'.
std::optional<std::pair<int, std::string_view>> request_ref(std::string_view args) {
  const std::string folded = text::fold(text::trim(args));
  if (!folded.starts_with("#")) return std::nullopt;
  const auto n = text::read_number(std::string_view(folded).substr(1));
  if (!n || n->value < 1 || n->value > 10'000'000) return std::nullopt;
  return std::pair{static_cast<int>(n->value),
                   text::after_folded(args, std::string_view(folded).substr(0, 1 + n->length))};
}

std::string status_label(const context& ctx, request_status s) {
  switch (s) {
    case request_status::open:
      return ctx.tr("待认领", "open");
    case request_status::claimed:
      return ctx.tr("已认领", "claimed");
    case request_status::bought:
      return ctx.tr("已买到", "bought");
    case request_status::delivered:
      return ctx.tr("已送达", "delivered");
    case request_status::cancelled:
      return ctx.tr("已取消", "cancelled");
  }
  return {};
}

// Looks up #N and runs `act` on it; answers for a missing number.
template <class Act>
std::optional<replies> with_request(context& ctx, Act act) {
  const auto ref = request_ref(ctx.args);
  if (!ref) return std::nullopt;
  auto r = ctx.store.find_request(ctx.message.chat, ref->first);
  if (!r) {
    return replies{{ctx.tr("没有需求 #", "There is no request #") + std::to_string(ref->first) +
                    ctx.tr("。发送「需求」查看待办。", ". Send 需求 to see what is open.")}};
  }
  return act(*r, ref->second);
}

std::string refused(const context& ctx, const supply_request& r, std::string_view zh,
                    std::string_view en) {
  return ctx.tr("#", "#") + std::to_string(r.number) + ctx.tr("（", " (") +
         status_label(ctx, r.status) + ctx.tr("）", ") ") + ctx.tr(zh, en);
}

bool is_claimer(const context& ctx, const supply_request& r) {
  return r.claimed_by == ctx.message.from.id || ctx.is_coordinator();
}

replies save(context& ctx, supply_request& r, std::string answer) {
  r.updated_ms = ctx.now_ms();
  ctx.store.update_request(r);
  return {{std::move(answer)}};
}

std::optional<replies> on_claim(context& ctx) {
  return with_request(ctx, [&](supply_request& r, std::string_view) -> replies {
    if (r.status != request_status::open) {
      const std::string who = r.claimed_by_name ? "：" + *r.claimed_by_name : "";
      return {{refused(ctx, r, "不能再认领" + who + "。", "cannot be claimed.")}};
    }
    r.status = request_status::claimed;
    r.claimed_by = ctx.message.from.id;
    r.claimed_by_name = ctx.message.from.name;
    return save(ctx, r,
                ctx.tr("✅ #", "✅ #") + std::to_string(r.number) + ctx.tr(" 由 ", " claimed by ") +
                    ctx.message.from.name + ctx.tr(" 认领：", ": ") +
                    describe(r, ctx.settings.lang));
  });
}

std::optional<replies> on_bought(context& ctx) {
  return with_request(ctx, [&](supply_request& r, std::string_view rest) -> replies {
    if (r.status != request_status::claimed) {
      return {{refused(ctx, r, "只有已认领的需求才能标记已买。",
                       "can be marked bought only once claimed.")}};
    }
    if (!is_claimer(ctx, r)) {
      return {{refused(ctx, r,
                       "由 " + r.claimed_by_name.value_or("") + " 认领，只有认领人或协调员能更新。",
                       "was claimed by someone else; only they or a coordinator can update it.")}};
    }
    // 实付 58.5元: what was actually paid.
    const std::string f = text::fold(rest);
    const std::string_view paid_word = f.find("实付") != std::string::npos ? "实付" : "paid";
    if (const auto at = f.find(paid_word); at != std::string::npos) {
      std::string_view money = std::string_view(f).substr(at + paid_word.size());
      while (!money.empty() && (money.front() == ' ' || money.front() == ':'))
        money.remove_prefix(1);
      std::size_t length = 0;
      const auto cents = read_money(money, length, true);
      if (!cents) {
        return {{ctx.tr("没看懂实付金额，请写成「已买 #",
                        "Could not read the amount paid; write 已买 #") +
                 std::to_string(r.number) + ctx.tr(" 实付 58.5元」。", " 实付 58.5元.")}};
      }
      r.spent_cents = *cents;
    }
    r.status = request_status::bought;
    std::string answer =
        ctx.tr("🛒 #", "🛒 #") + std::to_string(r.number) + ctx.tr(" 已买到", " bought");
    if (r.spent_cents) answer += ctx.tr("，实付 ¥", ", paid ¥") + format_cents(*r.spent_cents);
    return save(ctx, r, answer + ctx.tr("。", "."));
  });
}

std::optional<replies> on_delivered(context& ctx) {
  return with_request(ctx, [&](supply_request& r, std::string_view) -> replies {
    if (r.status != request_status::claimed && r.status != request_status::bought) {
      return {{refused(ctx, r, "需要先认领才能送达。", "must be claimed before it is delivered.")}};
    }
    if (!is_claimer(ctx, r)) {
      return {{refused(ctx, r, "只有认领人或协调员能标记送达。",
                       "can be marked delivered only by its volunteer or a coordinator.")}};
    }
    r.status = request_status::delivered;
    return save(ctx, r,
                ctx.tr("📦 #", "📦 #") + std::to_string(r.number) +
                    ctx.tr(" 已送达 ", " delivered to ") + household(r.where, ctx.settings.lang) +
                    ctx.tr("，谢谢 ", ", thank you ") +
                    r.claimed_by_name.value_or(ctx.message.from.name) + ctx.tr("！", "!"));
  });
}

std::optional<replies> on_cancel(context& ctx) {
  return with_request(ctx, [&](supply_request& r, std::string_view) -> replies {
    if (r.requester_id != ctx.message.from.id && !ctx.is_coordinator()) {
      return {{refused(ctx, r, "只有提出需求的居民或协调员能取消。",
                       "can be cancelled only by the resident who asked or a coordinator.")}};
    }
    if (r.status == request_status::delivered || r.status == request_status::cancelled) {
      return {{refused(ctx, r, "不能再取消。", "cannot be cancelled.")}};
    }
    r.status = request_status::cancelled;
    return save(ctx, r,
                ctx.tr("已取消 #", "Cancelled #") + std::to_string(r.number) + ctx.tr("。", "."));
  });
}

std::optional<replies> on_edit(context& ctx) {
  return with_request(ctx, [&](supply_request& r, std::string_view rest) -> replies {
    if (r.requester_id != ctx.message.from.id && !ctx.is_coordinator()) {
      return {{refused(ctx, r, "只有提出需求的居民或协调员能修改。",
                       "can be changed only by the resident who asked or a coordinator.")}};
    }
    if (r.status != request_status::open && r.status != request_status::claimed) {
      return {{refused(ctx, r, "已买到或结束，不能再修改。", "is past changing.")}};
    }
    // The correction is read like a new request; 需要 is implied.
    auto parsed = parse_request("需要 " + std::string(rest));
    if (!parsed) {
      return {{ctx.tr("没看懂修改内容，请写成「改 #", "Could not read the change; write 改 #") +
               std::to_string(r.number) +
               ctx.tr(" 3-2-501 硝苯地平 2盒」。", " 3-2-501 硝苯地平 2盒.")}};
    }
    const auto previous = r.where;
    const bool was_urgent = r.urgent;
    apply_parsed(ctx, *parsed, r);
    if (!parsed->where && previous) r.where = previous;
    r.urgent = r.urgent || was_urgent;  // correcting a quantity does not make it less urgent
    r.text = std::string(rest);
    return save(ctx, r,
                ctx.tr("✏️ 已修改 ", "✏️ Changed ") + describe(r, ctx.settings.lang));
  });
}

replies list_open(context& ctx) {
  const auto all = ctx.store.list_requests(ctx.message.chat);
  const auto open = by_priority(all);
  if (open.empty()) return {{ctx.tr("目前没有待办需求。", "No open requests.")}};
  std::string out =
      ctx.tr("待办需求（药品和急需优先）：", "Open requests (medicine and urgent first):");
  for (const supply_request* r : open) {
    out += "\n" + describe(*r, ctx.settings.lang) + "｜" + status_label(ctx, r->status);
    if (r->claimed_by_name) out += " " + *r->claimed_by_name;
  }
  return {{out}};
}

std::optional<replies> on_register_address(context& ctx) {
  const auto a = find_address(ctx.args);
  if (!a) return std::nullopt;
  ctx.store.save_address(ctx.message.chat, ctx.message.from.id, a->value);
  return replies{
      {ctx.tr("🏠 已记住您的地址：", "🏠 Address saved: ") + household(a->value, ctx.settings.lang) +
       ctx.tr("。以后的需求不写地址也会带上。", ". Later requests without one use it.")}};
}

replies addr_command(context& ctx) {
  if (auto r = on_register_address(ctx)) return *r;
  return {{ctx.tr("用法：/addr 3-2-501 或 /addr 3号楼2单元501",
                  "Usage: /addr 3-2-501 or /addr 3号楼2单元501")}};
}

replies tally_command(context& ctx) {
  const std::string by = ctx.args.empty() ? "building" : text::fold(ctx.args);
  static const std::map<std::string, std::string> aliases = {{"楼栋", "building"},
                                                             {"楼", "building"},
                                                             {"物品", "item"},
                                                             {"类别", "category"},
                                                             {"分类", "category"}};
  const auto alias = aliases.find(by);
  const auto result =
      tally(ctx.store.list_requests(ctx.message.chat), alias != aliases.end() ? alias->second : by);
  if (!result) {
    return {{ctx.tr("用法：/tally building|item|category（楼栋/物品/类别）",
                    "Usage: /tally building|item|category")}};
  }
  return {{render_tally(*result, ctx.settings.lang)}};
}

}  // namespace

void add_request_handlers(dispatcher& d) {
  d.add({.name = "requests",
         .aliases = {"需求", "待办"},
         .summary_zh = "查看待办需求（药品和急需优先）",
         .summary_en = "open requests, most pressing first",
         .run = list_open});
  d.add({.name = "addr",
         .aliases = {"地址"},
         .summary_zh = "登记住址：/addr 3-2-501",
         .summary_en = "register your address: /addr 3-2-501",
         .run = addr_command});
  d.add({.name = "tally",
         .aliases = {"统计"},
         .summary_zh = "需求统计：/tally building|item|category",
         .summary_en = "request totals: /tally building|item|category",
         .need = role::coordinator,
         .run = tally_command});
  d.add(keyword{"需求", std::string(kinds::command),
                [](context& ctx) -> std::optional<replies> {
                  if (!ctx.args.empty()) return std::nullopt;
                  return list_open(ctx);
                },
                priority::requests});
  // Chinese first; the English words serve chats that switched with /lang en.
  for (const char* word : {"认领", "我来", "claim"})
    d.add(keyword{word, std::string(kinds::request_claim), on_claim, priority::requests});
  for (const char* word : {"已买到", "已买", "bought"})
    d.add(keyword{word, std::string(kinds::request_bought), on_bought, priority::requests});
  for (const char* word : {"已送达", "已送", "delivered"})
    d.add(keyword{word, std::string(kinds::request_delivered), on_delivered, priority::requests});
  for (const char* word : {"取消", "撤回", "cancel"})
    d.add(keyword{word, std::string(kinds::request_cancel), on_cancel, priority::requests});
  for (const char* word : {"改", "edit"})
    d.add(keyword{word, std::string(kinds::request_edit), on_edit, priority::requests});
  for (const char* word : {"我家是", "我家住", "我住在", "我住"}) {
    d.add(keyword{word, std::string(kinds::address), on_register_address, priority::requests});
  }
  d.add(parser{std::string(kinds::request), on_request, priority::requests});
}

}  // namespace linli::handlers
