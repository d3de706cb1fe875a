#include "sim/tasks/puck.h"

namespace kinitro::sim {

bool PuckFarFromGoal(std::span<const double> r) {
  return NormXY(Vec3{r[0], r[1], r[2]} - Vec3{r[3], r[4], r[5]}) >= 0.15;
}

PuckTask::PuckTask(const Model& model)
    : obj_body_(model.Id(mjOBJ_BODY, "obj")),
      obj_geom_(model.Id(mjOBJ_GEOM, "objGeom")),
      obj_joint_(model.Id(mjOBJ_JOINT, "objjoint")),
      goal_site_(model.Id(mjOBJ_SITE, "goal")) {}

void PuckTask::EditModel(Scene& scene, std::span<const double> r) {
  scene.SetSitePos(goal_site_, {r[3], r[4], r[5]});
}

void PuckTask::Objects(const Scene& scene, std::span<double, 14> out) const {
  Vec3 p = Puck(scene);
  std::fill(out.begin(), out.end(), 0.0);
  std::copy(p.begin(), p.end(), out.begin());
  QuatFromMatrixXyzw(scene.GeomMat(obj_geom_), out.data() + 3);
}

Evaluation PuckTask::PuckEvaluation(const Scene& scene, const Observation& obs, double reward, double success_radius,
                                    double grasp_reward, double in_place) const {
  Vec3 obj{obs[4], obs[5], obs[6]};
  double obj_to_target = Norm(obj - goal_);
  Evaluation e;
  e.reward = reward;
  e.success = obj_to_target <= success_radius;
  e.near_object = Norm(obj - scene.Tcp()) <= 0.03;
  e.grasp_success = PadsTouching(scene, obj_geom_) && obs[3] > 0 && obj[2] - 0.02 > obj_init_[2];
  e.grasp_reward = grasp_reward;
  e.in_place_reward = in_place;
  e.obj_to_target = obj_to_target;
  e.unscaled_reward = reward;
  return e;
}

void PuckTask::PlacePuck(Scene& scene, const Vec3& pos, const Vec3& goal) {
  obj_init_ = pos;
  goal_ = goal;
  scene.SetFreeJointPos(obj_joint_, pos);
  scene.SetSitePos(goal_site_, goal);  // before forward so site_xpos shows it at reset
  scene.Forward();
}

}  // namespace kinitro::sim
