#pragma once
// A closable multi-producer queue drained by one consumer thread in batches: the writer takes
// everything pending for one transaction, the reader one job at a time.

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <iterator>
#include <limits>
#include <mutex>
#include <vector>

namespace linli::bot {

template <class T>
class work_queue {
 public:
  explicit work_queue(std::size_t max_size = std::numeric_limits<std::size_t>::max())
      : max_size_(max_size) {}

  // Adds an item; returns false (keeping nothing) when the queue is closed or full.
  bool push(T item) {
    {
      std::lock_guard lock(mutex_);
      if (closed_ || items_.size() >= max_size_) return false;
      items_.push_back(std::move(item));
    }
    wake_.notify_one();
    return true;
  }

  // Adds an item, waiting while the queue is full (back-pressure on the producer); returns false
  // (keeping nothing) only when the queue is closed.
  bool push_wait(T item) {
    {
      std::unique_lock lock(mutex_);
      room_.wait(lock, [this] { return closed_ || items_.size() < max_size_; });
      if (closed_) return false;
      items_.push_back(std::move(item));
    }
    wake_.notify_one();
    return true;
  }

  // Waits until there is work, then moves up to `max` items into `out`. Returns false once the
  // queue is closed and empty: everything pushed before close() is still handed out.
  bool pop(std::vector<T>& out, std::size_t max) {
    std::unique_lock lock(mutex_);
    wake_.wait(lock, [this] { return closed_ || !items_.empty(); });
    if (items_.empty()) return false;
    const auto n = static_cast<std::ptrdiff_t>(std::min(items_.size(), max));
    std::move(items_.begin(), items_.begin() + n, std::back_inserter(out));
    items_.erase(items_.begin(), items_.begin() + n);
    lock.unlock();
    room_.notify_all();
    return true;
  }

  // Refuses further pushes; the consumer drains what is left, then pop() returns false.
  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    wake_.notify_all();
    room_.notify_all();
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return items_.size();
  }

 private:
  const std::size_t max_size_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable room_;  // push_wait's: a pop made room, or the queue closed
  std::deque<T> items_;
  bool closed_ = false;
};

}  // namespace linli::bot
