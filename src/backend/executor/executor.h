// `kinitro executor`: claims evaluation tasks from the operator API, runs each episode against
// the miner's endpoint in the local simulator, and reports results (spec/backend.md §5).
// Leases are renewed while a batch runs; submits are retried, which is safe because the API
// treats a repeated result as a no-op. Fetches and submits name this build's physics engine
// (sim::EngineName()): the API gives work only for cycles created for that engine.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "eval/remote_episode.h"
#include "policy/client.h"
#include "sim/model.h"

namespace kinitro::backend {

struct ExecutorConfig {
  std::string api_url;                          // e.g. http://127.0.0.1:8000
  std::string token;                            // from `kinitro executor-token create`
  int batch_size = 10;                          // tasks per fetch (1..100)
  int concurrency = 4;                          // episodes in flight (each its own connection and env)
  std::vector<std::string> env_ids;             // empty: any env
  std::chrono::milliseconds idle_poll{5000};    // wait when the pool is empty
  std::chrono::milliseconds renew_every{60000}; // lease renewal period while a batch runs
  policy::ClientOptions client;                 // miner endpoint budgets
  eval::EpisodeRules rules;                     // misbehaviour rules, as `kinitro eval`
};

struct BatchReport {
  int claimed = 0, accepted = 0, rejected = 0;
  std::vector<std::string> errors;  // API errors (transport, status, rejected results)
};

class Executor {
 public:
  // `models` must outlive the executor. `log` gets one line per event (nullable).
  Executor(ExecutorConfig config, sim::ModelCache& models, std::function<void(const std::string&)> log = {});

  // Claims one batch, runs its episodes and submits the results; claimed == 0 when the pool
  // was empty. API failures are reported in the result, not thrown.
  BatchReport RunBatch();
  // Batches until Stop(), sleeping idle_poll when there is nothing to do.
  void Run();
  void Stop();

 private:
  void Log(const std::string& line) const;

  ExecutorConfig config_;
  sim::ModelCache& models_;
  std::function<void(const std::string&)> log_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopped_ = false;
};

}  // namespace kinitro::backend
