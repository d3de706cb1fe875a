// peg-insert-side-v3 (Kinitro's metaworld/peg-insert-v3): pick up a peg and slide it sideways
// into a hole in a box (spec/metaworld.md §3.8).
#include <algorithm>
#include <cmath>

#include "sim/model.h"
#include "sim/reward_math.h"
#include "sim/tasks/expert_math.h"

namespace kinitro::sim {
namespace {

const Vec3 kGoalOffset{0.03, 0, 0.13};  // goal relative to the box body: the hole's mouth
const Vec3 kErrorWeights{1, 2, 2};      // y and z errors count double
constexpr double kTargetRadius = 0.07;

class PegInsertSide final : public Task {
 public:
  explicit PegInsertSide(const Model& m)
      : peg_joint_(m.mj()->body_jntadr[m.Id(mjOBJ_BODY, "peg")]),
        box_body_(m.Id(mjOBJ_BODY, "box")),
        head_site_(m.Id(mjOBJ_SITE, "pegHead")),
        grasp_site_(m.Id(mjOBJ_SITE, "pegGrasp")),
        goal_site_(m.Id(mjOBJ_SITE, "goal")),
        box1_low_(m.Id(mjOBJ_SITE, "bottom_right_corner_collision_box_1")),
        box1_high_(m.Id(mjOBJ_SITE, "top_left_corner_collision_box_1")),
        box2_low_(m.Id(mjOBJ_SITE, "bottom_right_corner_collision_box_2")),
        box2_high_(m.Id(mjOBJ_SITE, "top_left_corner_collision_box_2")) {}

  void EditModel(Scene& scene, std::span<const double> r) override {
    Vec3 box{r[3], r[4], r[5]};
    scene.SetBodyPos(box_body_, box);
    scene.SetSitePos(goal_site_, box + kGoalOffset);
  }

  Vec3 PlaceObjects(Scene& scene, std::span<const double> r) override {
    // the head's reset position is read with the peg still at its settled XML spot (spec §3.8)
    head_init_ = scene.SitePos(head_site_);
    obj_init_ = {r[0], r[1], r[2]};
    scene.SetFreeJointPos(peg_joint_, obj_init_);
    EditModel(scene, r);
    scene.Forward();
    goal_ = Vec3{r[3], r[4], r[5]} + kGoalOffset;
    return goal_;
  }

  // obs objects: the peg's grasp site and its SciPy (x,y,z,w) quaternion
  void Objects(const Scene& scene, std::span<double, 14> out) const override {
    std::fill(out.begin(), out.end(), 0.0);
    Vec3 g = scene.SitePos(grasp_site_);
    std::copy(g.begin(), g.end(), out.begin());
    QuatFromMatrixXyzw(scene.SiteMat(grasp_site_), out.data() + 3);
  }

  Evaluation Evaluate(const Scene& scene, const Action& a, const Observation& obs) const override {
    Vec3 obj{obs[4], obs[5], obs[6]};
    Vec3 tcp = scene.Tcp();
    Vec3 head = scene.SitePos(head_site_);
    double tcp_to_obj = Norm(obj - tcp);
    double obj_to_target = Norm(Scale(head - goal_, kErrorWeights));

    // in place: near the hole and not inside either collision box around it
    double ip0 = Tolerance(obj_to_target, 0, kTargetRadius, Norm(Scale(head_init_ - goal_, kErrorWeights)));
    double b1 = RectPrismTolerance(head, scene.SitePos(box1_low_), scene.SitePos(box1_high_));
    double b2 = RectPrismTolerance(head, scene.SitePos(box2_low_), scene.SitePos(box2_high_));
    double in_place = Hamacher(ip0, Hamacher(b2, b1));

    double grasp = GripperCagingReward({.grip_action = a[3], .obj = obj, .obj_init = obj_init_, .tcp = tcp,
                                        .init_tcp = scene.init_tcp(), .left_pad_y = scene.LeftPad()[1],
                                        .right_pad_y = scene.RightPad()[1], .obj_radius = 0.0075,
                                        .pad_success_thresh = 0.03, .object_reach_radius = 0.01,
                                        .xz_thresh = 0.005, .high_density = true});
    bool lifted = tcp_to_obj < 0.08 && obs[3] > 0 && obj[2] - 0.01 > obj_init_[2];
    if (lifted) grasp = 1;
    double reward = Hamacher(grasp, in_place);
    if (lifted) reward += 1 + 5 * in_place;
    bool success = obj_to_target <= kTargetRadius;
    if (success) reward = 10;

    Evaluation e;
    e.reward = reward;
    e.success = success;
    e.near_object = tcp_to_obj <= 0.03;
    e.grasp_success = tcp_to_obj < 0.02 && obs[3] > 0 && obj[2] - 0.01 > obj_init_[2];
    e.grasp_reward = grasp;
    e.in_place_reward = in_place;
    e.obj_to_target = obj_to_target;
    e.unscaled_reward = reward;
    return e;
  }

  Action Expert(const Observation& o) const override {
    Vec3 hand{o[0], o[1], o[2]}, peg{o[4], o[5], o[6]};
    Vec3 hole{-0.35, o[37], 0.16};
    Vec3 to;
    if (NormXY(hand - peg) > 0.04) {
      to = peg + Vec3{0, 0, 0.3};  // above the peg
    } else if (std::abs(hand[2] - peg[2]) > 0.025) {
      to = peg;  // down to it
    } else if (NormYZ(peg - hole) > 0.03) {
      to = hole + Vec3{0.4, 0, 0};  // line up in front of the hole
    } else {
      to = hole;  // slide in along −x
    }
    bool holding = NormXY(hand - peg) <= 0.04 && std::abs(hand[2] - peg[2]) <= 0.15;
    constexpr double p = 25;
    return MoveTo(hand, to, p, holding ? 0.6 : -1.0);
  }

 private:
  int peg_joint_, box_body_, head_site_, grasp_site_, goal_site_;
  int box1_low_, box1_high_, box2_low_, box2_high_;
  Vec3 goal_{}, obj_init_{}, head_init_{};
};

bool PegFarFromBox(std::span<const double> r) { return NormXY(Vec3{r[0], r[1], r[2]} - Vec3{r[3], r[4], r[5]}) >= 0.1; }

}  // namespace

extern constinit const TaskSpec kPegInsertSideV3 = {
    .env_id = "metaworld/peg-insert-v3",
    .name = "peg-insert-side-v3",
    .xml = "sawyer_xyz/sawyer_peg_insertion_side.xml",
    .hand_init = {0, 0.6, 0.2},
    .rand = RandBox({0.0, 0.5, 0.02, -0.35, 0.4, -0.001},
                    {0.2, 0.7, 0.02, -0.25, 0.7, 0.001}),
    .goal_low = {-0.32, 0.4, 0.129},
    .goal_high = {-0.22, 0.7, 0.131},
    .accept = PegFarFromBox,
    .make = [](const Model& m) -> std::unique_ptr<Task> { return std::make_unique<PegInsertSide>(m); },
};

}  // namespace kinitro::sim
