// Transactions and savepoints: what is rolled back is undone everywhere; readers see only what
// was committed.

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

#include "tests/storage/contract/contract.hpp"
#include "tests/storage/contract/samples.hpp"

using namespace linli;
using contract::chat_a;
using contract::sample_message;
using contract::sample_request;

CONTRACT_TEST("a transaction not committed undoes every write in it", "[transactions]") {
  auto store = backend.make_store();
  {
    storage::transaction tx(*store);
    store->insert_message(sample_message(chat_a, "m1"));
    auto r = sample_request(chat_a, "u1", std::nullopt, "大米", 100);
    store->insert_request(r);
    store->save_chat(chat_a, {.lang = storage::language::en});
    store->save_address(chat_a, "u1", {"3", "2", "501"});
    CHECK(store->count_messages() == 1);  // visible inside the transaction
    CHECK(store->load_chat(chat_a).lang == storage::language::en);
  }
  CHECK(store->count_messages() == 0);
  CHECK_FALSE(store->find_request(chat_a, 1));
  CHECK(store->load_chat(chat_a).lang == storage::language::zh);
  CHECK_FALSE(store->load_address(chat_a, "u1"));

  {
    storage::transaction tx(*store);
    store->insert_message(sample_message(chat_a, "m2"));
    tx.commit();
  }
  CHECK(store->find_message(chat_a, "m2"));
}

CONTRACT_TEST("a rolled-back request leaves no gap in the numbers", "[transactions]") {
  auto store = backend.make_store();
  auto first = sample_request(chat_a, "u1", std::nullopt, "大米", 100);
  store->insert_request(first);
  {
    storage::transaction tx(*store);
    auto undone = sample_request(chat_a, "u2", std::nullopt, "鸡蛋", 200);
    store->insert_request(undone);
    CHECK(undone.number == 2);
  }
  auto next = sample_request(chat_a, "u3", std::nullopt, "面粉", 300);
  store->insert_request(next);
  CHECK(next.number == 2);
}

CONTRACT_TEST("a savepoint undoes only what was done since it began", "[transactions]") {
  auto store = backend.make_store();
  storage::transaction tx(*store);
  store->insert_message(sample_message(chat_a, "kept"));
  {
    storage::savepoint sp(*store);
    store->insert_message(sample_message(chat_a, "undone"));
    store->save_chat(chat_a, {.lang = storage::language::en});
    CHECK(store->load_chat(chat_a).lang == storage::language::en);
  }  // not released: rolled back
  CHECK(store->load_chat(chat_a).lang == storage::language::zh);
  {
    storage::savepoint sp(*store);
    store->insert_message(sample_message(chat_a, "released"));
    sp.release();
  }
  {
    storage::savepoint sp(*store);
    store->insert_message(sample_message(chat_a, "explicitly undone"));
    sp.rollback();
    store->insert_message(sample_message(chat_a, "after the rollback"));
  }
  tx.commit();
  CHECK(store->find_message(chat_a, "kept"));
  CHECK_FALSE(store->find_message(chat_a, "undone"));
  CHECK(store->find_message(chat_a, "released"));
  CHECK_FALSE(store->find_message(chat_a, "explicitly undone"));
  CHECK(store->find_message(chat_a, "after the rollback"));
  CHECK(store->count_messages() == 3);
}

CONTRACT_TEST("savepoints nest: the inner one undoes only its own writes", "[transactions]") {
  auto store = backend.make_store();
  storage::transaction tx(*store);
  {
    storage::savepoint outer(*store);
    store->insert_message(sample_message(chat_a, "outer"));
    {
      storage::savepoint inner(*store);
      store->insert_message(sample_message(chat_a, "inner"));
    }
    store->insert_message(sample_message(chat_a, "outer again"));
    outer.release();
  }
  {
    storage::savepoint outer(*store);
    {
      storage::savepoint inner(*store);
      store->insert_message(sample_message(chat_a, "inner of undone"));
      inner.release();
    }
  }  // the outer one undoes what its released inner one did
  tx.commit();
  CHECK(store->find_message(chat_a, "outer"));
  CHECK_FALSE(store->find_message(chat_a, "inner"));
  CHECK(store->find_message(chat_a, "outer again"));
  CHECK_FALSE(store->find_message(chat_a, "inner of undone"));
}

CONTRACT_TEST("another connection sees what was committed, not what is in a transaction",
              "[transactions]") {
  auto store = backend.make_store();
  const auto reader = backend.connect(true);
  store->insert_message(sample_message(chat_a, "m1"));
  CHECK(reader->count_messages() == 1);
  CHECK(reader->find_message(chat_a, "m1"));

  storage::transaction tx(*store);
  store->insert_message(sample_message(chat_a, "m2"));
  CHECK(reader->count_messages() == 1);
  CHECK_FALSE(reader->find_message(chat_a, "m2"));
  tx.commit();
  CHECK(reader->find_message(chat_a, "m2"));
  CHECK(reader->count_messages() == 2);
  CHECK(reader->schema_version() == store->schema_version());
}

CONTRACT_TEST("a writer's locked chats wait for its commit in another writer", "[transactions]") {
  auto first = backend.make_store();
  const auto second = backend.connect(false);
  std::atomic<bool> second_locked = false;
  std::atomic<bool> second_saw_first = false;  // Catch2 assertions are for the main thread only
  std::optional<storage::transaction> tx(*first);
  first->lock_chats({contract::chat_b, chat_a, chat_a});
  first->insert_message(sample_message(chat_a, "first"));
  std::thread other([&] {
    storage::transaction tx2(*second);
    second->lock_chats({chat_a});
    second_locked = true;
    // The first writer's message is committed by now: the second sees it.
    second_saw_first = second->find_message(chat_a, "first").has_value();
    second->insert_message(sample_message(chat_a, "second"));
    tx2.commit();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CHECK_FALSE(second_locked);
  tx->commit();
  tx.reset();
  other.join();
  CHECK(second_locked);
  CHECK(second_saw_first);
  CHECK(first->messages_after(0, 10).size() == 2);
}
