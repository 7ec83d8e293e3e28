// How well linli understands what residents really write: the labelled corpus (tests/corpus/)
// through the real dispatcher, scored against what a coordinator expects. Prints the figures for
// the dev and held-out parts separately, then the held-out failures; the last line is, for tools,
//   held-out: precision P%, recall R%, needs fully right F%, chains exact C%
// Usage: linli_understanding [corpus_dir] [--dev-failures] [--no-heldout-failures]
//   --dev-failures also lists the dev part's failures (what to improve against), before the
//   held-out ones; --no-heldout-failures hides the held-out list, for whoever is working on the
//   readers (the held-out part is scored, never tuned to).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "bench/understanding_score.hpp"
#include "handlers/core/dispatcher.hpp"
#include "handlers/core/local_time.hpp"
#include "handlers/requests/request_parser.hpp"
#include "handlers/requests/requests.hpp"
#include "handlers/tasks/schedule.hpp"
#include "storage/open.hpp"

using namespace linli;
using json = nlohmann::json;
using understanding::chain_failure;
using understanding::need_score;
using understanding::score_need;

namespace {

std::vector<json> read_lines(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<json> out;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) out.push_back(json::parse(line));
  }
  return out;
}

struct part {
  int messages = 0, needs = 0, detected_needs = 0, logged = 0, fully_right = 0;
  std::map<std::string, int> field_right;
  int chains = 0, chains_exact = 0;
  int offers = 0, offers_read = 0, offers_right = 0;  // labelled, read as offers, both
  std::map<std::string, std::pair<int, int>> kinds;   // label kind -> (recognised, total)
  std::vector<std::string> failures;
  std::vector<std::string> kind_misses;  // non-needs not read as their kind (not scored)

  // Adds `o`'s counts and lists to these (a whole split out of its batches).
  part& operator+=(const part& o) {
    messages += o.messages, needs += o.needs, detected_needs += o.detected_needs;
    logged += o.logged, fully_right += o.fully_right;
    for (const auto& [k, v] : o.field_right) field_right[k] += v;
    chains += o.chains, chains_exact += o.chains_exact;
    offers += o.offers, offers_read += o.offers_read, offers_right += o.offers_right;
    for (const auto& [k, v] : o.kinds) {
      kinds[k].first += v.first;
      kinds[k].second += v.second;
    }
    failures.insert(failures.end(), o.failures.begin(), o.failures.end());
    kind_misses.insert(kind_misses.end(), o.kind_misses.begin(), o.kind_misses.end());
    return *this;
  }
};

// The part a record is scored in: its split and batch ("heldout batch 2"); batch-1 records
// carry no batch field.
std::string part_of(const json& record) {
  return std::string(record["split"]) + " batch " + std::to_string(record.value("batch", 1));
}

double percent(int a, int b) {
  return b == 0 ? 0.0 : 100.0 * a / b;
}

