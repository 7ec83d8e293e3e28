// sjzar/chatlog's CSV (GET /api/v1/chatlog?format=csv; internal/chatlog/http/route.go and
// internal/model/message.go at a638aa9), written by Go's encoding/csv:
//
//   Time,SenderName,Sender,TalkerName,Talker,Content
//   2022-04-12 09:30:05,王芳,wxid_wangfang,3号楼互助群,34567890123@chatroom,需要布洛芬 2盒
//
// Time is local to the machine that ran chatlog; SenderName is the group nickname (empty for the
// exporter's own messages when they set none); Sender is the wxid, or 系统消息 for WeChat's own
// lines; Content is markdown-like: media as ![图片](url) or [语音](url), a quote as "> " lines
// ("> 张三(wxid) 03-01 10:02:11", "> its text") before the reply. The columns are found by name.
// RFC 4180 fields (quotes, embedded line breaks) are read by libcsv.

#include <csv.h>

#include <optional>
#include <string>
#include <vector>

#include "bot/import/exports.hpp"

namespace linli::bot::imports {

namespace {

struct rows {
  struct row {
    std::int64_t line = 0;
    std::vector<std::string> fields;
  };
  std::vector<row> all;
  row current;
  std::int64_t line = 0;  // the line being fed

  static void on_field(void* field, std::size_t size, void* self) {
    auto& r = *static_cast<rows*>(self);
    if (r.current.fields.empty()) r.current.line = r.line;
    r.current.fields.emplace_back(static_cast<const char*>(field), size);
  }
  static void on_row(int, void* self) {
    auto& r = *static_cast<rows*>(self);
    r.all.push_back(std::move(r.current));
    r.current = {};
  }
};

std::string joined(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? "," : "") + fields[i];
  return out;
}

// ![图片](http://…), [语音](http://…), [链接|title](url), [位置|label|…]: the kind (and the
// label after its bar, for links and files), as linli's platforms write media; nullopt for text.
std::optional<std::string> media_of(std::string_view content) {
  if (content.starts_with('!')) content.remove_prefix(1);
  if (!content.starts_with('[') || content.find('\n') != std::string_view::npos) return {};
  const auto close = content.find(']');
  if (close == std::string_view::npos) return {};
  const std::string_view after = content.substr(close + 1);
  if (!after.empty() && !(after.starts_with('(') && after.ends_with(')'))) return {};
  std::string_view inside = content.substr(1, close - 1);
  std::string_view label;
  if (const auto bar = inside.find('|'); bar != std::string_view::npos) {
    label = inside.substr(bar + 1);
    inside = inside.substr(0, bar);
  }
  static constexpr std::string_view kinds[] = {"图片", "视频",     "语音",     "动画表情", "位置",
                                               "链接", "文件",     "小程序",   "视频号",   "红包",
                                               "转账", "语音通话", "视频通话", "合并转发", "名片"};
  for (const std::string_view kind : kinds) {
    if (inside != kind) continue;
    const std::string shown = kind == "动画表情" ? "表情" : std::string(kind);
    const bool keep_label = kind == "链接" || kind == "文件" || kind == "转账";
    return keep_label && !label.empty() ? media_placeholder(shown) + " " + std::string(label)
                                        : media_placeholder(shown);
  }
  return {};
}

// "> 张三(wxid_zhangsan01) 03-01 10:02:11" then "> text" lines, then the reply: the quote out.
std::string without_quote(std::string_view content, std::vector<quoted>& quotes) {
  if (!content.starts_with("> ")) return std::string(content);
  quoted q;
  std::string_view rest = content;
  bool first = true;
  while (rest.starts_with("> ")) {
    const auto end = rest.find('\n');
    const std::string_view line = rest.substr(2, end == std::string_view::npos ? end : end - 2);
    if (first) {
      const auto open = line.find('(');
      const auto close = line.find(')', open == std::string_view::npos ? 0 : open);
      if (open != std::string_view::npos && close != std::string_view::npos) {
        q.sender_name = std::string(line.substr(0, open));
        q.sender_id = std::string(line.substr(open + 1, close - open - 1));
      }
      first = false;
    } else {
      if (!q.text.empty()) q.text += '\n';
      q.text += line;
    }
    if (end == std::string_view::npos) {
      rest = {};
      break;
    }
    rest.remove_prefix(end + 1);
  }
  if (!q.sender_id.empty() || !q.sender_name.empty()) quotes.push_back(std::move(q));
  return std::string(rest);
}

}  // namespace

history read_chatlog_csv(std::string_view content, const handlers::time_zone& zone) {
  content = without_bom(content);
  rows parsed;
  csv_parser parser;
  csv_init(&parser, 0);
  while (!content.empty()) {  // a line at a time, so each row knows the line it starts on
    ++parsed.line;
    const auto end = content.find('\n');
    const std::size_t n = end == std::string_view::npos ? content.size() : end + 1;
    csv_parse(&parser, content.data(), n, rows::on_field, rows::on_row, &parsed);
    content.remove_prefix(n);
  }
  csv_fini(&parser, rows::on_field, rows::on_row, &parsed);
  csv_free(&parser);

  history out;
  if (parsed.all.empty()) return out;
  const std::vector<std::string>& head = parsed.all.front().fields;
  auto column = [&](std::string_view name) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < head.size(); ++i) {
      if (head[i] == name) return i;
    }
    return std::nullopt;
  };
  const auto time = column("Time"), name = column("SenderName"), sender = column("Sender"),
             text = column("Content");
  if (!time || !name || !sender || !text) {
    out.unread.push_back(
        {parsed.all.front().line, joined(head),
         "not chatlog's header (Time,SenderName,Sender,TalkerName,Talker,Content)"});
    for (std::size_t i = 1; i < parsed.all.size(); ++i) {
      out.unread.push_back({parsed.all[i].line, joined(parsed.all[i].fields), "no header"});
    }
    return out;
  }
  for (std::size_t i = 1; i < parsed.all.size(); ++i) {
    const rows::row& r = parsed.all[i];
    if (r.fields.size() != head.size()) {
      out.unread.push_back({r.line, joined(r.fields),
                            "has " + std::to_string(r.fields.size()) + " fields, not " +
                                std::to_string(head.size())});
      continue;
    }
    exported_message m;
    m.line = r.line;
    m.time_ms = read_local_time(r.fields[*time], zone);
    if (m.time_ms < 0) {
      out.unread.push_back({r.line, joined(r.fields), "Time is not YYYY-MM-DD HH:MM:SS"});
      continue;
    }
    m.system = r.fields[*sender] == "系统消息";
    if (!m.system) m.sender_id = r.fields[*sender];
    m.sender_name = r.fields[*name].empty() ? m.sender_id : r.fields[*name];
    const std::string body = without_quote(r.fields[*text], m.quotes);
    m.text = media_of(body).value_or(body);
    out.messages.push_back(std::move(m));
  }
  return out;
}

}  // namespace linli::bot::imports
