// HTTP client for one policy endpoint (spec/miner.md §1): one keep-alive connection with
// TCP_NODELAY, a true end-to-end deadline per call, and a cap on response size. Every failure
// is a Result error with a kind the evaluator counts; nothing throws after construction.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "policy/protocol.h"
#include "util/result.h"

namespace httplib {
class Client;
}

namespace kinitro::policy {

struct ClientOptions {
  int connect_timeout_ms = 5000;   // TCP (+TLS) set-up; added to a call's budget when it must reconnect
  int health_timeout_ms = 5000;
  int reset_timeout_ms = 5000;     // reference: 5 s
  int act_timeout_ms = 500;        // reference: 0.5 s, here end to end
  size_t max_response_bytes = 1 << 20;  // larger bodies are cut off and reported as kTooLarge
};

class PolicyClient {
 public:
  // base_url: http://host[:port][/prefix] or https://...; trailing slashes are ignored.
  // Throws std::invalid_argument for another scheme, a query string or fragment, or no host.
  PolicyClient(const std::string& base_url, ClientOptions options = {});
  ~PolicyClient();
  PolicyClient(const PolicyClient&) = delete;
  PolicyClient& operator=(const PolicyClient&) = delete;

  Result<Health> GetHealth();
  // Returns the episode id the server gave ("" if none). Any 2xx counts as success.
  Result<std::string> Reset(const TaskConfig& config);
  Result<ActionVec> Act(const ActRequest& request, ImageEncoding encoding = ImageEncoding::kNested);

  const std::string& base_url() const { return base_url_; }

 private:
  // one request under a deadline; returns the 2xx body
  Result<std::string> Send(const char* method, const std::string& path, const std::string& body, int timeout_ms);
  void Watchdog();

  std::string base_url_, prefix_;
  ClientOptions options_;
  std::unique_ptr<httplib::Client> http_;

  // the watchdog cancels a request whose deadline passes (a server trickling bytes cannot
  // stretch a call beyond its budget)
  std::mutex mu_;
  std::condition_variable cv_;
  bool in_flight_ = false, expired_ = false, shutdown_ = false;
  bool connecting_ = false;  // the call started without a connection: its budget starts once connected
  int budget_ms_ = 0;
  std::chrono::steady_clock::time_point deadline_;
  std::thread watchdog_;
};

}  // namespace kinitro::policy
