#include "config/config.hpp"

#include <algorithm>
#include <cctype>
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

setter boolean(bool& out) {
  return [&out](const json& v, const std::string& key) {
    if (!v.is_boolean()) throw config_error("'" + key + "' must be true or false");
    out = v.get<bool>();
  };
}

setter id_list(std::vector<std::string>& out) {
  return [&out](const json& v, const std::string& key) {
    if (!v.is_array()) throw config_error("'" + key + "' must be an array of sender ids");
    for (const auto& id : v) {
      if (!id.is_string() || id.get<std::string>().empty()) {
        throw config_error("'" + key + "' must hold non-empty strings (sender ids)");
      }
      out.push_back(id.get<std::string>());
    }
  };
}

// Sender ids in roles are namespaced by platform, "telegram:12345", so that an id on one platform
// grants nothing on another. An id without its platform is an error, not a guess: read as every
// platform it would keep the hole open, read as none it would lock a coordinator out unnoticed.
setter role_ids(std::vector<std::string>& out) {
  return [&out](const json& v, const std::string& key) {
    id_list(out)(v, key);
    for (const std::string& id : out) {
      const auto colon = id.find(':');
      const bool named = colon != std::string::npos && colon > 0 && colon + 1 < id.size() &&
                         std::all_of(id.begin(), id.begin() + static_cast<long>(colon), [](char c) {
                           return std::islower(static_cast<unsigned char>(c)) ||
                                  std::isdigit(static_cast<unsigned char>(c));
                         });
      if (!named) {
        throw config_error("'" + key + "' holds '" + id +
                           "': sender ids are namespaced by platform now; write "
                           "'<platform>:<id>', e.g. 'telegram:" +
                           id + "' or 'generic:" + id + "'");
      }
    }
  };
}

// "HH:MM", 24-hour.
setter time_of_day(std::string& out) {
  return [&out](const json& v, const std::string& key) {
    const std::string s = v.is_string() ? v.get<std::string>() : "";
    const bool ok = s.size() == 5 && std::isdigit(static_cast<unsigned char>(s[0])) &&
                    std::isdigit(static_cast<unsigned char>(s[1])) && s[2] == ':' &&
                    std::isdigit(static_cast<unsigned char>(s[3])) &&
                    std::isdigit(static_cast<unsigned char>(s[4])) &&
                    std::stoi(s.substr(0, 2)) < 24 && std::stoi(s.substr(3)) < 60;
    if (!ok) throw config_error("'" + key + "' must be a time of day such as \"20:00\"");
    out = s;
  };
}

void read_roles(const json& v, const std::string& path, roles_config& roles) {
  read_object(v, path,
              {{"coordinators", role_ids(roles.coordinators)},
               {"chats", [&roles](const json& chats, const std::string& key) {
                  if (!chats.is_object())
                    throw config_error("'" + key + "' must be an object by chat id");
                  for (const auto& [chat_id, entry] : chats.items()) {
                    chat_roles_config& c = roles.chats[chat_id];
                    read_object(
                        entry, key + "." + chat_id,
                        {{"coordinators", role_ids(c.coordinators)},
                         {"leads", [&c](const json& leads, const std::string& leads_key) {
                            if (!leads.is_object()) {
                              throw config_error("'" + leads_key +
                                                 "' must be an object: service group -> ids");
                            }
                            for (const auto& [group, ids] : leads.items()) {
                              role_ids(c.leads[group])(ids, leads_key + "." + group);
                            }
                          }}});
                  }
                }}});
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
                       {"url", text(st.path)},  // the same: a path, sqlite:PATH or postgresql://
                       {"synchronous", choice(st.synchronous, {"off", "normal", "full"})},
                       {"max_batch", integer(st.max_batch, 1, 100'000)}});
        }},
       {"log_level", choice(c.log_level, {"trace", "debug", "info", "warn", "error", "off"})},
       {"time_zone", text(c.time_zone)},
       {"roles", [&](const json& v, const std::string& key) { read_roles(v, key, c.roles); }},
       {"shifts",
        [&](const json& v, const std::string& key) {
          auto& sh = c.shifts;
          read_object(v, key,
                      {{"max_hours", integer(sh.max_hours, 1, 24)},
                       {"min_rest_minutes", integer(sh.min_rest_minutes, 0, 12 * 60)},
                       {"confirm_at", time_of_day(sh.confirm_at)},
                       {"confirm_by", time_of_day(sh.confirm_by)},
                       {"remind_minutes", integer(sh.remind_minutes, 0, 24 * 60)}});
        }},
       {"scheduler",
        [&](const json& v, const std::string& key) {
          read_object(v, key,
                      {{"tick_seconds", integer(c.scheduler.tick_seconds, 1, 3600)},
                       {"manual_clock", boolean(c.scheduler.manual_clock)}});
        }},
       {"retention",
        [&](const json& v, const std::string& key) {
          read_object(v, key, {{"days", integer(c.retention.days, 0, 36'500)}});
        }},
       {"dashboard",
        [&](const json& v, const std::string& key) {
          auto& d = c.dashboard;
          read_object(v, key,
                      {{"session_seconds", integer(d.session_seconds, 1, 30 * 24 * 3600)},
                       {"max_failures", integer(d.max_failures, 1, 1000)},
                       {"lockout_seconds", integer(d.lockout_seconds, 1, 24 * 3600)},
                       {"trusted_proxies", id_list(d.trusted_proxies)}});
        }},
       {"platforms",
        [&](const json& v, const std::string& key) {
          if (!v.is_object()) throw config_error("'" + key + "' must be an object by platform");
          for (const auto& [name, entry] : v.items()) {
            platform_config& p = c.platforms[name];
            const std::string path = key + "." + name;
            if (!entry.is_object()) throw config_error("'" + path + "' must be a JSON object");
            for (const auto& [option, value] : entry.items()) p.given.push_back(option);
            read_object(entry, path,
                        {{"answer", choice(p.answer, {"api", "webhook"})},
                         {"bot_username", text(p.bot_username)}});
          }
        }},
       {"outbound", [&](const json& v, const std::string& key) {
          auto& o = c.outbound;
          read_object(v, key,
                      {{"timeout_ms", integer(o.timeout_ms, 100, 600'000)},
                       {"max_attempts", integer(o.max_attempts, 1, 1000)},
                       {"max_backoff_ms", integer(o.max_backoff_ms, 100, 86'400'000)}});
        }}});
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
  c.insecure_dev = flags.insecure_dev;

  auto secret = [&](const char* name) -> std::optional<std::string> {
    const auto it = environment.find(name);
    if (it == environment.end() || it->second.empty()) return std::nullopt;
    return it->second;
  };
  c.env.generic_secret = secret("LINLI_GENERIC_SECRET");
  c.env.api_token = secret("LINLI_API_TOKEN");
  c.env.generic_outbound_url = secret("LINLI_GENERIC_OUTBOUND_URL");
  for (const auto& [name, value] : environment) {
    if (name.starts_with("LINLI_") && !value.empty()) c.env.vars[name] = value;
  }
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
