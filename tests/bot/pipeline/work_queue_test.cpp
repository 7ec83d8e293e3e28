#include "bot/pipeline/work_queue.hpp"

#include <catch2/catch.hpp>
#include <thread>

using linli::bot::work_queue;

TEST_CASE("work_queue hands out items in order, at most max at a time", "[work_queue]") {
  work_queue<int> q;
  for (int i = 0; i < 5; ++i) CHECK(q.push(i));
  std::vector<int> out;
  REQUIRE(q.pop(out, 3));
  CHECK(out == std::vector<int>{0, 1, 2});
  REQUIRE(q.pop(out, 10));
  CHECK(out == std::vector<int>{0, 1, 2, 3, 4});
  CHECK(q.size() == 0);
}

TEST_CASE("work_queue refuses items when full or closed", "[work_queue]") {
  work_queue<int> q(2);
  CHECK(q.push(1));
  CHECK(q.push(2));
  CHECK_FALSE(q.push(3));
  q.close();
  CHECK_FALSE(q.push(4));
  std::vector<int> out;
  CHECK(q.pop(out, 10));  // what was accepted before close is still handed out
  CHECK(out == std::vector<int>{1, 2});
  CHECK_FALSE(q.pop(out, 10));
}

TEST_CASE("work_queue wakes a waiting consumer on push and on close", "[work_queue]") {
  work_queue<int> q;
  std::vector<int> got;
  std::thread consumer([&] {
    std::vector<int> batch;
    while (q.pop(batch, 1)) {
      got.insert(got.end(), batch.begin(), batch.end());
      batch.clear();
    }
  });
  for (int i = 0; i < 100; ++i) q.push(i);
  q.close();
  consumer.join();
  REQUIRE(got.size() == 100);
  CHECK(got.front() == 0);
  CHECK(got.back() == 99);
}
