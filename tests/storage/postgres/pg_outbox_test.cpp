// PostgreSQL's outbox claim under concurrency the contract cannot express on SQLite (one writer):
// a row another instance's open transaction is claiming is skipped, never waited for.

#include <catch2/catch.hpp>

#include <chrono>

#include "tests/storage/contract/contract.hpp"
#include "tests/storage/contract/samples.hpp"

using namespace linli;
using contract::chat_a;

TEST_CASE("postgres: a claim skips the rows another instance is claiming, without waiting",
          "[postgres][outbox][lease]") {
  const auto backend = contract::postgres_backend();
  auto a = backend->make_store();
  auto b = backend->connect(false);
  for (int i = 0; i < 4; ++i) {
    outbound_message m;
    m.chat = chat_a;
    m.text = "第" + std::to_string(i);
    a->insert_outbound(m);
  }
  storage::transaction in_a(*a);
  const auto by_a = a->claim_outbound("A", 100, 200, 2, "");
  REQUIRE(by_a.size() == 2);

  // A has not committed: its two rows are locked. B takes the other two at once.
  const auto started = std::chrono::steady_clock::now();
  storage::transaction in_b(*b);
  const auto by_b = b->claim_outbound("B", 100, 200, 10, "");
  in_b.commit();
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(2));
  REQUIRE(by_b.size() == 2);
  CHECK(by_b[0].id > by_a[1].id);
  in_a.commit();

  // Once A has committed its lease counts: nothing is left for B.
  storage::transaction again(*b);
  CHECK(b->claim_outbound("B", 150, 250, 10, "").empty());
  again.commit();
}
