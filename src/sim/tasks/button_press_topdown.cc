// button-press-topdown-v3 (Kinitro's metaworld/button-press-v3): press a button down from above
// (spec/metaworld.md §3.7). Success needs ~1 cm of travel past the joint limit, reachable because
// limits are soft: keep MuJoCo's default limit solref/solimp.
#include <algorithm>
#include <cmath>

#include "sim/model.h"
#include "sim/reward_math.h"
#include "sim/tasks/expert_math.h"

namespace kinitro::sim {
namespace {

constexpr double kButtonTop = 0.193;  // button body origin to the top of its cap

class ButtonPressTopdown final : public Task {
 public:
  explicit ButtonPressTopdown(const Model& m)
      : box_body_(m.Id(mjOBJ_BODY, "box")),
        button_body_(m.Id(mjOBJ_BODY, "button")),
        hole_site_(m.Id(mjOBJ_SITE, "hole")),
        start_site_(m.Id(mjOBJ_SITE, "buttonStart")) {}

  void EditModel(Scene& scene, std::span<const double> r) override { scene.SetBodyPos(box_body_, {r[0], r[1], r[2]}); }

  // the goal is where the hole site sits once the box is in place (there is no goal site)
  Vec3 PlaceObjects(Scene& scene, std::span<const double> r) override {
    EditModel(scene, r);
    scene.Forward();
    goal_ = scene.SitePos(hole_site_);
    travel_init_ = std::abs(goal_[2] - scene.SitePos(start_site_)[2]);
    return goal_;
  }

  // obs objects: top of the button cap and the button's (w,x,y,z) quaternion
  void Objects(const Scene& scene, std::span<double, 14> out) const override {
    std::fill(out.begin(), out.end(), 0.0);
    Vec3 top = scene.BodyPos(button_body_) + Vec3{0, 0, kButtonTop};
    std::copy(top.begin(), top.end(), out.begin());
    std::copy_n(scene.BodyQuat(button_body_), 4, out.begin() + 3);
  }

  Evaluation Evaluate(const Scene& scene, const Action&, const Observation& obs) const override {
    Vec3 obj{obs[4], obs[5], obs[6]};
    Vec3 tcp = scene.Tcp();
    double tcp_to_obj = Norm(obj - tcp);
    double obj_to_target = std::abs(goal_[2] - obj[2]);
    // MetaWorld's margin uses the current button position, not the initial one
    double near = Tolerance(tcp_to_obj, 0, 0.01, Norm(obj - scene.init_tcp()));
    double pressed = Tolerance(obj_to_target, 0, 0.005, travel_init_);
    double closed = std::clamp(1 - obs[3], 0.0, 1.0);
    double reward = 5 * Hamacher(closed, near);
    if (tcp_to_obj <= 0.03) reward += 5 * pressed;

    Evaluation e;
    e.reward = reward;
    e.success = obj_to_target <= 0.024;
    e.near_object = tcp_to_obj <= 0.05;
    e.grasp_success = obs[3] > 0;
    e.grasp_reward = near;
    e.in_place_reward = pressed;
    e.obj_to_target = obj_to_target;
    e.unscaled_reward = reward;
    return e;
  }

  Action Expert(const Observation& o) const override {
    Vec3 hand{o[0], o[1], o[2]}, obj{o[4], o[5], o[6]};
    Vec3 to = NormXY(hand - obj) > 0.04 ? obj + Vec3{0, 0, 0.1} : obj;  // above, then press through
    constexpr double p = 25;
    return MoveTo(hand, to, p, 1.0);
  }

 private:
  int box_body_, button_body_, hole_site_, start_site_;
  Vec3 goal_{};
  double travel_init_ = 0;  // |goal z − buttonStart z| at reset
};

}  // namespace

extern constinit const TaskSpec kButtonPressTopdownV3 = {
    .env_id = "metaworld/button-press-v3",
    .name = "button-press-topdown-v3",
    .xml = "sawyer_xyz/sawyer_button_press_topdown.xml",
    .hand_init = {0, double(0.4f), double(0.2f)},  // float32 in MetaWorld
    .rand = RandBox({-0.1, 0.8, 0.115},
                    {0.1, 0.9, 0.115}),
    .goal_low = {-0.5, 0.40, 0.05},  // goal_space = the hand box
    .goal_high = {0.5, 1.0, 0.5},
    .make = [](const Model& m) -> std::unique_ptr<Task> { return std::make_unique<ButtonPressTopdown>(m); },
};

}  // namespace kinitro::sim
