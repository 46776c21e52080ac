// The HTTP server's bounded pool of connection threads (cpp-httplib's TaskQueue).
//
// cpp-httplib's own ThreadPool queues accepted connections without bound. This one keeps at
// most `max_waiting` connections waiting for a thread; a connection beyond that is served
// next, ahead of the queue, by the pre-routing hook in a shed mode: its request gets an
// immediate `503` with `Retry-After` and the connection is closed (Shedding() tells the hook).
// A burst therefore costs a short 503, never an unbounded queue of sockets.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace pocsift {

class ConnectionPool final : public httplib::TaskQueue {
 public:
  ConnectionPool(std::size_t threads, std::size_t max_waiting);
  ~ConnectionPool() override;

  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

  // True on a pool thread while it serves a connection that arrived over the bound.
  static bool Shedding();

 private:
  struct Task {
    std::function<void()> fn;
    bool shed = false;
  };
  void Work();

  std::size_t max_waiting_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Task> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace pocsift
