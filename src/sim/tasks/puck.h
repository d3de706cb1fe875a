// What reach, push and pick-place share: the puck `obj`, its geom, the `goal` site and the
// rand_vec layout [obj xyz, goal xyz] with the "goal at least 15 cm from the puck" rule.
#pragma once

#include <span>

#include "sim/model.h"
#include "sim/task.h"

namespace kinitro::sim {

// rejection rule of the puck tasks: ‖(obj − goal)_xy‖ ≥ 0.15
bool PuckFarFromGoal(std::span<const double> rand_vec);

class PuckTask : public Task {
 public:
  explicit PuckTask(const Model& model);

  // the goal site sits at rand_vec[3:6] (tasks that change its z do so in PlaceObjects)
  void EditModel(Scene& scene, std::span<const double> rand_vec) override;
  // obs objects: xpos(obj) and SciPy (x,y,z,w) quaternion of geom_xmat(objGeom)
  void Objects(const Scene& scene, std::span<double, 14> out) const override;

 protected:
  // moves the puck to `pos` at rest (orientation kept), sets the goal site and forwards
  void PlacePuck(Scene& scene, const Vec3& pos, const Vec3& goal);
  Vec3 Puck(const Scene& scene) const { return scene.BodyPos(obj_body_); }
  // push and pick-place report the same info fields around their own reward terms
  Evaluation PuckEvaluation(const Scene& scene, const Observation& obs, double reward, double success_radius,
                            double grasp_reward, double in_place) const;

  int obj_body_, obj_geom_, obj_joint_, goal_site_;
  Vec3 obj_init_{}, goal_{};
};

}  // namespace kinitro::sim
