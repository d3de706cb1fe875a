// A fast policy server (spec/miner.md §1) for C++ policies: `kinitro serve` and the C++ miner
// template build on it. Keep-alive with TCP_NODELAY, one policy instance per episode (the
// sessions extension), request-size limits, and one place where errors become responses.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "policy/protocol.h"

namespace httplib {
class Server;
}

namespace kinitro::policy {

// What a policy sees on /act.
struct Observation {
  std::span<const float> proprio;               // (x, y, z, gripper); any length the client sent
  const std::map<std::string, Image>* images;   // camera -> image; empty map when none were sent
  std::optional<int64_t> seed;                  // present on verification requests only
};

// One episode's policy. The server calls it from one request at a time.
class Policy {
 public:
  virtual ~Policy() = default;
  // A new episode starts. Throwing answers HTTP 500 with the message.
  virtual void Reset(const TaskConfig& config) = 0;
  // The action for this observation: 4 finite numbers in [-1, 1] (+1 closes the gripper).
  // Anything else is answered with HTTP 500 rather than sent to the evaluator.
  virtual ActionVec Act(const Observation& obs) = 0;
};

// Creates a fresh policy for each episode (/reset). Called concurrently; must be thread-safe.
using PolicyFactory = std::function<std::unique_ptr<Policy>()>;

struct ServerOptions {
  size_t max_sessions = 256;            // least recently used episodes beyond this are dropped
  size_t max_body_bytes = 8 << 20;      // larger requests get HTTP 413
  int threads = 64;                     // each keep-alive connection holds a thread while open
  bool model_loaded = true;             // reported by /health
};

class PolicyServer {
 public:
  PolicyServer(PolicyFactory factory, ServerOptions options = {});
  ~PolicyServer();

  // Binds and listens on host:port (port 0: any free port) and returns the port; from then on
  // connections queue up, so clients may connect before Serve() runs. Throws std::runtime_error.
  int Bind(const std::string& host, int port);
  // Serves until Stop(); call after Bind, typically on its own thread.
  void Serve();
  // Stops serving; Serve() returns. Thread-safe.
  void Stop();

 private:
  struct Sessions;
  PolicyFactory factory_;
  ServerOptions options_;
  std::unique_ptr<httplib::Server> http_;
  std::unique_ptr<Sessions> sessions_;
};

}  // namespace kinitro::policy
