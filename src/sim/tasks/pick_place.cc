// pick-place-v3: grasp the puck and carry it to within 7 cm of a goal in the air
// (spec/metaworld.md §3.3).
#include <algorithm>

#include "sim/reward_math.h"
#include "sim/tasks/expert_math.h"
#include "sim/tasks/puck.h"

namespace kinitro::sim {
namespace {

class PickPlace final : public PuckTask {
 public:
  using PuckTask::PuckTask;

  Vec3 PlaceObjects(Scene& scene, std::span<const double> r) override {
    PlacePuck(scene, {r[0], r[1], r[2]}, {r[3], r[4], r[5]});
    return goal_;
  }

  Evaluation Evaluate(const Scene& scene, const Action& a, const Observation& obs) const override {
    Vec3 obj{obs[4], obs[5], obs[6]};
    Vec3 tcp = scene.Tcp();
    double obj_to_target = Norm(obj - goal_);
    double tcp_to_obj = Norm(obj - tcp);
    double in_place = Tolerance(obj_to_target, 0, 0.05, Norm(obj_init_ - goal_));
    double cage = Caging(scene, a, obj, tcp);
    double reward = Hamacher(cage, in_place);
    bool lifted = obj[2] - 0.01 > obj_init_[2];
    if (tcp_to_obj < 0.02 && obs[3] > 0 && lifted) reward += 1 + 5 * in_place;
    if (obj_to_target < 0.05) reward = 10;

    return PuckEvaluation(scene, obs, reward, /*success_radius=*/0.07, /*grasp_reward=*/cage, in_place);
  }

  Action Expert(const Observation& o) const override {
    Vec3 hand{o[0], o[1], o[2]}, obj{o[4], o[5], o[6]}, goal{o[36], o[37], o[38]};
    Vec3 puck = obj + Vec3{-0.005, 0, 0};
    Vec3 to;
    if (NormXY(hand - puck) > 0.02) {
      to = puck + Vec3{0, 0, 0.1};  // above the puck
    } else if (std::abs(hand[2] - puck[2]) > 0.05 && puck[2] < 0.04) {
      to = puck + Vec3{0, 0, 0.03};  // down to it
    } else if (o[3] > 0.73) {
      to = hand;  // wait for the fingers to close
    } else {
      to = goal;  // carry
    }
    constexpr double p = 10;
    double grip = Norm(hand - obj) < 0.07 ? 1.0 : 0.0;
    return MoveTo(hand, to, p, grip);
  }

 private:
  // pick-place's own caging term C_pp; MetaWorld's "initial" pad positions alias live data,
  // so the current pad positions are used (spec §3.3)
  double Caging(const Scene& scene, const Action& a, const Vec3& obj, const Vec3& tcp) const {
    double y_left = scene.LeftPad()[1], y_right = scene.RightPad()[1];
    double margin_right = std::abs(std::abs(obj[1] - y_right) - 0.05);
    double margin_left = std::abs(std::abs(obj[1] - y_left) - 0.05);
    double right = Tolerance(obj[1] - y_right, 0.015, 0.05, margin_right);
    double left = Tolerance(y_left - obj[1], 0.015, 0.05, margin_left);
    double cage_y = Hamacher(left, right);
    double margin_xz = NormXZ(obj_init_ - scene.init_tcp()) - 0.005;
    double cage_xz = Tolerance(NormXZ(tcp - obj), 0, 0.005, margin_xz);
    double cage = Hamacher(cage_y, cage_xz);
    double grip = cage > 0.97 ? std::clamp(a[3], 0.0, 1.0) : 0.0;
    return (Hamacher(cage, grip) + cage) / 2;
  }
};

}  // namespace

extern constinit const TaskSpec kPickPlaceV3 = {
    .env_id = "metaworld/pick-place-v3",
    .name = "pick-place-v3",
    .xml = "sawyer_xyz/sawyer_pick_place_v3.xml",
    .hand_init = {0, 0.6, 0.2},
    .rand = RandBox({-0.1, 0.6, 0.02, -0.1, 0.8, 0.05},
                    {0.1, 0.7, 0.02, 0.1, 0.9, 0.3}),
    .goal_low = {-0.1, 0.8, 0.05},
    .goal_high = {0.1, 0.9, 0.3},
    .accept = PuckFarFromGoal,
    .make = [](const Model& m) -> std::unique_ptr<Task> { return std::make_unique<PickPlace>(m); },
};

}  // namespace kinitro::sim
