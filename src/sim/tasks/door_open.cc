// door-open-v3: swing a hinged door open by its handle (spec/metaworld.md §3.4).
#include <algorithm>
#include <cmath>
#include <numbers>

#include "sim/model.h"
#include "sim/reward_math.h"
#include "sim/tasks/expert_math.h"

namespace kinitro::sim {
namespace {

class DoorOpen final : public Task {
 public:
  explicit DoorOpen(const Model& m)
      : door_body_(m.Id(mjOBJ_BODY, "door")),
        door_joint_(m.Id(mjOBJ_JOINT, "doorjoint")),
        handle_geom_(m.Id(mjOBJ_GEOM, "handle")),
        goal_site_(m.Id(mjOBJ_SITE, "goal")) {}

  // rand_vec = door position; the goal is 30 cm left of and 45 cm in front of it
  void EditModel(Scene& scene, std::span<const double> r) override {
    Vec3 door{r[0], r[1], r[2]};
    scene.SetBodyPos(door_body_, door);
    scene.SetSitePos(goal_site_, door + Vec3{-0.3, -0.45, 0});
  }

  Vec3 PlaceObjects(Scene& scene, std::span<const double> r) override {
    EditModel(scene, r);
    goal_ = Vec3{r[0], r[1], r[2]} + Vec3{-0.3, -0.45, 0};
    scene.SetJoint(door_joint_, 0.0, /*zero_velocity=*/true);
    scene.Forward();
    return goal_;
  }

  // obs objects: handle geom position and its SciPy (x,y,z,w) quaternion
  void Objects(const Scene& scene, std::span<double, 14> out) const override {
    std::fill(out.begin(), out.end(), 0.0);
    Vec3 h = scene.GeomPos(handle_geom_);
    std::copy(h.begin(), h.end(), out.begin());
    QuatFromMatrixXyzw(scene.GeomMat(handle_geom_), out.data() + 3);
  }

  Evaluation Evaluate(const Scene& scene, const Action& a, const Observation& obs) const override {
    using std::numbers::pi;
    double theta = scene.JointQpos(door_joint_);
    double grab = (std::clamp(a[3], -1.0, 1.0) + 1) / 2;

    // ready: hand above and at the handle
    Vec3 hand{obs[0], obs[1], obs[2]};
    Vec3 door = Vec3{obs[4], obs[5], obs[6]} + Vec3{-0.05, 0, 0};
    double radius = NormXY(hand - door);
    double floor = radius <= 0.12 ? 0.0 : 0.04 * std::log(radius - 0.12) + 0.4;
    double above = hand[2] >= floor ? 1.0 : Tolerance(floor - hand[2], 0, 0.01, floor / 2);
    double in_place = Tolerance(Norm(hand - door - Vec3{0.05, 0.03, -0.01}), 0, 0.06, 0.5);
    double ready = Hamacher(above, in_place);

    // opened: the door angle (−θ) towards 2π/3
    double opened = 0.2 * (theta < -pi / 90 ? 1.0 : 0.0) + 0.8 * Tolerance(pi / 2 + pi / 6 + theta, 0, 0.5, pi / 3);

    bool success = std::abs(obs[4] - goal_[0]) <= 0.08;
    Evaluation e;
    e.reward = success ? 10.0 : 2 * Hamacher(ready, grab) + 8 * opened;
    e.success = success;
    e.near_object = ready;
    e.grasp_success = grab >= 0.5;
    e.grasp_reward = grab;
    e.in_place_reward = opened;
    e.obj_to_target = 0;
    e.unscaled_reward = e.reward;
    return e;
  }

  Action Expert(const Observation& o) const override {
    Vec3 hand{o[0], o[1], o[2]};
    Vec3 d = Vec3{o[4], o[5], o[6]} - Vec3{0.05, 0, 0};
    Vec3 to;
    if (NormXY(hand - d) > 0.12) {
      to = d + Vec3{0.06, 0.02, 0.2};  // above, beside the handle
    } else if (std::abs(hand[2] - d[2]) > 0.04) {
      to = d + Vec3{0.06, 0.02, 0};  // down
    } else {
      to = d;  // drag the handle: the door swings and the target moves with it
    }
    constexpr double p = 25;
    return MoveTo(hand, to, p, 1.0);
  }

 private:
  int door_body_, door_joint_, handle_geom_, goal_site_;
  Vec3 goal_{};
};

}  // namespace

extern constinit const TaskSpec kDoorOpenV3 = {
    .env_id = "metaworld/door-open-v3",
    .name = "door-open-v3",
    .xml = "sawyer_xyz/sawyer_door_pull.xml",
    .hand_init = {0, 0.6, 0.2},
    .rand = RandBox({0.0, 0.85, 0.15},
                    {0.1, 0.95, 0.15}),
    .goal_low = {-0.3, 0.4, 0.1499},
    .goal_high = {-0.2, 0.5, 0.1501},
    .make = [](const Model& m) -> std::unique_ptr<Task> { return std::make_unique<DoorOpen>(m); },
};

}  // namespace kinitro::sim
