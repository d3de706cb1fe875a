// Your policy (edit policy.cc). The server builds one MyPolicy per episode (/reset) and calls
// Act once per simulation step; see README.md for the observation and action conventions.
#pragma once

#include <string>

#include "policy/server.h"  // kinitro::policy::Policy, Observation, TaskConfig, ActionVec

namespace miner {

// An example controller: moves the hand toward a point above the table in the region where
// reach goals appear, gripper open on the way and closed on arrival. Replace it with your own.
class MyPolicy : public kinitro::policy::Policy {
 public:
  // A new episode starts (env_id, task_name and seed may help you choose a behaviour).
  void Reset(const kinitro::policy::TaskConfig& config) override;
  // 4 numbers in [-1, 1]: hand motion (dx, dy, dz) and gripper effort (+1 closes, -1 opens).
  // When obs.seed is set (deployment spot checks, sent without /reset) the answer must depend
  // on the observation and the seed only. Throws std::invalid_argument for fewer than 3 numbers.
  kinitro::policy::ActionVec Act(const kinitro::policy::Observation& obs) override;

 private:
  std::string env_id_;  // from the last Reset; "" before any
};

// A factory serving a TorchScript model (model.pt: float32 (1, obs_dim) in, 4 numbers out) with
// libtorch. Defined in torch_policy.cc, built only with -DMINER_WITH_TORCH=ON. Throws
// std::runtime_error when the model cannot be loaded.
kinitro::policy::PolicyFactory MakeTorchPolicyFactory(const std::string& model_path);

}  // namespace miner
