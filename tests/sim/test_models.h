// Shared by the sim tests: one model cache over the assets FindAssetDir() resolves
// (../shared/metaworld/assets in the source tree unless KINITRO_ASSETS says otherwise).
#pragma once

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

#include "sim/assets.h"
#include "sim/model.h"
#include "sim/mujoco_guard.h"
#include "sim/tasks/registry.h"

namespace kinitro::sim::testing {

inline ModelCache& TestModels() {
  static ModelCache cache(FindAssetDir());
  return cache;
}

// Fails the test program if MuJoCo warned at any point (as MuJoCo's own test fixture does).
class NoMujocoWarnings : public ::testing::Environment {
 public:
  void SetUp() override { InstallMujocoHandlers(); }
  void TearDown() override { EXPECT_EQ(MujocoWarningCount(), 0) << "MuJoCo printed warnings (see stderr)"; }
};
inline ::testing::Environment* const kNoMujocoWarnings = ::testing::AddGlobalTestEnvironment(new NoMujocoWarnings);

// every registered env id, for parametrised tests
inline std::vector<std::string> AllEnvIds() {
  std::vector<std::string> ids;
  for (const TaskSpec* t : AllTasks()) ids.emplace_back(t->env_id);
  return ids;
}

// "metaworld/push-v3" -> "metaworld_push_v3" (test names allow only [A-Za-z0-9_])
inline std::string IdToTestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name;
  for (char c : info.param) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

}  // namespace kinitro::sim::testing
