// Resident memory of a process holding N pick-place environments that share one model.
// Run each size in its own process so freed heap from another case cannot hide memory:
//   build/bench/sim_memory_bench --benchmark_filter=/1/   and   --benchmark_filter=/16/
#include <benchmark/benchmark.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "sim/assets.h"
#include "sim/env.h"

namespace kinitro::sim {
namespace {

double ResidentMiB() {
  std::ifstream status("/proc/self/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      double kib;
      status >> kib;
      return kib / 1024.0;
    }
    status.ignore(1 << 20, '\n');
  }
  return 0;
}

void BM_PickPlaceInstances(benchmark::State& state) {
  ModelCache cache(FindAssetDir());
  double before_model = ResidentMiB();
  auto model = cache.Get("metaworld/pick-place-v3");
  double with_model = ResidentMiB();
  std::vector<std::unique_ptr<Env>> envs;
  for (auto _ : state) {
    envs.clear();
    for (int i = 0; i < state.range(0); ++i) {
      envs.push_back(std::make_unique<Env>(model));
      envs.back()->Reset(i);
    }
  }
  double with_envs = ResidentMiB();
  state.counters["model_MiB"] = with_model - before_model;
  state.counters["envs_MiB"] = with_envs - with_model;
  state.counters["rss_MiB"] = with_envs;
  state.counters["per_env_KiB"] = 1024.0 * (with_envs - with_model) / double(state.range(0));
}
BENCHMARK(BM_PickPlaceInstances)->Arg(1)->Arg(16)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace kinitro::sim
