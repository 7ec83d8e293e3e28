#include "config/config.hpp"

#include <fstream>
#include <functional>
#include <initializer_list>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

extern char** environ;

namespace linli::config {
namespace {

using json = nlohmann::json;
using setter = std::function<void(const json& value, const std::string& key)>;

struct field {
  const char* name;
  setter set;
};

// Reads an object whose keys must all be known fields; path names it in errors ("server.port").
void read_object(const json& object, const std::string& path, std::initializer_list<field> fields) {
  const std::string where = path.empty() ? "configuration" : "'" + path + "'";
  if (!object.is_object()) throw config_error(where + " must be a JSON object");
  for (const auto& [key, value] : object.items()) {
    const std::string full = path.empty() ? key : path + "." + key;
    bool known = false;
    for (const field& f : fields) {
      if (key == f.name) {
        f.set(value, full);
        known = true;
        break;
      }
    }
    if (!known) throw config_error("unknown configuration key '" + full + "'");
  }
}

template <class Int>
setter integer(Int& out, long long min, long long max) {
  return [&out, min, max](const json& v, const std::string& key) {
    if (!v.is_number_integer() || v.get<long long>() < min || v.get<long long>() > max) {
      throw config_error("'" + key + "' must be an integer from " + std::to_string(min) + " to " +
                         std::to_string(max));
    }
    out = static_cast<Int>(v.get<long long>());
  };
}

setter text(std::string& out) {
  return [&out](const json& v, const std::string& key) {
    if (!v.is_string() || v.get<std::string>().empty()) {
      throw config_error("'" + key + "' must be a non-empty string");
    }
    out = v.get<std::string>();
  };
}

setter choice(std::string& out, std::vector<std::string> allowed) {
  return [&out, allowed = std::move(allowed)](const json& v, const std::string& key) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    if (v.is_string()) {
      for (const auto& a : allowed) {
        if (v.get<std::string>() == a) {
          out = a;
          return;
        }
      }
    }
    throw config_error("'" + key + "' must be one of: " + list);
  };
}

constexpr long long kib = 1024;

void validate(const config& c) {
  if (c.server.listen.empty()) throw config_error("'server.listen' must not be empty");
}

}  // namespace

config parse(const std::string& json_text) {
  const json root = json::parse(json_text, nullptr, false);
  if (root.is_discarded()) throw config_error("configuration is not valid JSON");
  config c;
  auto& s = c.server;
  auto& st = c.storage;
  read_object(
      root, "",
      {{"server",
        [&](const json& v, const std::string& key) {
          read_object(v, key,
                      {{"listen", text(s.listen)},
                       {"port", integer(s.port, 0, 65535)},
                       {"io_threads", integer(s.io_threads, 1, 64)},
                       {"read_timeout_ms", integer(s.read_timeout_ms, 100, 3'600'000)},
                       {"header_limit", integer(s.header_limit, kib, 1024 * kib)},
                       {"body_limit", integer(s.body_limit, kib, 64 * 1024 * kib)},
                       {"max_connections", integer(s.max_connections, 1, 1'000'000)},
                       {"drain_timeout_ms", integer(s.drain_timeout_ms, 0, 600'000)}});
        }},
       {"storage",
        [&](const json& v, const std::string& key) {
          read_object(v, key,
                      {{"path", text(st.path)},
                       {"synchronous", choice(st.synchronous, {"off", "normal", "full"})},
                       {"max_batch", integer(st.max_batch, 1, 100'000)}});
        }},
       {"log_level", choice(c.log_level, {"trace", "debug", "info", "warn", "error", "off"})}});
  return c;
}

std::shared_ptr<const config> load(const std::optional<std::string>& path, const overrides& flags,
                                   const std::map<std::string, std::string>& environment) {
  config c;
  if (path) {
    std::ifstream in(*path, std::ios::binary);
    if (!in) throw config_error("cannot read configuration file '" + *path + "'");
    std::ostringstream text_stream;
    text_stream << in.rdbuf();
    try {
      c = parse(text_stream.str());
    } catch (const config_error& e) {
      throw config_error(*path + ": " + e.what());
    }
  }
  if (flags.listen) c.server.listen = *flags.listen;
  if (flags.port) {
    if (*flags.port < 0 || *flags.port > 65535) {
      throw config_error("--port must be from 0 to 65535");
    }
    c.server.port = static_cast<std::uint16_t>(*flags.port);
  }
  if (flags.db_path) c.storage.path = *flags.db_path;

  auto secret = [&](const char* name) -> std::optional<std::string> {
    const auto it = environment.find(name);
    if (it == environment.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
  c.env.generic_secret = secret("LINLI_GENERIC_SECRET");
  c.env.api_token = secret("LINLI_API_TOKEN");
  validate(c);
  return std::make_shared<const config>(std::move(c));
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e && *e; ++e) {
    const std::string_view entry(*e);
    if (!entry.starts_with("LINLI_")) continue;
    const auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return out;
}

}  // namespace linli::config
