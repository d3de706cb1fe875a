// The evaluation-cycle orchestrator (spec/backend.md §4): reads miners, creates a cycle's tasks,
// waits for executors to finish them (reclaiming expired leases), then scores and records weights.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "backend/scheduler/miner_source.h"
#include "backend/store/store.h"
#include "miner/commitment.h"

namespace kinitro::backend {

struct SchedulerConfig {
  std::vector<std::string> env_ids;                    // every env of the registry by default
  int episodes_per_env = 50;                           // spec §4.1
  double temperature = 1.0;                            // softmax temperature, > 0
  std::chrono::milliseconds interval{3600'000};        // sleep between cycles
  std::chrono::milliseconds cycle_timeout{7200'000};   // a cycle still open after this fails
  std::chrono::milliseconds poll{10'000};              // completion check and lease reclaim tick
  std::string seed_secret;                             // operator secret for episode seeds (seeds.h)
  miner::DeploymentPolicy deployments;                 // allow-list beyond Basilica ids
  std::string engine;                                  // recorded on every cycle: the physics engine of this
                                                       // build (sim::EngineName()), 1-64 chars; executors
                                                       // on another engine are refused
};

struct CycleReport {
  int64_t cycle_id = 0;
  bool completed = false;
  std::string error;                       // why the cycle failed
  int miners = 0, tasks = 0;
  std::vector<std::string> skipped;        // "uid 3: <reason>" for miners without a valid commitment
};

class Scheduler {
 public:
  // `log` receives one line per event (nullable). The store and source must outlive the scheduler.
  Scheduler(Store& store, MinerSource& miners, SchedulerConfig config, std::function<void(const std::string&)> log = {});

  // Runs one whole cycle (spec §4.2) and returns when it completed, failed or Stop() was called.
  // Store errors inside the cycle fail it with the message; they do not escape.
  CycleReport RunCycle();
  // Cycles back to back with `interval` between them until Stop().
  void Run();
  // Makes Run/RunCycle return at the next tick. Thread-safe.
  void Stop();

 private:
  bool Sleep(std::chrono::milliseconds d);  // false if stopped
  void Log(const std::string& line) const;

  Store& store_;
  MinerSource& miners_;
  SchedulerConfig config_;
  std::function<void(const std::string&)> log_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopped_ = false;
};

// Success rate per (uid, env) of a cycle's finished tasks (spec §4.6): mean of 1/0 over results.
struct Aggregate {
  std::vector<int> uids;                   // ascending
  std::vector<std::vector<double>> rates;  // rates[i][j]: uids[i] on env_ids[j]; 0 if no result
  std::vector<ScoreRow> rows;              // one per (uid, env) with at least one result
};
Aggregate AggregateResults(const std::vector<Task>& results, const std::vector<std::string>& env_ids);

}  // namespace kinitro::backend
