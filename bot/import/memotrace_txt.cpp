// WeChatMsg / MemoTrace (留痕) TXT, versions 2 and 3, as LC044/WeChatMsg writes it
// (exporter/exporter_txt.py and wxManager/model/message.py at 9457ecd; v2 at fc1e2fa, both read
// through the fork zprolab/WeChatMsg after upstream deleted its code):
//
//   2022-04-12 09:30:05 王芳            a header: local time, one space, the sender's name
//   3号楼2单元501 需要布洛芬 2盒        the message as written, every line of it
//   引用：李强: 谁家有退烧药            a quote, when the message answers another (v2: 引用:李强:…)
//                                      one blank line between records
//   2022-04-12 09:31:00                a header with no name: a system message (v3), the text below
//   2022-04-12 09:31:00 "王五" 撤回了…  v2 writes a system message on its header line, with no body
//
// There is no wxid and no message id in the file. A record starts at a header line at the start
// of the file or after a blank line; a message whose text holds a blank line followed by a line
// that reads as a header is split there (the format cannot tell them apart).

#include <optional>
#include <string>
#include <vector>

#include "bot/import/exports.hpp"

namespace linli::bot::imports {

namespace {

struct header {
  std::int64_t time_ms = -1;
  std::string_view rest;  // after the time and its space: the name (or v2's system text)
};

// "YYYY-MM-DD HH:MM:SS" with nothing after it, or with a space and more.
header read_header(std::string_view line, const handlers::time_zone& zone) {
  if (line.size() < 19) return {};
  if (line.size() > 19 && line[19] != ' ') return {};
  header h;
  h.time_ms = read_local_time(line.substr(0, 19), zone);
  if (line.size() > 20) h.rest = line.substr(20);
  return h;
}

std::vector<std::string_view> lines_of(std::string_view content) {
  std::vector<std::string_view> lines;
  while (!content.empty()) {
    const auto end = content.find('\n');
    std::string_view line = content.substr(0, end);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    content.remove_prefix(end + 1);
  }
  return lines;
}

bool blank(std::string_view line) {
  return line.find_first_not_of(" \t") == std::string_view::npos;
}

// 【图片】, 【表情包】 desc, 【语音】transcript (v3) and [图片] (v2) as linli's platforms write
// media.
std::string with_placeholders(std::string text) {
  static constexpr std::string_view kinds[] = {"图片",     "视频", "语音", "表情包",  "文件",
                                               "动画表情", "位置", "名片", "音乐分享"};
  for (const std::string_view kind : kinds) {
    const std::string forms[] = {"【" + std::string(kind) + "】", "[" + std::string(kind) + "]"};
    for (const std::string& open : forms) {
      if (!text.starts_with(open)) continue;
      std::string rest = text.substr(open.size());
      if (kind == "表情包" || kind == "动画表情") rest.clear();  // a sticker's description
      while (!rest.empty() && rest.back() == ' ') rest.pop_back();
      const std::string label = kind == "表情包" || kind == "动画表情" ? "表情" : std::string(kind);
      return rest.empty() ? media_placeholder(label) : media_placeholder(label) + " " + rest;
    }
  }
  return text;
}

// "引用：李强: 谁家有退烧药" (v3) or "引用:李强:谁家有退烧药" (v2): who and what, or nullopt.
std::optional<quoted> read_quote(std::string_view line, std::string_view more) {
  for (const std::string_view prefix : {std::string_view("引用："), std::string_view("引用:")}) {
    if (!line.starts_with(prefix)) continue;
    line.remove_prefix(prefix.size());
    const bool v3 = prefix == "引用：";
    const auto colon = line.find(v3 ? ": " : ":");
    if (colon == std::string_view::npos) return quoted{};  // 引用:未知
    quoted q;
    q.sender_name = std::string(line.substr(0, colon));
    q.text = std::string(line.substr(colon + (v3 ? 2 : 1)));
    if (!more.empty()) q.text += "\n" + std::string(more);
    return q;
  }
  return std::nullopt;
}

std::string joined(const std::vector<std::string_view>& lines, std::size_t from, std::size_t to) {
  std::string out;
  for (std::size_t i = from; i < to; ++i) {
    if (i > from) out += '\n';
    out += lines[i];
  }
  return out;
}

}  // namespace

history read_memotrace_txt(std::string_view content, const handlers::time_zone& zone) {
  const std::vector<std::string_view> lines = lines_of(without_bom(content));
  history out;
  // Where each record starts: a header at the start or after a blank line.
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if ((i == 0 || blank(lines[i - 1])) && read_header(lines[i], zone).time_ms >= 0) {
      starts.push_back(i);
    }
  }
  const std::size_t first = starts.empty() ? lines.size() : starts.front();
  for (std::size_t i = 0; i < first; ++i) {
    if (!blank(lines[i])) {
      out.unread.push_back({static_cast<std::int64_t>(i + 1), std::string(lines[i]),
                            "before the first \"YYYY-MM-DD HH:MM:SS name\" line"});
    }
  }
  for (std::size_t k = 0; k < starts.size(); ++k) {
    const std::size_t at = starts[k];
    std::size_t end = k + 1 < starts.size() ? starts[k + 1] : lines.size();
    while (end > at + 1 && blank(lines[end - 1])) --end;  // the blank line(s) between records
    const header h = read_header(lines[at], zone);
    exported_message m;
    m.line = static_cast<std::int64_t>(at + 1);
    m.time_ms = h.time_ms;
    if (end == at + 1) {  // v2's system message: its text is on the header line
      m.system = true;
      m.text = std::string(h.rest);
      if (m.text.empty()) {
        out.unread.push_back({m.line, std::string(lines[at]), "a header with no message"});
        continue;
      }
      out.messages.push_back(std::move(m));
      continue;
    }
    m.system = h.rest.empty();
    m.sender_name = std::string(h.rest);
    std::size_t body_end = end;
    if (!m.system) {
      for (std::size_t i = at + 2; i < end; ++i) {  // a quote follows at least one line of text
        if (!lines[i].starts_with("引用：") && !lines[i].starts_with("引用:")) continue;
        if (auto q = read_quote(lines[i], joined(lines, i + 1, end))) {
          if (!q->sender_name.empty()) m.quotes.push_back(std::move(*q));
          body_end = i;
          break;
        }
      }
    }
    m.text = with_placeholders(joined(lines, at + 1, body_end));
    out.messages.push_back(std::move(m));
  }
  return out;
}

}  // namespace linli::bot::imports
