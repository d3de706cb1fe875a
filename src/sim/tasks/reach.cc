// reach-v3: bring the tool centre point within 5 cm of a goal in the air (spec/metaworld.md §3.1).
// The puck is a distractor.
#include "sim/reward_math.h"
#include "sim/tasks/expert_math.h"
#include "sim/tasks/puck.h"

namespace kinitro::sim {
namespace {

class Reach final : public PuckTask {
 public:
  using PuckTask::PuckTask;

  Vec3 PlaceObjects(Scene& scene, std::span<const double> r) override {
    PlacePuck(scene, {r[0], r[1], r[2]}, {r[3], r[4], r[5]});
    return goal_;
  }

  Evaluation Evaluate(const Scene& scene, const Action&, const Observation&) const override {
    double dist = Norm(scene.Tcp() - goal_);
    double margin = Norm(Vec3{0, 0.6, 0.2} - goal_);  // ‖hand_init − goal‖
    double in_place = Tolerance(dist, 0, 0.05, margin);
    Evaluation e;
    e.reward = 10 * in_place;
    e.success = dist <= 0.05;
    e.near_object = e.grasp_reward = e.obj_to_target = dist;
    e.grasp_success = 1.0;
    e.in_place_reward = in_place;
    e.unscaled_reward = e.reward;
    return e;
  }

  Action Expert(const Observation& o) const override {
    return MoveTo({o[0], o[1], o[2]}, {o[36], o[37], o[38]}, /*p=*/5, /*grip=*/0.0);
  }
};

}  // namespace

extern constinit const TaskSpec kReachV3 = {
    .env_id = "metaworld/reach-v3",
    .name = "reach-v3",
    .xml = "sawyer_xyz/sawyer_reach_v3.xml",
    .hand_init = {0, 0.6, 0.2},
    .rand = RandBox({-0.1, 0.6, 0.02, -0.1, 0.8, 0.05},
                    {0.1, 0.7, 0.02, 0.1, 0.9, 0.3}),
    .goal_low = {-0.1, 0.8, 0.05},
    .goal_high = {0.1, 0.9, 0.3},
    .accept = PuckFarFromGoal,
    .make = [](const Model& m) -> std::unique_ptr<Task> { return std::make_unique<Reach>(m); },
};

}  // namespace kinitro::sim
