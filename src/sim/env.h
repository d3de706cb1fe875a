// The Sawyer environment: one episode at a time of one MetaWorld task (spec/metaworld.md §1).
#pragma once

#include <mujoco/mujoco.h>

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "sim/model.h"
#include "sim/scene.h"
#include "sim/task.h"

namespace kinitro::sim {

inline constexpr int kMaxEpisodeSteps = 500;  // MetaWorld's max_path_length (truncation)
inline constexpr int kFrameSkip = 5;          // mj_step calls per env step
inline constexpr double kActionScale = 0.01;  // metres of mocap motion per unit action per step

struct EnvOptions {
  // MT-style observation with the goal in obs[36:39]; Kinitro (ML-style) hides it as zeros
  bool goal_observable = false;
};

struct StepResult {
  Evaluation eval;         // reward, success and info of this step
  bool truncated = false;  // true on the 500th step: the episode is over
};

// One environment instance. Shares its task's read-only Model with other Envs; owns its mjData,
// its per-instance copy of the edited model fields (body and site positions), and the episode.
// An episode is fully determined by (env id, seed): same seed, same placements and, for the
// same actions, a bit-identical trajectory. Thread: one thread at a time.
class Env {
 public:
  explicit Env(std::shared_ptr<const Model> model, EnvOptions options = {});
  ~Env();
  Env(const Env&) = delete;
  Env& operator=(const Env&) = delete;

  // Starts a new episode: draws the task's random vector from `seed`, places objects and goal,
  // settles the hand and returns the (unclipped) reset observation.
  const Observation& Reset(uint64_t seed);

  // Starts a new episode on a given random vector instead: a MetaWorld Task's rand_vec (e.g. one
  // of MT1's tasks), so an episode can be exactly one MetaWorld trains on. Throws
  // std::invalid_argument (naming the component) unless it has the task's length, is finite, lies
  // in the task's _random_reset_space and passes its rejection rule (MetaWorld would loop forever
  // on a vector its rule rejects). `seed` is only recorded (seed()): it seeds random policies.
  const Observation& ResetWithRandVec(std::span<const double> rand_vec, uint64_t seed = 0);

  // ResetWithRandVec(rand_vec, seed) when rand_vec is given, else Reset(seed): for callers that
  // start episodes either way.
  const Observation& Reset(uint64_t seed, std::span<const double> rand_vec) {
    return rand_vec.empty() ? Reset(seed) : ResetWithRandVec(rand_vec, seed);
  }

  // The check ResetWithRandVec applies, for validating task files before any episode runs.
  static void ValidateRandVec(const TaskSpec& spec, std::span<const double> rand_vec);

  // Advances one env step (5 physics steps). All four components are clipped to [-1, 1]
  // (as Kinitro does). Throws std::invalid_argument for a non-finite component or a length
  // other than 4, std::logic_error before Reset or after the episode was truncated.
  StepResult Step(const Action& action);
  StepResult Step(std::span<const double> action);

  // The current 39-dim observation (clipped after a step, unclipped after reset).
  const Observation& observation() const { return obs_; }
  // Kinitro's 4-float proprio observation: hand xyz and gripper openness in [0, 1].
  std::array<float, 4> KinitroObservation() const;
  // The observation with the goal filled in, for privileged baselines.
  Observation ObservationWithGoal() const;
  // The task's scripted expert action for the current state (uses the privileged goal), rounded
  // to float32 like MetaWorld's experts' action arrays, so both take the same steps.
  Action ExpertAction() const;

  const Vec3& goal() const { return goal_; }
  int steps() const { return steps_; }
  bool episode_over() const { return steps_ >= kMaxEpisodeSteps; }
  uint64_t seed() const { return seed_; }
  std::span<const double> rand_vec() const { return rand_vec_; }
  const Model& model() const { return *model_; }
  std::string_view env_id() const { return model_->spec().env_id; }

  // This instance's view of the model (with its own body/site positions) and its data, for
  // rendering. The view is valid for the Env's lifetime.
  const mjModel* mj_model() const { return &view_; }
  const mjData* mj_data() const { return d_; }

 private:
  void DrawRandVec(uint64_t seed);
  const Observation& ResetToCurrentRandVec();
  void WriteFrame(std::span<double, 18> frame) const;
  void ClipObservation();

  std::shared_ptr<const Model> model_;
  EnvOptions options_;
  std::vector<double> body_pos_, site_pos_;  // instance copies the view points at
  mjModel view_;                             // shallow copy of the shared model
  mjData* d_ = nullptr;
  std::unique_ptr<Task> task_;
  Scene scene_;

  uint64_t seed_ = 0;
  std::vector<double> rand_vec_;
  Vec3 goal_{};
  Observation obs_{};
  int steps_ = -1;  // -1: not reset yet
};

}  // namespace kinitro::sim
