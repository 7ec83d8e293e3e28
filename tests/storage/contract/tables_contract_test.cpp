// Every table as rows (storage/tables.hpp) and the copy of a database into another
// (bot/migrate.hpp): what `linli migrate` relies on, on each backend.

#include "bot/migrate.hpp"
#include "tests/storage/contract/contract.hpp"
#include "tests/storage/contract/samples.hpp"

using namespace linli;
using contract::chat_a;
using contract::chat_b;
using contract::sample_message;
using contract::sample_request;

namespace {

std::int64_t rows_of(storage::store& s, std::string_view table) {
  const auto io = s.tables();
  for (const auto& t : storage::portable_tables()) {
    if (t.name == table) return io->count_rows(t);
  }
  FAIL("no table " << table);
  return -1;
}

void populate(storage::store& s) {
  s.insert_message(sample_message(chat_a, "d1"));
  s.insert_message(sample_message(chat_b, "d2"));
  auto r = sample_request(chat_a, "u1", address{"3", "2", "501"}, "硝苯地平", 100);
  r.items.push_back({"口罩", 1, std::nullopt, 2'290'170});
  r.stated_total_cents = 13'600;
  r.spent_cents = 9'007'199'254'740'993;  // beyond a double's exact integers
  s.insert_request(r);
  auto r2 = sample_request(chat_a, "u2", std::nullopt, "大米", 200);
  s.insert_request(r2);
  storage::chat_settings settings;
  settings.time_zone = "Asia/Shanghai";
  s.save_chat(chat_a, settings);
}

}  // namespace

CONTRACT_TEST("the database holds exactly the tables and columns the migration lists", "[tables]") {
  auto store = backend.make_store();
  CHECK_NOTHROW(store->tables()->check_catalogue());
}

CONTRACT_TEST("a copy keeps every row, id, number and money total", "[tables]") {
  auto from = backend.make_store();
  populate(*from);
  auto to = backend.make_store();
  std::vector<bot::migration_progress> seen;
  const auto summary = bot::migrate_databases(
      *from, *to, {.batch_rows = 1, .progress = [&](const auto& p) { seen.push_back(p); }});

  CHECK(summary.tables.size() == storage::portable_tables().size());
  CHECK(summary.money_cents() == 5990 * 2 + 2'290'170 + 13'600 + 9'007'199'254'740'993);
  CHECK(rows_of(*to, "inbox") == 2);
  CHECK(rows_of(*to, "request_items") == 3);
  REQUIRE_FALSE(seen.empty());
  CHECK(seen.back().rows == summary.rows());
  CHECK(seen.back().total == summary.rows());

  const auto copied = to->find_request(chat_a, 1);
  const auto original = from->find_request(chat_a, 1);
  REQUIRE(copied);
  CHECK(copied->id == original->id);
  CHECK(copied->spent_cents == original->spent_cents);
  CHECK(copied->items.size() == 2);
  CHECK(copied->where == original->where);
  CHECK(to->find_message(chat_b, "d2")->seq == from->find_message(chat_b, "d2")->seq);
  CHECK(to->load_chat(chat_a).time_zone == "Asia/Shanghai");

  // Numbers and ids continue after the copied ones.
  auto next = sample_request(chat_a, "u3", std::nullopt, "面粉", 300);
  to->insert_request(next);
  CHECK(next.number == 3);
  CHECK(next.id > original->id);
  CHECK(to->insert_message(sample_message(chat_a, "d3")) > from->find_message(chat_b, "d2")->seq);
}

CONTRACT_TEST("a copy into a database that holds rows needs replace, which empties it first",
              "[tables]") {
  auto from = backend.make_store();
  populate(*from);
  auto to = backend.make_store();
  to->insert_message(sample_message(chat_b, "other"));
  CHECK_THROWS_AS(bot::migrate_databases(*from, *to), bot::target_not_empty);
  CHECK(rows_of(*to, "inbox") == 1);  // untouched

  bot::migrate_databases(*from, *to, {.replace = true});
  CHECK(rows_of(*to, "inbox") == 2);
  CHECK_FALSE(to->find_message(chat_b, "other"));
  CHECK(to->find_request(chat_a, 2));
}
