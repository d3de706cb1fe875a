#include "sim/model.h"

#include <array>
#include <stdexcept>

#include "sim/mujoco_guard.h"
#include "sim/tasks/registry.h"

namespace kinitro::sim {
namespace fs = std::filesystem;

std::shared_ptr<const Model> Model::Load(const TaskSpec& spec, const fs::path& asset_dir) {
  fs::path xml = asset_dir / spec.xml;
  if (!fs::exists(xml)) {
    throw std::runtime_error("MetaWorld asset missing: " + xml.string() + " (needed by " + std::string(spec.env_id) +
                             "; re-run scripts/fetch-assets or check --assets)");
  }
  std::array<char, 1024> error{};
  mjModel* m = nullptr;
  std::string path = xml.string();
  Guarded([&] { m = mj_loadXML(path.c_str(), nullptr, error.data(), static_cast<int>(error.size())); });
  if (m == nullptr) {
    throw std::runtime_error("cannot load MetaWorld asset " + path + ": " + std::string(error.data()) +
                             " (corrupt or incomplete asset folder? re-run scripts/fetch-assets)");
  }
  return std::shared_ptr<const Model>(new Model(spec, m));
}

Model::Model(const TaskSpec& spec, mjModel* m) : spec_(spec), m_(m) {
  try {
    // spec §1.1: MetaWorld rewrites every weld's eq_data to anchor 0, relpos 0,
    // relquat (-1,0,0,0), torquescale 5, then runs one forward pass
    static constexpr double kWeld[11] = {0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 5};
    for (int e = 0; e < m_->neq; ++e) {
      if (m_->eq_type[e] != mjEQ_WELD) continue;
      for (int i = 0; i < mjNEQDATA; ++i) m_->eq_data[e * mjNEQDATA + i] = kWeld[i];
    }
    ids_.hand = Id(mjOBJ_BODY, "hand");
    ids_.right_claw = Id(mjOBJ_BODY, "rightclaw");
    ids_.left_claw = Id(mjOBJ_BODY, "leftclaw");
    ids_.right_pad = Id(mjOBJ_BODY, "rightpad");
    ids_.left_pad = Id(mjOBJ_BODY, "leftpad");
    ids_.right_pad_geom = Id(mjOBJ_GEOM, "rightpad_geom");
    ids_.left_pad_geom = Id(mjOBJ_GEOM, "leftpad_geom");
    ids_.right_end_effector = Id(mjOBJ_SITE, "rightEndEffector");
    ids_.left_end_effector = Id(mjOBJ_SITE, "leftEndEffector");
    ids_.mocap = m_->body_mocapid[Id(mjOBJ_BODY, "mocap")];
    if (ids_.mocap < 0 || m_->nu != 2) {
      throw std::runtime_error("model " + std::string(spec.xml) + " is not a MetaWorld Sawyer scene (mocap/actuators)");
    }
  } catch (...) {
    mj_deleteModel(m_);
    throw;
  }
}

Model::~Model() { mj_deleteModel(m_); }

std::shared_ptr<const Model> ModelCache::Get(std::string_view env_id) {
  const TaskSpec& spec = FindTask(env_id);  // throws with the valid ids
  std::lock_guard lock(mu_);
  auto it = models_.find(spec.env_id);
  if (it != models_.end()) return it->second;
  auto model = Model::Load(spec, asset_dir_);
  models_.emplace(std::string(spec.env_id), model);
  return model;
}

}  // namespace kinitro::sim
