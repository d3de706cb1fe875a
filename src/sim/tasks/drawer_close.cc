// drawer-close-v3: push an open drawer shut to within ~3 cm (spec/metaworld.md §3.6).
#include <algorithm>
#include <cmath>

#include "sim/model.h"
#include "sim/reward_math.h"
#include "sim/tasks/expert_math.h"

namespace kinitro::sim {
namespace {

const Vec3 kGoalOffset{0, -0.16, 0.09};  // goal relative to the drawer body
constexpr double kStartOpen = -0.15;     // slide joint position at reset (pulled out)
constexpr double kSuccessRadius = 0.065; // base-class TARGET_RADIUS 0.05 + 0.015 (spec §3.6)

class DrawerClose final : public Task {
 public:
  explicit DrawerClose(const Model& m)
      : drawer_body_(m.Id(mjOBJ_BODY, "drawer")),
        drawer_link_(m.Id(mjOBJ_BODY, "drawer_link")),
        slide_joint_(m.Id(mjOBJ_JOINT, "goal_slidey")),
        goal_site_(m.Id(mjOBJ_SITE, "goal")) {}

  void EditModel(Scene& scene, std::span<const double> r) override {
    Vec3 drawer{r[0], r[1], r[2]};
    scene.SetBodyPos(drawer_body_, drawer);
    scene.SetSitePos(goal_site_, drawer + kGoalOffset);
  }

  Vec3 PlaceObjects(Scene& scene, std::span<const double> r) override {
    EditModel(scene, r);
    goal_ = Vec3{r[0], r[1], r[2]} + kGoalOffset;
    scene.SetJoint(slide_joint_, kStartOpen, /*zero_velocity=*/false);  // MetaWorld leaves qvel as is
    scene.Forward();
    obj_init_ = Handle(scene);
    return goal_;
  }

  // obs objects: a point on the handle; MetaWorld reports a zero quaternion for this task
  void Objects(const Scene& scene, std::span<double, 14> out) const override {
    std::fill(out.begin(), out.end(), 0.0);
    Vec3 h = Handle(scene);
    std::copy(h.begin(), h.end(), out.begin());
  }

  Evaluation Evaluate(const Scene& scene, const Action& a, const Observation& obs) const override {
    Vec3 obj{obs[4], obs[5], obs[6]};
    Vec3 tcp = scene.Tcp();
    double obj_to_target = Norm(obj - goal_);
    double in_place = Tolerance(obj_to_target, 0, 0.05, std::abs(Norm(obj_init_ - goal_) - 0.05));
    double reach = Tolerance(Norm(obj - tcp), 0, 0.005, std::abs(Norm(obj_init_ - scene.init_tcp()) - 0.005),
                             Sigmoid::kGaussian);
    reach = Hamacher(reach, std::clamp(a[3], 0.0, 1.0));
    bool success = obj_to_target <= kSuccessRadius;
    double r = success ? 1.0 : Hamacher(reach, in_place);

    Evaluation e;
    e.reward = 10 * r;
    e.success = success;
    e.near_object = Norm(obj - tcp) <= 0.01;
    e.grasp_success = 1.0;
    e.grasp_reward = reach;
    e.in_place_reward = in_place;
    e.obj_to_target = obj_to_target;
    e.unscaled_reward = e.reward;
    return e;
  }

  Action Expert(const Observation& o) const override {
    Vec3 hand{o[0], o[1], o[2]};
    Vec3 d = Vec3{o[4], o[5], o[6]} + Vec3{0, 0, -0.02};
    Vec3 to;
    if (hand[1] > d[1]) {
      // behind the handle: rise, then come round in front of it
      to = hand[2] < d[2] + 0.23 ? Vec3{hand[0], hand[1], d[2] + 0.5} : d + Vec3{0, -0.075, 0.23};
    } else if (std::abs(hand[2] - d[2]) > 0.04) {
      to = d + Vec3{0, -0.075, 0};  // down in front of the handle
    } else {
      to = d;  // push it shut
    }
    constexpr double p = 25;
    return MoveTo(hand, to, p, 1.0);
  }

 private:
  Vec3 Handle(const Scene& scene) const { return scene.BodyPos(drawer_link_) + Vec3{0, -0.16, 0.05}; }

  int drawer_body_, drawer_link_, slide_joint_, goal_site_;
  Vec3 goal_{}, obj_init_{};
};

}  // namespace

extern constinit const TaskSpec kDrawerCloseV3 = {
    .env_id = "metaworld/drawer-close-v3",
    .name = "drawer-close-v3",
    .xml = "sawyer_xyz/sawyer_drawer.xml",
    .hand_init = {0, double(0.6f), double(0.2f)},  // float32 in MetaWorld
    .rand = RandBox({-0.1, 0.9, 0.0},
                    {0.1, 0.9, 0.0}),
    .goal_low = {-0.5, 0.40, 0.05},  // goal_space = the hand box
    .goal_high = {0.5, 1.0, 0.5},
    .make = [](const Model& m) -> std::unique_ptr<Task> { return std::make_unique<DrawerClose>(m); },
};

}  // namespace kinitro::sim
