// push-v3: push the puck along the table to within 5 cm of a goal (spec/metaworld.md §3.2).
#include <algorithm>

#include "sim/reward_math.h"
#include "sim/tasks/expert_math.h"
#include "sim/tasks/puck.h"

namespace kinitro::sim {
namespace {

class Push final : public PuckTask {
 public:
  using PuckTask::PuckTask;

  Vec3 PlaceObjects(Scene& scene, std::span<const double> r) override {
    // puck and goal both take z from the puck resting at its XML spot; rand z values are unused
    double z0 = Puck(scene)[2];
    PlacePuck(scene, {r[0], r[1], z0}, {r[3], r[4], z0});
    return goal_;
  }

  Evaluation Evaluate(const Scene& scene, const Action& a, const Observation& obs) const override {
    Vec3 obj = Vec3{obs[4], obs[5], obs[6]};
    Vec3 tcp = scene.Tcp();
    double obj_to_target = Norm(obj - goal_);
    double tcp_to_obj = Norm(obj - tcp);
    double in_place = Tolerance(obj_to_target, 0, 0.05, Norm(obj_init_ - goal_));
    double grasp = GripperCagingReward({.grip_action = a[3], .obj = obj, .obj_init = obj_init_, .tcp = tcp,
                                        .init_tcp = scene.init_tcp(), .left_pad_y = scene.LeftPad()[1],
                                        .right_pad_y = scene.RightPad()[1], .obj_radius = 0.015,
                                        .pad_success_thresh = 0.05, .object_reach_radius = 0.01,
                                        .xz_thresh = 0.005, .high_density = true});
    double reward = 2 * grasp;
    if (tcp_to_obj < 0.02 && obs[3] > 0) reward += 1 + reward + 5 * in_place;  // MetaWorld's association
    if (obj_to_target < 0.05) reward = 10;

    return PuckEvaluation(scene, obs, reward, /*success_radius=*/0.05, /*grasp_reward=*/grasp, in_place);
  }

  Action Expert(const Observation& o) const override {
    Vec3 hand{o[0], o[1], o[2]}, obj{o[4], o[5], o[6]}, goal{o[36], o[37], o[38]};
    Vec3 puck = obj + Vec3{-0.005, 0, 0};
    Vec3 to;
    if (NormXY(hand - puck) > 0.02) {
      to = puck + Vec3{0, 0, 0.2};  // above the puck
    } else if (std::abs(hand[2] - puck[2]) > 0.04) {
      to = puck + Vec3{0, 0, 0.03};  // down beside it
    } else {
      to = goal;  // push it there
    }
    bool near = NormXY(hand - obj) <= 0.02 && std::abs(hand[2] - obj[2]) <= 0.10;
    constexpr double p = 10;
    return MoveTo(hand, to, p, near ? 0.6 : 0.0);
  }
};

}  // namespace

extern constinit const TaskSpec kPushV3 = {
    .env_id = "metaworld/push-v3",
    .name = "push-v3",
    .xml = "sawyer_xyz/sawyer_push_v3.xml",
    .hand_init = {0, 0.6, 0.2},
    .rand = RandBox({-0.1, 0.6, 0.02, -0.1, 0.8, 0.01},
                    {0.1, 0.7, 0.02, 0.1, 0.9, 0.02}),
    .goal_low = {-0.1, 0.8, 0.01},
    .goal_high = {0.1, 0.9, 0.02},
    .accept = PuckFarFromGoal,
    .make = [](const Model& m) -> std::unique_ptr<Task> { return std::make_unique<Push>(m); },
};

}  // namespace kinitro::sim
