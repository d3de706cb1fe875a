// MetaWorld task configurations (metaworld.Task: which task, its random vector, whether the goal
// is hidden): read from the files miners train with, or generated natively exactly as MetaWorld's
// MT1/ML1 benchmarks generate them. Env::ResetWithRandVec starts an episode on one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "sim/task.h"

namespace kinitro::sim {

// One MetaWorld task configuration.
struct MetaWorldTask {
  std::string env_name;              // MetaWorld's task name (TaskSpec::name), e.g. "push-v3"
  std::vector<double> rand_vec;      // (spec.rand.size) the task's _random_reset_space sample
  bool partially_observable = true;  // goal hidden (ML benchmarks); false: in obs[36:39] (MT)
};

// Reads MetaWorld tasks from a file (at most 64 MiB), never executing anything from it:
//  - a pickle (protocols 2-5) of a list or tuple of metaworld.Task, or of one Task, as
//    `pickle.dump(metaworld.MT1("push-v3", seed=7).train_tasks, f)` writes it (numpy 1.x or 2.x);
//  - JSON: [{"env_name": "push-v3", "rand_vec": [...], "partially_observable": true}, ...] or
//    {"tasks": [...the same...]}; partially_observable may be left out (true).
// Every task is checked with Env::ValidateRandVec against its TaskSpec. Throws
// std::invalid_argument naming the file and what is wrong (not a pickle or JSON, a refused
// opcode or GLOBAL, a Task without rand_vec, a dtype other than float64, an unknown task name
// (listing kinitro's tasks), a vector outside the task's range, no tasks at all, ...).
std::vector<MetaWorldTask> LoadMetaWorldTasks(const std::filesystem::path& file);

// MetaWorld's own benchmark tasks for `task`, generated natively and bit-identically to
// metaworld 3.1.1 on numpy's legacy RNG: "MT1" (the 50 train tasks of MT1(name, seed), goal
// visible), "ML1-train" and "ML1-test" (the 50 train / test tasks of ML1(name, seed), goal
// hidden; the test tasks use seed + 1). Throws std::invalid_argument for another benchmark name,
// or for ML1 with seed 2^32 - 1 (MetaWorld fails there: numpy refuses the test seed 2^32).
std::vector<MetaWorldTask> MetaWorldBenchmarkTasks(const TaskSpec& task, std::string_view benchmark, uint32_t seed);

// A command-line task source for `task`: "MT1:SEED", "ML1-train:SEED" or "ML1-test:SEED"
// (MetaWorldBenchmarkTasks), otherwise a file (LoadMetaWorldTasks), of which the tasks for
// `task` are kept. Throws std::invalid_argument for a bad seed, a file without tasks for `task`,
// or any error of the two.
std::vector<MetaWorldTask> ParseMetaWorldTaskSource(std::string_view source, const TaskSpec& task);

// How many episodes run on the `available` tasks of `task` that `source` gave: all of them when
// `requested` is 0, else `requested`, which may not exceed them (std::invalid_argument).
int EpisodesOnTasks(int requested, size_t available, std::string_view source, const TaskSpec& task);

}  // namespace kinitro::sim
