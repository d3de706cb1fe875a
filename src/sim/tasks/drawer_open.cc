// drawer-open-v3: hook the drawer handle and pull the drawer fully out (spec/metaworld.md §3.5).
#include <algorithm>
#include <cmath>

#include "sim/model.h"
#include "sim/reward_math.h"
#include "sim/tasks/expert_math.h"

namespace kinitro::sim {
namespace {

const Vec3 kGoalOffset{0, -0.36, 0.09};  // goal relative to the drawer body: the handle when fully open

class DrawerOpen final : public Task {
 public:
  explicit DrawerOpen(const Model& m)
      : drawer_body_(m.Id(mjOBJ_BODY, "drawer")),
        drawer_link_(m.Id(mjOBJ_BODY, "drawer_link")),
        goal_site_(m.Id(mjOBJ_SITE, "goal")) {}

  void EditModel(Scene& scene, std::span<const double> r) override {
    Vec3 drawer{r[0], r[1], r[2]};
    scene.SetBodyPos(drawer_body_, drawer);
    scene.SetSitePos(goal_site_, drawer + kGoalOffset);
  }

  // spec §3.5: no joint state and no forward pass; the model edit before settling placed the drawer
  Vec3 PlaceObjects(Scene& scene, std::span<const double> r) override {
    EditModel(scene, r);
    goal_ = Vec3{r[0], r[1], r[2]} + kGoalOffset;
    return goal_;
  }

  // obs objects: the handle point in front of drawer_link, and drawer_link's (w,x,y,z) quaternion
  void Objects(const Scene& scene, std::span<double, 14> out) const override {
    std::fill(out.begin(), out.end(), 0.0);
    Vec3 h = scene.BodyPos(drawer_link_) + Vec3{0, -0.16, 0};
    std::copy(h.begin(), h.end(), out.begin());
    std::copy_n(scene.BodyQuat(drawer_link_), 4, out.begin() + 3);
  }

  Evaluation Evaluate(const Scene& scene, const Action&, const Observation& obs) const override {
    Vec3 hand{obs[0], obs[1], obs[2]}, handle{obs[4], obs[5], obs[6]};
    const Vec3 w{3, 3, 1};  // the hand must line up in x/y more tightly than in z
    double handle_to_goal = Norm(handle - goal_);
    double opened = Tolerance(handle_to_goal, 0, 0.02, 0.2);
    Vec3 handle_init = goal_ + Vec3{0, 0.2, 0};
    double caged = Tolerance(Norm(Scale(handle - hand, w)), 0, 0.01, Norm(Scale(handle_init - scene.init_tcp(), w)));

    Evaluation e;
    e.reward = 5 * (caged + opened);
    e.success = handle_to_goal <= 0.03;
    e.near_object = Norm(handle - hand) <= 0.03;
    e.grasp_success = obs[3] > 0;
    e.grasp_reward = caged;
    e.in_place_reward = opened;
    e.obj_to_target = handle_to_goal;
    e.unscaled_reward = e.reward;
    return e;
  }

  Action Expert(const Observation& o) const override {
    Vec3 hand{o[0], o[1], o[2]};
    Vec3 d = Vec3{o[4], o[5], o[6]} + Vec3{0, 0, -0.02};
    Vec3 to;
    double p;
    if (NormXY(hand - d) > 0.06) {
      to = d + Vec3{0, 0, 0.3}, p = 4;  // above the handle
    } else if (std::abs(hand[2] - d[2]) > 0.04) {
      to = d, p = 4;  // down to it
    } else {
      to = d + Vec3{0, -0.06, 0}, p = 50;  // pull towards the robot
    }
    return MoveTo(hand, to, p, -1.0);
  }

 private:
  int drawer_body_, drawer_link_, goal_site_;
  Vec3 goal_{};
};

}  // namespace

extern constinit const TaskSpec kDrawerOpenV3 = {
    .env_id = "metaworld/drawer-open-v3",
    .name = "drawer-open-v3",
    .xml = "sawyer_xyz/sawyer_drawer.xml",
    .hand_init = {0, double(0.6f), double(0.2f)},  // float32 in MetaWorld
    .rand = RandBox({-0.1, 0.9, 0.0},
                    {0.1, 0.9, 0.0}),
    .goal_low = {-0.5, 0.40, 0.05},  // goal_space = the hand box
    .goal_high = {0.5, 1.0, 0.5},
    .make = [](const Model& m) -> std::unique_ptr<Task> { return std::make_unique<DrawerOpen>(m); },
};

}  // namespace kinitro::sim
