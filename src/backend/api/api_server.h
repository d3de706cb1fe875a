// The operator's REST API (spec/backend.md §3, `kinitro api`): public read endpoints with the
// reference's JSON shapes, so reference-style validators can read it, and executor endpoints
// (task fetch, lease renewal, submit) that need a per-executor bearer token. Fetch and submit
// also need the executor's "engine", which must be the one the cycle records (HTTP 422 otherwise),
// so one cycle never mixes physics engines.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "backend/store/store.h"

namespace httplib {
class Server;
}

namespace kinitro::backend {

struct ApiOptions {
  std::vector<std::string> env_ids;                 // registered environments, registry order
  std::chrono::milliseconds lease{300'000};         // lease handed out with fetched tasks
  size_t max_body_bytes = 1 << 20;                  // larger requests get HTTP 413
  int threads = 32;
};

class ApiServer {
 public:
  // The store must outlive the server.
  ApiServer(Store& store, ApiOptions options);
  ~ApiServer();

  // Binds and listens (port 0: any free port); returns the port. Throws std::runtime_error.
  int Bind(const std::string& host, int port);
  // Serves until Stop(). Thread-safe Stop.
  void Serve();
  void Stop();

 private:
  Store& store_;
  ApiOptions options_;
  std::unique_ptr<httplib::Server> http_;
};

}  // namespace kinitro::backend
