// MetaWorldBenchmarkTasks and ParseMetaWorldTaskSource (sim/metaworld_tasks.h). The generator
// follows metaworld 3.1.1: __init__.py (_make_tasks, MT1, ML1), sawyer_xyz_env.py (reset,
// _get_state_rand_vec) and each task's reset_model.
#include "sim/metaworld_tasks.h"

#include <array>
#include <charconv>
#include <limits>
#include <set>
#include <stdexcept>

#include "sim/numpy_legacy_random.h"
#include "sim/rand_vec.h"

namespace kinitro::sim {
namespace {

// MT1 and ML1 build their tasks with _make_tasks(seed), ML1's test tasks with seed + 1;
// _MT_OVERRIDE shows the goal, _ML_OVERRIDE hides it
struct Benchmark {
  std::string_view name;
  uint32_t seed_offset;
  bool partially_observable;
};
constexpr std::array<Benchmark, 3> kBenchmarks = {{
    {.name = "MT1", .seed_offset = 0, .partially_observable = false},
    {.name = "ML1-train", .seed_offset = 0, .partially_observable = true},
    {.name = "ML1-test", .seed_offset = 1, .partially_observable = true},
}};
constexpr int kTasksPerBenchmark = 50;   // _N_GOALS
constexpr int kResetModelsPerReset = 2;  // SawyerXYZEnv.reset runs reset_model, then MujocoEnv.reset again

const Benchmark* FindBenchmark(std::string_view name) {
  for (const Benchmark& b : kBenchmarks) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

uint32_t ParseSeed(std::string_view text, std::string_view source) {
  uint64_t seed = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || seed > std::numeric_limits<uint32_t>::max()) {
    throw std::invalid_argument("task source '" + std::string(source) + "': the seed must be an integer in 0..4294967295");
  }
  return uint32_t(seed);
}

}  // namespace

std::vector<MetaWorldTask> MetaWorldBenchmarkTasks(const TaskSpec& task, std::string_view benchmark, uint32_t seed) {
  const Benchmark* b = FindBenchmark(benchmark);
  if (b == nullptr) throw std::invalid_argument("unknown MetaWorld benchmark '" + std::string(benchmark) + "' (valid: MT1, ML1-train, ML1-test)");
  // ML1's constructor makes its train and test tasks together, so both fail where seed + 1 does
  if (benchmark.starts_with("ML1") && seed == std::numeric_limits<uint32_t>::max()) {
    throw std::invalid_argument("ML1 takes seeds 0..4294967294: its test tasks use seed + 1, which numpy refuses above 2^32 - 1");
  }
  // np.random.seed(seed); building the env draws nothing; then 50 env.reset()s with the rand
  // vec unfrozen, each task keeping the vector its reset drew last
  // Each reset_model() draws _get_state_rand_vec() = np.random.uniform(low, high, size=n), redrawn
  // while the task's rule rejects it (reach, push, pick-place and peg-insert-side loop; the others
  // draw once). The rule is the task's own accept(), MetaWorld's np.linalg.norm(...) < r test up
  // to the rounding of the norm.
  NumpyLegacyRandom rng(seed + b->seed_offset);
  auto uniform = [&rng](double low, double high) { return rng.Uniform(low, high); };
  std::vector<double> v;
  std::vector<MetaWorldTask> tasks;
  for (int i = 0; i < kTasksPerBenchmark; ++i) {
    for (int r = 0; r < kResetModelsPerReset; ++r) DrawAcceptedRandVec(task, uniform, v);
    tasks.push_back({.env_name = std::string(task.name), .rand_vec = v, .partially_observable = b->partially_observable});
  }
  return tasks;
}

int EpisodesOnTasks(int requested, size_t available, std::string_view source, const TaskSpec& task) {
  if (requested == 0) return int(available);
  if (requested < 0 || size_t(requested) > available) {
    throw std::invalid_argument(std::to_string(requested) + " episodes of " + std::string(task.name) + " asked for, but " +
                                std::string(source) + " holds " + std::to_string(available) + " of its tasks");
  }
  return requested;
}

std::vector<MetaWorldTask> ParseMetaWorldTaskSource(std::string_view source, const TaskSpec& task) {
  // BENCHMARK:SEED
  if (size_t colon = source.find(':'); colon != std::string_view::npos) {
    std::string_view name = source.substr(0, colon);
    if (FindBenchmark(name) != nullptr) return MetaWorldBenchmarkTasks(task, name, ParseSeed(source.substr(colon + 1), source));
  }
  // FILE: its tasks for this task
  std::filesystem::path file{std::string(source)};
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    throw std::invalid_argument("task source '" + std::string(source) +
                                "' is neither a file nor MT1:SEED, ML1-train:SEED or ML1-test:SEED");
  }
  std::vector<MetaWorldTask> tasks;
  std::set<std::string> others;
  for (MetaWorldTask& t : LoadMetaWorldTasks(file)) {
    if (t.env_name == task.name) {
      tasks.push_back(std::move(t));
    } else {
      others.insert(t.env_name);
    }
  }
  if (tasks.empty()) {
    std::string names;
    for (const std::string& n : others) names += (names.empty() ? "" : ", ") + n;
    throw std::invalid_argument(file.string() + " holds no tasks for " + std::string(task.name) + " (only for " + names + ")");
  }
  return tasks;
}

}  // namespace kinitro::sim
