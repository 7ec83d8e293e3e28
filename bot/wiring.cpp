#include "bot/wiring.hpp"

#include <spdlog/spdlog.h>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <iostream>
#include <mutex>
#include <optional>
#include <random>

#include "bot/api/app.hpp"
#include "bot/api/dash_events.hpp"
#include "bot/metrics.hpp"
#include "bot/net/http_server.hpp"
#include "bot/pipeline/ingest.hpp"
#include "bot/pipeline/leadership.hpp"
#include "bot/pipeline/names.hpp"
#include "bot/pipeline/outbound.hpp"
#include "bot/pipeline/outbox.hpp"
#include "bot/pipeline/outbox_claimer.hpp"
#include "bot/pipeline/peer_events.hpp"
#include "bot/pipeline/reader.hpp"
#include "bot/pipeline/scheduler.hpp"
#include "bot/platforms/platform.hpp"
#include "handlers/core/dispatcher.hpp"
#include "storage/open.hpp"

namespace linli::bot {
namespace {

storage::sync_mode sync_from(const std::string& name) {
  if (name == "off") return storage::sync_mode::off;
  if (name == "normal") return storage::sync_mode::normal;
  return storage::sync_mode::full;
}

handlers::clock_time clock_of(const std::string& hh_mm) {  // validated by config: "HH:MM"
  return {std::stoi(hh_mm.substr(0, 2)), std::stoi(hh_mm.substr(3, 2))};
}

// Each connection is a file descriptor; a default soft limit of 1024 would refuse clients long
// before server.max_connections. Raise it to the hard limit.
void raise_open_file_limit(std::size_t wanted) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) getrlimit(RLIMIT_NOFILE, &limit);
  }
  if (limit.rlim_cur < wanted) {
    spdlog::warn("open files limited to {}: fewer than server.max_connections ({}) can be served",
                 limit.rlim_cur, wanted);
  }
}

// "telegram:12345" must name a platform linli speaks (config checked the form).
void check_role_platforms(const config::config& cfg) {
  std::vector<std::pair<std::string, const std::vector<std::string>*>> lists = {
      {"roles.coordinators", &cfg.roles.coordinators}};
  for (const auto& [chat_id, roles] : cfg.roles.chats) {
    lists.emplace_back("roles.chats." + chat_id + ".coordinators", &roles.coordinators);
    for (const auto& [group, ids] : roles.leads) {
      lists.emplace_back("roles.chats." + chat_id + ".leads." + group, &ids);
    }
  }
  std::string names;
  for (const platform_entry& entry : platform_table()) {
    names += (names.empty() ? "" : ", ") + std::string(entry.name);
  }
  for (const auto& [key, ids] : lists) {
    for (const std::string& id : *ids) {
      const std::string platform = id.substr(0, id.find(':'));
      const auto& table = platform_table();
      if (std::none_of(table.begin(), table.end(),
                       [&](const platform_entry& e) { return e.name == platform; })) {
        throw config::config_error("'" + key + "' holds '" + id + "': '" + platform +
                                   "' is not a platform (platforms: " + names + ")");
      }
    }
  }
}

// The name this instance's outbox leases carry: unique per running process on a shared
// database (host, process, a random part against a reused pid); one fixed name with a single
// writer, so a restart takes over its predecessor's messages at once.
std::string instance_name(const std::string& db_url) {
  if (!storage::shared_database(db_url)) return "local";
  std::array<char, 256> host{};
  if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
  std::random_device rd;
  return std::string(host.data()) + ":" + std::to_string(getpid()) + ":" +
         std::to_string(rd() % 1'000'000);
}

struct robot_keys {
  std::mutex mutex;
  std::unique_ptr<storage::store> store;
};

}  // namespace

handlers::policy policy_of(const config::config& cfg) {
  check_role_platforms(cfg);
  if (!handlers::time_zone::find(cfg.time_zone)) {
    throw config::config_error("'time_zone': no zone named '" + cfg.time_zone +
                               "' in the system's tz database (is tzdata installed?)");
  }
  handlers::policy p;
  p.time_zone = cfg.time_zone;
  p.coordinators.insert(cfg.roles.coordinators.begin(), cfg.roles.coordinators.end());
  for (const auto& [chat_id, roles] : cfg.roles.chats) {
    auto& c = p.chats[chat_id];
    c.coordinators.insert(roles.coordinators.begin(), roles.coordinators.end());
    for (const auto& [group, ids] : roles.leads) c.leads[group].insert(ids.begin(), ids.end());
  }
  p.shifts.max_minutes_per_day = cfg.shifts.max_hours * 60;
  p.shifts.min_rest_minutes = cfg.shifts.min_rest_minutes;
  p.shifts.confirm_ask = clock_of(cfg.shifts.confirm_at);
  p.shifts.confirm_by = clock_of(cfg.shifts.confirm_by);
  p.shifts.remind_before_minutes = cfg.shifts.remind_minutes;
  for (const auto& [platform, settings] : cfg.platforms) {
    std::string name = settings.bot_username;
    if (name.starts_with('@')) name.erase(0, 1);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!name.empty()) p.bot_names.insert(name);
  }
  for (const platform_entry& entry : platform_table()) {
    if (!entry.make(cfg, {})->capabilities().sees_all_messages) {
      p.mention_only.emplace(entry.name);
    }
  }
  return p;
}

