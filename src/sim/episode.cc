#include "sim/episode.h"

#include <xxhash.h>

#include <memory>

namespace kinitro::sim {
namespace {
struct StateDeleter {
  void operator()(XXH3_state_t* s) const { XXH3_freeState(s); }
};
}  // namespace

EpisodeResult RunEpisode(Env& env, Controller& controller, uint64_t seed, const EpisodeOptions& options) {
  std::unique_ptr<XXH3_state_t, StateDeleter> hash(XXH3_createState());
  XXH3_64bits_reset(hash.get());

  EpisodeResult result;
  result.seed = seed;
  const Observation& obs = env.Reset(seed, options.rand_vec);
  controller.Reset(seed);
  result.rand_vec.assign(env.rand_vec().begin(), env.rand_vec().end());
  XXH3_64bits_update(hash.get(), obs.data(), sizeof obs);
  if (options.on_step) options.on_step(env);

  while (!env.episode_over()) {
    StepResult step = env.Step(controller.Act(env));
    ++result.steps;
    result.total_reward += step.eval.reward;
    XXH3_64bits_update(hash.get(), env.observation().data(), sizeof(Observation));
    XXH3_64bits_update(hash.get(), &step.eval.reward, sizeof step.eval.reward);
    if (options.on_step) options.on_step(env);
    if (step.eval.success && !result.success) {
      result.success = true;
      result.first_success_step = result.steps;
      if (options.stop_on_success) break;
    }
  }
  result.digest = XXH3_64bits_digest(hash.get());
  return result;
}

}  // namespace kinitro::sim
