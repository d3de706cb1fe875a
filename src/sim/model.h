// One loaded MetaWorld task model, shared read-only by every Env of that task.
#pragma once

#include <mujoco/mujoco.h>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "sim/scene.h"
#include "sim/task.h"

namespace kinitro::sim {

// The compiled MJCF of one task plus the ids the Sawyer code needs. Immutable after Load:
// Envs never write to it (their per-episode edits go to an instance view, see Env).
class Model {
 public:
  // Loads spec.xml from asset_dir, applies MetaWorld's weld override (spec §1.1) and resolves ids.
  // Throws std::runtime_error naming the file on a missing or corrupt asset.
  static std::shared_ptr<const Model> Load(const TaskSpec& spec, const std::filesystem::path& asset_dir);

  ~Model();
  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;

  const mjModel* mj() const { return m_; }
  const TaskSpec& spec() const { return spec_; }
  const SawyerIds& sawyer() const { return ids_; }
  // id of a named object; throws naming the object and the model file when absent
  int Id(mjtObj kind, std::string_view name) const { return RequireId(m_, kind, name, spec_.xml); }

 private:
  Model(const TaskSpec& spec, mjModel* m);
  const TaskSpec& spec_;
  mjModel* m_;
  SawyerIds ids_;
};

// Loads each task's model once and hands out shared references. Thread: safe.
class ModelCache {
 public:
  explicit ModelCache(std::filesystem::path asset_dir) : asset_dir_(std::move(asset_dir)) {}

  // The model for an env id or MetaWorld task name; throws std::invalid_argument listing the
  // valid ids for an unknown one, std::runtime_error for asset problems.
  std::shared_ptr<const Model> Get(std::string_view env_id);
  const std::filesystem::path& asset_dir() const { return asset_dir_; }

 private:
  std::filesystem::path asset_dir_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<const Model>, std::less<>> models_;
};

}  // namespace kinitro::sim
