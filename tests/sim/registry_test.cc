// Tests for sim/tasks/registry.cc: lookup by env id and MetaWorld name, errors for unknown ids.
#include "sim/tasks/registry.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace kinitro::sim {
namespace {

TEST(Registry, HasTheEightEvaluatorTasks) {
  std::set<std::string> ids;
  for (const TaskSpec* t : AllTasks()) ids.insert(std::string(t->env_id));
  std::set<std::string> expected = {"metaworld/reach-v3",        "metaworld/push-v3",        "metaworld/pick-place-v3",
                                    "metaworld/door-open-v3",    "metaworld/drawer-open-v3", "metaworld/drawer-close-v3",
                                    "metaworld/button-press-v3", "metaworld/peg-insert-v3"};
  EXPECT_EQ(ids, expected);
}

TEST(Registry, FindsByEnvIdAndByMetaworldName) {
  EXPECT_EQ(FindTask("metaworld/button-press-v3").name, "button-press-topdown-v3");
  EXPECT_EQ(FindTask("peg-insert-side-v3").env_id, "metaworld/peg-insert-v3");
}

TEST(Registry, UnknownIdListsTheValidOnes) {
  try {
    FindTask("metaworld/fly-v3");
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("metaworld/fly-v3"), std::string::npos) << msg;
    for (const TaskSpec* t : AllTasks()) EXPECT_NE(msg.find(std::string(t->env_id)), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace kinitro::sim
