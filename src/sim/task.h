// The task table: what a MetaWorld task is (TaskSpec, data) and does (Task, behaviour + episode state).
//
// One task is one file in sim/tasks/ holding its TaskSpec and Task subclass (spec/metaworld.md §3,
// Appendix B); sim/tasks/registry.cc lists them. Nothing outside a task's file knows its names,
// ranges or reward terms.
#pragma once

#include <array>
#include <memory>
#include <span>
#include <string_view>

#include "sim/scene.h"
#include "sim/vec3.h"

namespace kinitro::sim {

class Model;

// One action: (dx, dy, dz, grip); grip +1 closes the fingers, −1 (or 0) opens them.
using Action = std::array<double, 4>;

// The 39-dim MetaWorld observation: [current frame (18) | previous frame (18) | goal (3)].
using Observation = std::array<double, 39>;

// What evaluate_state returns for one step (spec/metaworld.md §1.10).
struct Evaluation {
  double reward = 0;            // in [0, 10]
  bool success = false;         // info["success"]
  double near_object = 0;
  double grasp_success = 0;
  double grasp_reward = 0;
  double in_place_reward = 0;
  double obj_to_target = 0;
  double unscaled_reward = 0;
};

// Behaviour and per-episode state of one task in one Env. Created by TaskSpec::make for each Env.
class Task {
 public:
  virtual ~Task() = default;

  // Model edits (body and goal-site positions) from rand_vec alone; must be idempotent.
  // spec §1.6: runs before mj_resetData (so settling sees objects in place) and again after.
  virtual void EditModel(Scene& scene, std::span<const double> rand_vec) = 0;

  // After hand settling: object joint state, goal and the task's reset-time values; ends with
  // the scene forwarded. Returns the goal (_target_pos).
  virtual Vec3 PlaceObjects(Scene& scene, std::span<const double> rand_vec) = 0;

  // Object slots obs[4:18] of the current frame: pos/quat of up to two objects, zeros if unused.
  virtual void Objects(const Scene& scene, std::span<double, 14> out) const = 0;

  // Reward, success and info for the current state after `action` (obs is the clipped step obs).
  virtual Evaluation Evaluate(const Scene& scene, const Action& action, const Observation& obs) const = 0;

  // MetaWorld's scripted expert for this task; obs carries the goal in obs[36:39].
  virtual Action Expert(const Observation& obs) const = 0;
};

// A task's _random_reset_space: a box of 3 or 6 numbers. Built with RandBox(low, high), which
// checks at compile time that both bounds have the same length.
struct RandomBox {
  static constexpr size_t kMaxSize = 6;
  std::array<double, kMaxSize> low{}, high{};
  size_t size = 0;
};
template <size_t N>
constexpr RandomBox RandBox(const double (&low)[N], const double (&high)[N]) {
  static_assert(N <= RandomBox::kMaxSize, "random reset vectors have at most 6 numbers");
  RandomBox box;
  for (size_t i = 0; i < N; ++i) box.low[i] = low[i], box.high[i] = high[i];
  box.size = N;
  return box;
}

// Static description of one task (one row of the task table). Every field is a constant, so
// the table is ready before any dynamic initialisation (benchmarks register from it).
struct TaskSpec {
  std::string_view env_id;        // Kinitro's id, e.g. "metaworld/button-press-v3"
  std::string_view name;          // MetaWorld's task name, e.g. "button-press-topdown-v3"
  std::string_view xml;           // relative to the asset dir, e.g. "sawyer_xyz/sawyer_push_v3.xml"
  Vec3 hand_init;                 // where the hand settles at reset
  Vec3 hand_low{-0.5, 0.40, 0.05};  // mocap clip box (= MetaWorld hand_low/high)
  Vec3 hand_high{0.5, 1.0, 0.5};
  RandomBox rand;                 // _random_reset_space
  Vec3 goal_low, goal_high;       // goal_space: observation bounds of obs[36:39] when the goal is observable
  // rejection rule for a drawn rand_vec (nullptr: accept all)
  bool (*accept)(std::span<const double> rand_vec) = nullptr;
  // builds the task's behaviour for one Env; throws if the model lacks a name the task needs
  std::unique_ptr<Task> (*make)(const Model& model) = nullptr;
};

}  // namespace kinitro::sim
