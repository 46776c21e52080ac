#include "engine/serve/connection_pool.h"

namespace pocsift {
namespace {

thread_local bool shedding = false;

}  // namespace

ConnectionPool::ConnectionPool(std::size_t threads, std::size_t max_waiting)
    : max_waiting_(max_waiting) {
  for (std::size_t i = 0; i < std::max<std::size_t>(1, threads); ++i)
    threads_.emplace_back([this] { Work(); });
}

ConnectionPool::~ConnectionPool() { shutdown(); }

void ConnectionPool::enqueue(std::function<void()> fn) {
  {
    std::lock_guard lock(mutex_);
    if (tasks_.size() >= max_waiting_) {
      tasks_.push_front({std::move(fn), true});
    } else {
      tasks_.push_back({std::move(fn), false});
    }
  }
  ready_.notify_one();
}

void ConnectionPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  ready_.notify_all();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
}

bool ConnectionPool::Shedding() { return shedding; }

void ConnectionPool::Work() {
  for (;;) {
    Task task;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
      if (stopping_ && tasks_.empty()) return;
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    shedding = task.shed;
    task.fn();
    shedding = false;
  }
}

}  // namespace pocsift