// The kinds of stored message a labelled kind may become.
bool recognised(const std::string& want, const std::string& got) {
  if (want == "need") return got == handlers::kinds::request;
  if (want == "chatter") return got == handlers::kinds::chatter;
  if (want == "offer") return got == handlers::kinds::offer;
  if (want == "order") return got == handlers::kinds::group_buy_order;
  if (want == "donation") return got == handlers::kinds::donation;
  if (want == "spending") return got == handlers::kinds::request_bought;
  if (want == "claim") {
    return got == handlers::kinds::request_claim || got == handlers::kinds::task_claim;
  }
  if (want == "confirmation") return got == handlers::kinds::task_confirm;
  if (want == "leave") {
    return got == handlers::kinds::chain_leave || got == handlers::kinds::task_leave ||
           got == handlers::kinds::request_cancel || got == handlers::kinds::group_buy_withdraw;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = "tests/corpus";
  bool dev_failures = false;
  bool heldout_failures = true;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--dev-failures") {
      dev_failures = true;
    } else if (arg == "--no-heldout-failures") {
      heldout_failures = false;
    } else {
      dir = arg;
    }
  }
  const auto messages = read_lines(dir + "/messages.jsonl");
  const auto chains = read_lines(dir + "/chains.jsonl");

  auto store = storage::open(":memory:");
  const handlers::dispatcher bot;
  std::int64_t clock_ms = 1650000000000;  // April 2022
  int next_id = 0;
  auto say = [&](const std::string& chat, const std::string& who, const std::string& text,
                 bool coordinator) {
    envelope e;
    e.chat = {"generic", chat};
    e.delivery_id = "d" + std::to_string(++next_id);
    e.from = {who, who, coordinator ? platform_role::admin : platform_role::member};
    e.text = text;
    e.received_at_ms = (clock_ms += 60'000);
    storage::transaction tx(*store);
    handlers::outcome out = bot.handle(e, *store);
    tx.commit();
    return out;
  };

  std::map<std::string, part> parts;
  std::vector<double> parse_us;
  for (const json& record : messages) {
    const std::string id = record["id"];
    const std::string text = record["text"];
    const json& label = record["label"];
    const std::string kind = label["kind"];
    part& p = parts[part_of(record)];
    ++p.messages;

    // Each message in a chat of its own, with what its kind needs to be meaningful.
    const std::string chat = "corpus-" + id;
    if (kind == "order") say(chat, "coordinator", "/团购 蔬菜包 68元/份", true);
    if (kind == "donation") say(chat, "coordinator", "/募捐 5000 防疫物资", true);
    // The highest need number the message names (认领 #14, #14 #15 都我来): that many needs exist.
    int number = label.contains("request") && label["request"].is_number_integer()
                     ? label["request"].get<int>()
                     : 0;
    if (label.contains("more_requests") && label["more_requests"].is_array()) {
      for (const json& n : label["more_requests"]) {
        if (n.is_number_integer()) number = std::max(number, n.get<int>());
      }
    }
    // A claim by a task's title (我来 3号楼配送) takes a task of that title, posted before.
    if (kind == "claim" && label.contains("task_title") && label["task_title"].is_string()) {
      say(chat, "coordinator",
          "/task add " + label["task_title"].get<std::string>() + " 明天 09:00-11:00 需2人", true);
    }
    if ((kind == "claim" || kind == "spending") && number > 0 && number <= 50) {
      for (int i = 0; i < number; ++i) say(chat, "resident", "3号楼2单元501 需要 大米 1袋", false);
      if (kind == "spending") say(chat, "volunteer", "认领 #" + std::to_string(number), false);
    }
    // A leave needs something to leave: the writer's line on a chain (at the position the label
    // names, if any) and their order in an open group buy.
    if (kind == "leave" && !label.contains("request") && !label.contains("task")) {
      const int entry = label.value("entry", 1);
      std::string copy = "#接龙 明天志愿者\n\n";
      for (int i = 1; i < entry && i <= 50; ++i) {
        copy += std::to_string(i) + ". 邻居" + std::to_string(i) + "\n";
        say(chat, "neighbour" + std::to_string(i), copy, false);
      }
      say(chat, "volunteer", copy + std::to_string(entry) + ". 小李 上午", false);
      say(chat, "coordinator", "/团购 蔬菜包 68元/份", true);
      say(chat, "volunteer", "3-2-501 1份", false);
    }
    // A confirmation answers the evening request: the writer holds tomorrow's shift and was
    // asked at 20:00 (the default confirm_ask), on a day of its own.
    if (kind == "confirmation") {
      const auto& zone = handlers::time_zone::shanghai();
      const handlers::civil_date day = handlers::add_days(handlers::date_of(clock_ms, zone), 1);
      clock_ms = handlers::at_local(day, {18, 0}, zone);
      say(chat, "volunteer", "#接龙 明天志愿者\n\n1. 小李 上午", false);
      say(chat, "coordinator", "/task add 东门岗 明天 09:00-11:00 需1人", true);
      say(chat, "coordinator", "/assign 明天", true);
      clock_ms = handlers::at_local(day, {20, 0}, zone);
      storage::transaction tx(*store);
      handlers::run_due(*store, bot.rules(), clock_ms);
      tx.commit();
    }
    const auto before = store->list_requests({"generic", chat}).size();
    const auto start = std::chrono::steady_clock::now();
    (void)handlers::parse_request(text);
    parse_us.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
            .count());
    const handlers::outcome out = say(chat, "volunteer", text, false);
    auto& k = p.kinds[kind];
    ++k.second;
    if (recognised(kind, out.kind)) {
      ++k.first;
    } else if (kind != "need") {
      p.kind_misses.push_back(id + " (" + kind + ") read as " +
                              (out.kind.empty() ? std::string("nothing") : out.kind) + ": " + text);
    }
    const bool read_as_offer = out.kind == handlers::kinds::offer;
    p.offers += kind == "offer";
    p.offers_read += read_as_offer;
    p.offers_right += read_as_offer && kind == "offer";

    const auto requests = store->list_requests({"generic", chat});
    std::optional<supply_request> logged;
    if (requests.size() > before) logged = requests.back();
    if (logged) ++p.logged;
    if (kind != "need") {
      if (logged) p.failures.push_back(id + " (" + kind + ") logged as a need: " + text);
      continue;
    }
    ++p.needs;
    const need_score s = score_need(label, logged);
    if (s.detected) ++p.detected_needs;
    for (const auto& [name, ok] : s.fields) p.field_right[name] += ok ? 1 : 0;
    if (s.fully_right()) {
      ++p.fully_right;
    } else {
      p.failures.push_back(id + " need: " + s.diff + " — " + text);
    }
  }
  for (const json& record : chains) {
    part& p = parts[part_of(record)];
    ++p.chains;
    if (const auto why = chain_failure(record)) {
      p.failures.push_back(std::string(record["id"]) + " chain: " + *why);
    } else {
      ++p.chains_exact;
    }
  }

  std::sort(parse_us.begin(), parse_us.end());
  // Each split whole, then by batch: batch 2 was written after the readers were tuned on batch
  // 1's dev part, so its held-out part is the freshest measure.
  std::vector<std::string> order;
  for (const std::string split : {"dev", "heldout"}) {
    part whole;
    std::vector<std::string> batches;
    for (const auto& [name, p] : parts) {
      if (name.starts_with(split + " batch ")) {
        whole += p;
        batches.push_back(name);
      }
    }
    parts[split] = whole;
    order.push_back(split);
    if (batches.size() > 1) order.insert(order.end(), batches.begin(), batches.end());
  }
  for (const std::string& name : order) {
    const part& p = parts[name];
    const int true_positives = p.detected_needs;
    std::printf("== %s: %d messages (%d needs), %d chains ==\n", name.c_str(), p.messages, p.needs,
                p.chains);
    std::printf("need detection : precision %.1f%% (%d of %d logged), recall %.1f%% (%d of %d)\n",
                percent(true_positives, p.logged), true_positives, p.logged,
                percent(true_positives, p.needs), true_positives, p.needs);
    std::printf("fields right among detected needs:");
    for (const auto& [field, right] : p.field_right) {
      std::printf(" %s %.1f%%", field.c_str(), percent(right, p.detected_needs));
    }
    std::printf("\nneeds fully right: %.1f%% (%d of %d)\n", percent(p.fully_right, p.needs),
                p.fully_right, p.needs);
    std::printf("offer detection: precision %.1f%% (%d of %d read), recall %.1f%% (%d of %d)\n",
                percent(p.offers_right, p.offers_read), p.offers_right, p.offers_read,
                percent(p.offers_right, p.offers), p.offers_right, p.offers);
    std::printf("chains exact     : %.1f%% (%d of %d)\n", percent(p.chains_exact, p.chains),
                p.chains_exact, p.chains);
    std::printf("recognised as their kind:");
    for (const auto& [kind, counts] : p.kinds) {
      std::printf(" %s %d/%d", kind.c_str(), counts.first, counts.second);
    }
    std::printf("\n\n");
  }
  std::printf("parse_request cost: median %.1f us, p99 %.1f us per message (target < 20 us)\n\n",
              parse_us[parse_us.size() / 2], parse_us[parse_us.size() * 99 / 100]);
  if (dev_failures) {
    const part& dev = parts["dev"];
    std::printf("== dev failures (%zu) ==\n", dev.failures.size());
    for (const std::string& f : dev.failures) std::printf("%s\n", f.c_str());
    std::printf("\n== dev messages not read as their kind (%zu) ==\n", dev.kind_misses.size());
    for (const std::string& f : dev.kind_misses) std::printf("%s\n", f.c_str());
    std::printf("\n");
  }
  const part& held = parts["heldout"];
  if (heldout_failures) {
    std::printf("== held-out failures (%zu) ==\n", held.failures.size());
    for (const std::string& f : held.failures) std::printf("%s\n", f.c_str());
  }
  std::printf(
      "\nheld-out: precision %.1f%%, recall %.1f%%, needs fully right %.1f%%, "
      "chains exact %.1f%%\n",
      percent(held.detected_needs, held.logged), percent(held.detected_needs, held.needs),
      percent(held.fully_right, held.needs), percent(held.chains_exact, held.chains));
  return 0;
}
