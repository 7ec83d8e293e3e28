// Day templates: /template save NAME + one post per line | /template use NAME [明天] [zones] |
// /template lists them.

#include <algorithm>

#include "handlers/tasks/task_common.hpp"
#include "handlers/text/text.hpp"
#include "handlers/text/utf8.hpp"

namespace linli::handlers::tasks_detail {
namespace {

// "/template save 日常\n各区 配送 09:00-11:00\n分区：1号楼": the name and what follows it on the
// first line, and the lines below. The name is on the first line or missing.
struct template_text {
  std::string name;
  std::string_view after_name;
  std::string_view body;
};

template_text read_template_text(std::string_view args) {
  const std::string_view all = text::trim(args);
  const std::string_view first_line = all.substr(0, all.find('\n'));
  const std::string_view body =
      all.size() > first_line.size() ? all.substr(first_line.size() + 1) : std::string_view();
  const first_word_split name = first_word(first_word(first_line).rest);
  return {std::string(name.as_written), name.rest, body};
}

// The zones a "分区：1号楼 2号楼" line lists.
std::vector<std::string> zones_in(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) out.push_back(current);
    current.clear();
  };
  utf8::for_each(text, [&](char32_t cp, std::size_t pos, std::size_t len) {
    if (cp == U' ' || cp == U',' || cp == U'，' || cp == U'、' || cp == 0x3000 || cp == U'\t') {
      flush();
    } else {
      current += text.substr(pos, len);
    }
  });
  flush();
  return out;
}

bool is_per_zone(std::string_view folded_place) {
  return folded_place == "各区" || folded_place == "每区" || folded_place == "zone" ||
         folded_place == "各分区";
}

replies usage(const context& ctx) {
  return {{ctx.say("tasks.template.usage")}};
}

replies denied(const context& ctx) {
  return {{ctx.say("tasks.template.denied")}};
}

replies template_save(context& ctx, std::string_view) {
  const template_text in = read_template_text(ctx.args);
  if (in.name.empty()) return usage(ctx);
  task_template t{in.name, {}, {}};
  std::vector<std::string> bad;
  std::size_t pos = 0;
  while (pos <= in.body.size()) {
    const std::size_t nl = std::min(in.body.find('\n', pos), in.body.size());
    const std::string_view line = text::trim(in.body.substr(pos, nl - pos));
    pos = nl + 1;
    if (line.empty()) continue;
    const std::string folded = text::fold(line);
    if (folded.starts_with("分区") || folded.starts_with("zones")) {
      const std::size_t skip = folded.starts_with("分区") ? std::string_view("分区").size() : 5;
      const std::string zones = text::to_halfwidth(line.substr(std::min(line.size(), skip)));
      const std::string_view trimmed = text::trim(zones);
      t.zones = zones_in(trimmed.starts_with(":") ? trimmed.substr(1) : std::string_view(zones));
      continue;
    }
    if (!parse_task_spec(line, today(ctx)).spec) {
      bad.emplace_back(line);
      continue;
    }
    t.lines.emplace_back(line);
  }
  if (!bad.empty() || t.lines.empty()) {
    return {{ctx.say("tasks.template.unclear", {{"lines", text::join(bad, "\n")},
                                                {"usage", ctx.say("tasks.template.usage")}})}};
  }
  ctx.store.save_template(ctx.message.chat, t);
  return {{ctx.say("tasks.template.saved", {{"name", t.name},
                                            {"posts", std::to_string(t.lines.size())},
                                            {"zones", std::to_string(t.zones.size())}})}};
}

replies template_use(context& ctx, std::string_view) {
  const template_text in = read_template_text(ctx.args);
  if (in.name.empty()) return usage(ctx);
  const auto t = ctx.store.find_template(ctx.message.chat, in.name);
  if (!t) return {{ctx.say("tasks.template.unknown", {{"name", in.name}})}};
  civil_date day = add_days(today(ctx), 1);
  std::vector<std::string> zones;
  for (const std::string& word : zones_in(in.after_name)) {
    const std::string folded = text::fold(word);
    if (const auto d = parse_day(folded, today(ctx)); d && d->length == folded.size()) {
      day = d->day;
    } else {
      zones.push_back(word);
    }
  }
  if (zones.empty()) zones = t->zones;
  if (day < today(ctx)) return {{ctx.say("tasks.template.past")}};
  std::vector<std::string> made;
  for (const std::string& line : t->lines) {
    auto spec = parse_task_spec(line, today(ctx)).spec;
    if (!spec) continue;
    const bool per_zone = is_per_zone(text::fold(spec->place));
    for (const std::string& zone : per_zone ? zones : std::vector<std::string>{spec->place}) {
      task_spec s = *spec;
      s.place = zone;
      made.push_back(describe(ctx, create_task(ctx, s, day)));
    }
  }
  return {{ctx.say("tasks.template.used", {{"name", in.name},
                                           {"date", day_text(ctx, day)},
                                           {"count", std::to_string(made.size())},
                                           {"tasks", text::join(made, "\n")},
                                           {"day", iso_date(day)}})}};
}

// No subcommand: anyone may list the templates; the rest is for coordinators.
replies template_other(context& ctx, std::string_view args) {
  if (first_word(args).word.empty()) {
    const auto names = ctx.store.template_names(ctx.message.chat);
    if (names.empty()) {
      return {{ctx.say("tasks.template.none", {{"usage", ctx.say("tasks.template.usage")}})}};
    }
    return {{ctx.say("tasks.template.list",
                     {{"names", text::join(names, ctx.say("tasks.join.list"))}})}};
  }
  if (ctx.who() < role::coordinator) return denied(ctx);
  return usage(ctx);
}

}  // namespace

subcommands template_table() {
  return subcommands{"template",
                     {{{"save", "保存"}, role::coordinator, template_save},
                      {{"use", "使用", "套用"}, role::coordinator, template_use}},
                     template_other,
                     [](context& ctx, const subcommand&) { return denied(ctx); }};
}

}  // namespace linli::handlers::tasks_detail
