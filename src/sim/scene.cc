#include "sim/scene.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/mujoco_guard.h"

namespace kinitro::sim {

void Scene::SetBodyPos(int body, const Vec3& p) {
  for (int i = 0; i < 3; ++i) m_->body_pos[3 * body + i] = p[i];
}

void Scene::SetSitePos(int site, const Vec3& p) {
  for (int i = 0; i < 3; ++i) m_->site_pos[3 * site + i] = p[i];
}

void Scene::SetFreeJointPos(int joint, const Vec3& p) {
  int qadr = m_->jnt_qposadr[joint], vadr = m_->jnt_dofadr[joint];
  for (int i = 0; i < 3; ++i) d_->qpos[qadr + i] = p[i];
  for (int i = 0; i < 6; ++i) d_->qvel[vadr + i] = 0;
}

void Scene::SetJoint(int joint, double q, bool zero_velocity) {
  d_->qpos[m_->jnt_qposadr[joint]] = q;
  if (zero_velocity) d_->qvel[m_->jnt_dofadr[joint]] = 0;
}

void Scene::Forward() {
  mjModel* m = m_;
  mjData* d = d_;
  Guarded([m, d] { mj_forward(m, d); });
}

bool PadsTouching(const Scene& scene, int geom) {
  const mjData* d = scene.data();
  double left = 0, right = 0;
  for (int i = 0; i < d->ncon; ++i) {
    const mjContact& c = d->contact[i];
    if (c.efc_address < 0) continue;
    bool has_obj = c.geom1 == geom || c.geom2 == geom;
    if (!has_obj) continue;
    int other = c.geom1 == geom ? c.geom2 : c.geom1;
    if (other == scene.ids().left_pad_geom) left += d->efc_force[c.efc_address];
    if (other == scene.ids().right_pad_geom) right += d->efc_force[c.efc_address];
  }
  return left > 0 && right > 0;
}

int RequireId(const mjModel* m, mjtObj kind, std::string_view name, std::string_view xml) {
  int id = mj_name2id(m, kind, std::string(name).c_str());
  if (id < 0) {
    const char* kind_name = mju_type2Str(kind);
    throw std::runtime_error("model " + std::string(xml) + " has no " + (kind_name ? kind_name : "object") +
                             " named '" + std::string(name) + "' (corrupt or wrong asset version?)");
  }
  return id;
}

void QuatFromMatrixXyzw(const double* M, double* q) {
  auto at = [M](int r, int c) { return M[3 * r + c]; };
  double t = at(0, 0) + at(1, 1) + at(2, 2);
  // pick the largest of (M00, M11, M22, trace); ties go to the first
  int best = 0;
  double best_val = at(0, 0);
  if (at(1, 1) > best_val) best = 1, best_val = at(1, 1);
  if (at(2, 2) > best_val) best = 2, best_val = at(2, 2);
  if (t > best_val) best = 3;
  if (best == 3) {
    q[0] = at(2, 1) - at(1, 2);
    q[1] = at(0, 2) - at(2, 0);
    q[2] = at(1, 0) - at(0, 1);
    q[3] = 1 + t;
  } else {
    int i = best, j = (i + 1) % 3, k = (j + 1) % 3;
    q[i] = 1 - t + 2 * at(i, i);
    q[j] = at(j, i) + at(i, j);
    q[k] = at(k, i) + at(i, k);
    q[3] = at(k, j) - at(j, k);
  }
  double n = std::sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
  for (int i = 0; i < 4; ++i) q[i] /= n;
}

}  // namespace kinitro::sim
