// What task code may touch of one environment instance: its model view and its data.
#pragma once

#include <mujoco/mujoco.h>

#include <string_view>

#include "sim/vec3.h"

namespace kinitro::sim {

// Named ids of the Sawyer parts every task uses, resolved once per model.
struct SawyerIds {
  int hand = -1, right_claw = -1, left_claw = -1, right_pad = -1, left_pad = -1;  // bodies
  int right_pad_geom = -1, left_pad_geom = -1;                                  // geoms
  int right_end_effector = -1, left_end_effector = -1;                          // sites
  int mocap = -1;                                                               // mocap index
};

// Access to one Env's instance model (per-instance body/site positions over a shared model)
// and its mjData. Thread: one thread at a time, like the Env that owns it.
class Scene {
 public:
  Scene(mjModel* model, mjData* data, const SawyerIds& ids) : m_(model), d_(data), ids_(ids) {}

  const mjModel* model() const { return m_; }
  mjData* data() const { return d_; }

  // world positions computed by the last forward pass
  Vec3 BodyPos(int body) const { return ToVec3(d_->xpos + 3 * body); }
  Vec3 SitePos(int site) const { return ToVec3(d_->site_xpos + 3 * site); }
  Vec3 GeomPos(int geom) const { return ToVec3(d_->geom_xpos + 3 * geom); }
  const double* BodyQuat(int body) const { return d_->xquat + 4 * body; }  // (w, x, y, z)
  const double* GeomMat(int geom) const { return d_->geom_xmat + 9 * geom; }
  const double* SiteMat(int site) const { return d_->site_xmat + 9 * site; }
  double JointQpos(int joint) const { return d_->qpos[m_->jnt_qposadr[joint]]; }

  // the Sawyer's observed hand position, tool centre point (mid finger tips) and pads
  Vec3 Hand() const { return BodyPos(ids_.hand); }
  Vec3 Tcp() const { return 0.5 * (SitePos(ids_.right_end_effector) + SitePos(ids_.left_end_effector)); }
  Vec3 LeftPad() const { return BodyPos(ids_.left_pad); }
  Vec3 RightPad() const { return BodyPos(ids_.right_pad); }
  const SawyerIds& ids() const { return ids_; }

  // the tool centre point recorded after hand settling at reset (MetaWorld's init_tcp)
  const Vec3& init_tcp() const { return init_tcp_; }
  void set_init_tcp(const Vec3& tcp) { init_tcp_ = tcp; }

  // model edits (instance-local: other Envs sharing the model are unaffected)
  void SetBodyPos(int body, const Vec3& p);
  void SetSitePos(int site, const Vec3& p);

  // state edits; call Forward() afterwards (as MetaWorld's set_state does)
  void SetFreeJointPos(int joint, const Vec3& p);  // position only, orientation kept, velocity zeroed
  void SetJoint(int joint, double q, bool zero_velocity);  // hinge or slide joint
  void Forward();

 private:
  mjModel* m_;
  mjData* d_;
  SawyerIds ids_;
  Vec3 init_tcp_{};
};

// True iff both finger pads press on `geom` (positive summed normal force from each pad),
// MetaWorld's touching_object().
bool PadsTouching(const Scene& scene, int geom);

// Looks up a named object; throws std::runtime_error naming the object, kind and model file.
int RequireId(const mjModel* m, mjtObj kind, std::string_view name, std::string_view xml);

// SciPy's Rotation.from_matrix(M).as_quat() for a row-major 3x3 matrix: (x, y, z, w), unnormalised
// sign (spec/metaworld.md Appendix A). Writes 4 numbers to out.
void QuatFromMatrixXyzw(const double* mat, double* out);

}  // namespace kinitro::sim
