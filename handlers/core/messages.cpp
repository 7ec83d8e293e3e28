#include "handlers/core/messages.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <unordered_map>

namespace linli::handlers {

// Generated at build time from handlers/*/messages/*.json (cmake/embed_messages.cmake).
struct embedded_messages {
  std::string_view feature;   // the folder: "chains"
  std::string_view language;  // the file name: "zh"
  std::string_view json;
};
extern const embedded_messages embedded_message_files[];
extern const std::size_t embedded_message_file_count;

namespace {

constexpr storage::language all_languages[] = {storage::language::zh, storage::language::en};

struct catalogue {
  // language code -> key -> text
  std::map<std::string, std::unordered_map<std::string, std::string>, std::less<>> texts;
  std::vector<std::string> problems;
};

catalogue load() {
  catalogue c;
  for (std::size_t i = 0; i < embedded_message_file_count; ++i) {
    const embedded_messages& f = embedded_message_files[i];
    const std::string where =
        "handlers/" + std::string(f.feature) + "/messages/" + std::string(f.language) + ".json";
    const auto doc = nlohmann::json::parse(f.json, nullptr, false);
    if (!doc.is_object()) {
      c.problems.push_back(where + ": not a JSON object");
      continue;
    }
    auto& texts = c.texts[std::string(f.language)];
    for (const auto& [key, value] : doc.items()) {
      if (!value.is_string()) {
        c.problems.push_back(where + ": '" + key + "' is not a string");
        continue;
      }
      texts[std::string(f.feature) + "." + key] = value.get<std::string>();
    }
  }
  return c;
}

const catalogue& the_catalogue() {
  static const catalogue c = load();
  return c;
}

// The placeholder names a text uses.
std::set<std::string> placeholders(std::string_view text) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '{') continue;
    if (i + 1 < text.size() && text[i + 1] == '{') {
      ++i;
      continue;
    }
    const std::size_t end = text.find('}', i);
    if (end == std::string_view::npos) break;
    names.emplace(text.substr(i + 1, end - i - 1));
    i = end;
  }
  return names;
}

std::string fill(std::string_view text, std::string_view key, std::initializer_list<arg> args) {
  std::string out;
  out.reserve(text.size() + 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if ((ch == '{' || ch == '}') && i + 1 < text.size() && text[i + 1] == ch) {
      out += ch;
      ++i;
      continue;
    }
    if (ch != '{') {
      out += ch;
      continue;
    }
    const std::size_t end = text.find('}', i);
    const std::string_view name = text.substr(i + 1, end - i - 1);
    const arg* found = nullptr;
    for (const arg& a : args) {
      if (a.name == name) found = &a;
    }
    if (!found || end == std::string_view::npos) {
      throw std::logic_error("message '" + std::string(key) + "' needs a value for {" +
                             std::string(name) + "}");
    }
    out += found->value;
    i = end;
  }
  return out;
}

}  // namespace

std::string_view language_code(storage::language lang) {
  switch (lang) {
    case storage::language::en:
      return "en";
    case storage::language::zh:
      break;
  }
  return "zh";
}

std::string message(storage::language lang, std::string_view key, std::initializer_list<arg> args) {
  const catalogue& c = the_catalogue();
  for (const std::string_view code : {language_code(lang), std::string_view("zh")}) {
    const auto texts = c.texts.find(code);
    if (texts == c.texts.end()) continue;
    const auto text = texts->second.find(std::string(key));
    if (text != texts->second.end()) return fill(text->second, key, args);
  }
  throw std::logic_error("no message '" + std::string(key) + "' in the catalogue");
}

std::vector<std::string> catalogue_problems() {
  const catalogue& c = the_catalogue();
  std::vector<std::string> problems = c.problems;
  std::set<std::string> keys;
  for (const auto& [code, texts] : c.texts) {
    for (const auto& [key, text] : texts) keys.insert(key);
  }
  for (const storage::language lang : all_languages) {
    const auto texts = c.texts.find(language_code(lang));
    for (const std::string& key : keys) {
      if (texts == c.texts.end() || !texts->second.contains(key)) {
        problems.push_back("'" + key + "' has no " + std::string(language_code(lang)) + " text");
        continue;
      }
      const auto zh = c.texts.find("zh");
      if (zh == c.texts.end() || !zh->second.contains(key)) continue;
      // Callers fill the zh text's placeholders, so a translation uses exactly those: no other
      // (it would stay unfilled) and none left out (a reader of either language learns the same).
      const std::set<std::string> known = placeholders(zh->second.at(key));
      const std::set<std::string> used = placeholders(texts->second.at(key));
      for (const std::string& name : used) {
        if (!known.contains(name)) {
          problems.push_back("'" + key + "': the " + std::string(language_code(lang)) +
                             " text uses {" + name + "}, which the zh text does not");
        }
      }
      for (const std::string& name : known) {
        if (!used.contains(name)) {
          problems.push_back("'" + key + "': the " + std::string(language_code(lang)) +
                             " text leaves out {" + name + "}, which the zh text gives");
        }
      }
    }
  }
  return problems;
}

std::vector<std::string> catalogue_keys() {
  std::set<std::string> keys;
  for (const auto& [code, texts] : the_catalogue().texts) {
    for (const auto& [key, text] : texts) keys.insert(key);
  }
  return {keys.begin(), keys.end()};
}

}  // namespace linli::handlers
