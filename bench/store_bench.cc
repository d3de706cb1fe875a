// Claim + submit throughput of backend::Store (tasks/s) on SQLite and PostgreSQL, with 1 claimer
// (baseline) and 8 concurrent claimers, each with its own Store handle, batches of 10.
// PostgreSQL uses KINITRO_TEST_POSTGRES_URL (eval "$(scripts/start-test-postgres)").
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "backend/store/store.h"

namespace {

using kinitro::backend::ClaimRequest;
using kinitro::backend::NewTask;
using kinitro::backend::OpenStore;
using kinitro::backend::TaskResult;

constexpr int kTasksPerIteration = 2000;
constexpr int kBatch = 10;

// one task pool per iteration: a fresh cycle, claimed with a cycle filter so earlier iterations' rows
// (all completed) are never in the way
void RunClaimSubmit(benchmark::State& state, const std::string& url) {
  const int claimers = static_cast<int>(state.range(0));
  auto store = OpenStore(url);
  static std::atomic<int> run{0};
  const int run_id = run++;
  for (auto _ : state) {
    int64_t cycle = store->CreateCycle(1, 8, "bench");
    std::vector<NewTask> tasks;
    for (int i = 0; i < kTasksPerIteration; ++i) {
      char uuid[48];
      std::snprintf(uuid, sizeof uuid, "%08d-%04d-4000-8000-%012lld", getpid() % 100000000, run_id % 10000,
                    static_cast<long long>(cycle) * 100000 + i);
      tasks.push_back(NewTask{.task_uuid = uuid, .cycle_id = cycle, .miner_uid = i % 16,
                              .miner_hotkey = "5Fhotkey", .miner_endpoint = "http://127.0.0.1:9",
                              .env_id = "metaworld/push-v3", .seed = i});
    }
    store->InsertTasks(tasks);
    std::vector<std::unique_ptr<kinitro::backend::Store>> handles;
    for (int c = 0; c < claimers; ++c) handles.push_back(OpenStore(url));

    // timed: every claimer claims a batch and submits it until the cycle's pool is empty
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < claimers; ++c) {
      threads.emplace_back([&, c] {
        std::string executor = "bench-" + std::to_string(c);
        ClaimRequest req{.executor_id = executor, .batch_size = kBatch, .cycle_id = cycle};
        for (;;) {
          auto batch = handles[c]->ClaimTasks(req);
          if (batch.empty()) break;
          std::vector<TaskResult> results;
          for (const auto& t : batch) results.push_back({.task_uuid = t.task_uuid, .success = true, .score = 1.0});
          handles[c]->SubmitResults(executor, results);
        }
      });
    }
    for (auto& t : threads) t.join();
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    if (store->CountOpenTasks(cycle) != 0) state.SkipWithError("tasks left open");
  }
  state.SetItemsProcessed(state.iterations() * kTasksPerIteration);
}

void BM_SqliteClaimSubmit(benchmark::State& state) {
  auto dir = std::filesystem::temp_directory_path() / ("kinitro_store_bench_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  RunClaimSubmit(state, "sqlite://" + (dir / "bench.db").string());
  std::filesystem::remove_all(dir);
}

void BM_PostgresClaimSubmit(benchmark::State& state) {
  const char* url = std::getenv("KINITRO_TEST_POSTGRES_URL");
  if (url == nullptr || *url == '\0') {
    state.SkipWithError("KINITRO_TEST_POSTGRES_URL is not set; start one with eval \"$(scripts/start-test-postgres)\"");
    for (auto _ : state) {
    }
    return;
  }
  RunClaimSubmit(state, url);
}

BENCHMARK(BM_SqliteClaimSubmit)->Arg(1)->Arg(8)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PostgresClaimSubmit)->Arg(1)->Arg(8)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace
