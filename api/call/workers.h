#pragma once
// A small pool of threads for calls whose work is long and CPU-bound
// (training demand for a large unit). gRPC's callback threads must not
// block on such work or start threads of their own (DESIGN.md): the handler
// posts the work here and finishes its call from the pool (Call::Defer and
// Call::Complete). Owned by the server, which joins it after gRPC has
// drained its calls.
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstddef>
#include <utility>

namespace skillpath::services {

class Workers {
 public:
  explicit Workers(size_t threads) : pool_(threads), threads_(threads) {}
  ~Workers() { pool_.join(); }
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;

  size_t threads() const { return threads_; }
  template <typename Fn>
  void Post(Fn&& fn) {
    boost::asio::post(pool_, std::forward<Fn>(fn));
  }

 private:
  boost::asio::thread_pool pool_;
  size_t threads_;
};

}  // namespace skillpath::services
