// Env::Step and Env::Reset per task, beside the raw MuJoCo work one env step contains: MetaWorld's
// physics (5 mj_step + the post-step mj_forward, which kinitro must run to stay bit-identical to
// MetaWorld) and, as the floor, the 5 bare mj_step calls. All replay the same recorded expert
// episode from the same reset, so they see the same contacts; EnvStep minus Raw5MjStepForward is
// what observations, rewards and bookkeeping cost.
// Run: build/bench/sim_step_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>
#include <mujoco/mujoco.h>

#include <algorithm>
#include <vector>

#include "sim/assets.h"
#include "sim/env.h"
#include "sim/tasks/registry.h"

namespace kinitro::sim {
namespace {

constexpr uint64_t kSeed = 1;

ModelCache& Models() {
  static ModelCache cache(FindAssetDir());
  return cache;
}

// the expert's actions over one whole episode
std::vector<Action> RecordExpert(Env& env) {
  std::vector<Action> actions;
  env.Reset(kSeed);
  while (!env.episode_over()) {
    actions.push_back(env.ExpertAction());
    env.Step(actions.back());
  }
  return actions;
}

void BM_EnvStep(benchmark::State& state, std::string env_id) {
  Env env(Models().Get(env_id));
  std::vector<Action> actions = RecordExpert(env);
  env.Reset(kSeed);
  size_t t = 0;
  for (auto _ : state) {
    if (t == actions.size()) {
      state.PauseTiming();
      env.Reset(kSeed);
      t = 0;
      state.ResumeTiming();
    }
    benchmark::DoNotOptimize(env.Step(actions[t++]));
  }
  state.SetItemsProcessed(state.iterations());
}

// the floor: mocap and ctrl writes, 5 × mj_step, and (with_forward) MetaWorld's mj_forward
void BM_RawPhysics(benchmark::State& state, std::string env_id, bool with_forward) {
  Env env(Models().Get(env_id));
  std::vector<Action> actions = RecordExpert(env);
  const TaskSpec& spec = env.model().spec();
  const mjModel* m = env.mj_model();
  mjData* d = const_cast<mjData*>(env.mj_data());  // benchmark only: steps the env's own data
  int mocap = env.model().sawyer().mocap;
  env.Reset(kSeed);
  size_t t = 0;
  for (auto _ : state) {
    if (t == actions.size()) {
      state.PauseTiming();
      env.Reset(kSeed);
      t = 0;
      state.ResumeTiming();
    }
    const Action& a = actions[t++];
    for (int i = 0; i < 3; ++i) {
      double& p = d->mocap_pos[3 * mocap + i];
      p = std::clamp(p + kActionScale * std::clamp(a[i], -1.0, 1.0), spec.hand_low[i], spec.hand_high[i]);
    }
    d->ctrl[0] = a[3];
    d->ctrl[1] = -a[3];
    for (int s = 0; s < kFrameSkip; ++s) mj_step(m, d);
    if (with_forward) mj_forward(m, d);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Reset(benchmark::State& state, std::string env_id) {
  Env env(Models().Get(env_id));
  uint64_t seed = 0;
  for (auto _ : state) benchmark::DoNotOptimize(env.Reset(seed++));
  state.SetItemsProcessed(state.iterations());
}

int Register() {
  for (const TaskSpec* t : AllTasks()) {
    std::string id(t->env_id);
    benchmark::RegisterBenchmark(("EnvStep/" + id).c_str(), BM_EnvStep, id);
    benchmark::RegisterBenchmark(("Raw5MjStepForward/" + id).c_str(), BM_RawPhysics, id, true);
    benchmark::RegisterBenchmark(("Raw5MjStep/" + id).c_str(), BM_RawPhysics, id, false);
    benchmark::RegisterBenchmark(("Reset/" + id).c_str(), BM_Reset, id)->Unit(benchmark::kMillisecond);
  }
  return 0;
}
const int registered = Register();

}  // namespace
}  // namespace kinitro::sim