std::int64_t wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int serve(std::shared_ptr<const config::config> shared) {
  const config::config& cfg = *shared;
  raise_open_file_limit(static_cast<std::size_t>(cfg.server.max_connections) + 64);
  if (storage::in_memory(cfg.storage.path)) {
    throw config::config_error("--db :memory: cannot be served: readers need a file");
  }
  metrics stats;
  auto writer_store = storage::open(
      cfg.storage.path,
      {.synchronous = sync_from(cfg.storage.synchronous), .observer = &stats.database("writer")});
  const handlers::dispatcher dispatcher(policy_of(cfg));
  // WeCom's group robot keys, read when a message goes out (rarely: 20 a minute per chat at
  // most) on a read-only connection of their own, opened at the first use.
  platform_services services;
  services.robot_key = [path = cfg.storage.path, keys = std::make_shared<robot_keys>()](
                           const chat_ref& chat) -> std::optional<std::string> {
    const std::lock_guard lock(keys->mutex);
    try {
      if (!keys->store) keys->store = storage::open(path, {.read_only = true});
      auto bound = keys->store->load_robot(chat);
      return bound ? std::optional<std::string>(std::move(bound->key)) : std::nullopt;
    } catch (const std::exception& e) {
      // The database is away (a restart, an outage): the message waits for it, with a fresh
      // connection at the next try.
      keys->store.reset();
      throw send_unavailable(std::string("the chat's destination cannot be read: ") + e.what());
    }
  };
  const platform_registry platforms = make_platforms(cfg, services);
  // Replies a platform's webhook answer cannot carry leave through its send API.
  const outbox box(
      [&platforms](const envelope& message, const replies& answers) {
        const platform* p = platforms.find(message.chat.platform);
        return p ? outbox_rows(*p, message, answers) : std::vector<outbound_message>{};
      },
      {.instance = instance_name(cfg.storage.path), .now_ms = wall_clock_ms});
  dash_events live;  // the dashboard's Server-Sent Events, fed by the writer's commits
  // ... and by the other instances' on a shared database (peer_events), which hear of this one's
  // messages at each commit.
  ingest::announce_fn announce;
  if (storage::shared_database(cfg.storage.path)) {
    announce = [&box](storage::store& store, const std::vector<envelope>& stored) {
      for (const std::string& payload : event_payloads(box.lease().instance, stored)) {
        store.announce(events_channel, payload);
      }
    };
  }
  ingest writer(
      *writer_store, dispatcher, box, stats, cfg.storage.max_batch, 100'000,
      [&live](const std::vector<envelope>& stored) { live.publish(stored); }, std::move(announce));
  reader queries(
      storage::open(cfg.storage.path, {.read_only = true, .observer = &stats.database("reader")}));

  // With a manual clock (tests) the senders' rate limits run on it, so a test moves a
  // platform's minute by POST /v1/admin/clock (until the first move it is the wall clock);
  // retries keep real time.
  auto manual_now = std::make_shared<std::atomic<std::int64_t>>(wall_clock_ms());
  const outbound_sender::clock_fn pace_clock =
      cfg.scheduler.manual_clock
          ? outbound_sender::clock_fn([manual_now] { return manual_now->load(); })
          : outbound_sender::clock_fn();
  // Each platform that can send gets a sender of its own; messages for one that cannot stay
  // pending in the database until it is configured.
  outbound_router senders;
  for (const auto& p : platforms.all()) {
    p->start();
    for (const std::string& w : p->warnings()) spdlog::warn("{}", w);
    if (!p->can_send()) continue;
    senders.add(std::string(p->name()),
                std::make_unique<outbound_sender>(
                    [platform = p.get()](const outbound_message& m, std::string_view part) {
                      return platform->send(m, part);
                    },
                    box.recorder(writer),
                    outbound_sender::limits{.max_attempts = cfg.outbound.max_attempts,
                                            .max_backoff_ms = cfg.outbound.max_backoff_ms},
                    p->limits(), wall_clock_ms, pace_clock));
  }
  auto send = [&senders](std::vector<outbound_message> messages) {
    senders.enqueue(std::move(messages));
  };
  // Messages not confirmed sent before the last stop, and later those of instances that died.
  outbox_claimer claims(
      writer, box, send, 3'000,  // every 3 s: a tenth of a lease
      100,
      [&senders](const auto& held, std::int64_t until, std::int64_t asked) {
        senders.leases_renewed(held, until, asked);
      },
      [&senders] {
        return outbox::claim_scope{senders.platforms(), senders.queued_ids()};
      });
  // What the other instances on the database announce: their messages, for this one's dashboards,
  // and messages they freed, claimed at once.
  std::optional<peer_listener> peers;
  if (auto heard =
          storage::open_listener(cfg.storage.path, {events_channel, storage::outbox_channel})) {
    peers.emplace(
        std::move(heard), box.lease().instance,
        [&live](const std::vector<envelope>& stored) { live.publish(stored); },
        [&claims] { claims.claim_now(nullptr); },
        [&live] {
          std::vector<envelope> reload;
          for (chat_ref& chat : live.watched()) {
            envelope e;
            e.chat = std::move(chat);
            reload.push_back(std::move(e));
          }
          live.publish(reload);
        });
  }
  // One scheduler among the instances on a database: the leader's (every 2 s a follower tries).
  leadership lead(storage::open_leader_lock(cfg.storage.path), stats, 2'000);
  scheduler clock(writer, box, dispatcher.rules(), send, wall_clock_ms,
                  cfg.scheduler.manual_clock ? 0 : cfg.scheduler.tick_seconds * 1000LL,
                  cfg.retention.days * 86'400'000LL, [&lead] { return lead.leading(); });
  // Slack and Feishu name senders by id: their display names are asked for before the writer.
  name_gate names({}, [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
  });
  app::tick_fn manual_tick;
  if (cfg.scheduler.manual_clock) {
    spdlog::warn("scheduler.manual_clock is on: time moves only by POST /v1/admin/clock");
    manual_tick = [&clock, manual_now](std::int64_t now_ms, auto done) {
      manual_now->store(now_ms);
      clock.tick(now_ms, done);
    };
  }
  app routes({.config = shared,
              .platforms = platforms,
              .writer = writer,
              .queries = queries,
              .stats = stats,
              .rules = dispatcher.rules(),
              .now_ms = wall_clock_ms,
              .send = send,
              .manual_tick = std::move(manual_tick),
              .box = &box,
              .events = &live,
              .names = &names,
              .leading = [&lead] { return lead.leading(); }});
  http_server server(
      cfg.server,
      [&routes](http_request request, responder respond) {
        routes.handle(std::move(request), std::move(respond));
      },
      stats);

  std::string enabled;
  for (const auto& p : platforms.all())
    enabled += (enabled.empty() ? "" : ", ") + std::string(p->name());
  spdlog::info("platforms: {}", enabled);
  if (cfg.insecure_dev) {
    spdlog::warn(
        "--insecure-dev: webhooks without their secret accept unsigned requests from anyone, and "
        "roles in them count for nothing. Development only: never expose this instance.");
  }
  if (!cfg.env.api_token) spdlog::warn("LINLI_API_TOKEN is not set: the read API answers 401");
  spdlog::info("database {} (schema v{}), instance {}, {} I/O thread(s)", cfg.storage.path,
               writer_store->schema_version(), box.lease().instance, cfg.server.io_threads);
  std::cout << "listening on http://" << server.address() << ":" << server.port() << std::endl;

  server.run();
  names.stop();  // anything still waiting for a name goes to the writer with its id
  clock.stop();
  lead.stop();  // another instance takes the schedule over at its next try
  if (peers) peers->stop();
  claims.stop();
  senders.stop();        // unsent messages stay pending in the outbox
  claims.release_all();  // and another instance sends them at once
  writer.stop();         // everything answered has been committed; this applies any stragglers
  queries.stop();
  spdlog::info("stopped cleanly");
  return 0;
}

replay_summary replay_databases(const config::config& cfg, const std::string& source_path,
                                const std::string& target_path) {
  const handlers::dispatcher dispatcher(policy_of(cfg));
  auto source = storage::open(source_path, {.read_only = true});
  auto target = storage::open(target_path, {.synchronous = storage::sync_mode::normal});
  return replay(*source, *target, dispatcher);
}

}  // namespace linli::bot
