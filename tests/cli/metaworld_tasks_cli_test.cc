// `kinitro sim run --metaworld-tasks` (src/cli/sim_command.cc): episodes start from MetaWorld's own
// tasks, generated (MT1:SEED) or read from a file, and bad sources fail before anything runs.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "run_kinitro.h"

namespace {

using kinitro::testing::Kinitro;
using kinitro::testing::Outcome;
using nlohmann::json;

json SimRunJson(const std::string& args) {
  Outcome r = Kinitro("sim run --env metaworld/push-v3 --json " + args, /*stdout_only=*/true);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  return json::parse(r.out, nullptr, false);
}

TEST(MetaWorldTasksCli, Mt1TasksRunInOrderAndAreRecorded) {
  json j = SimRunJson("--metaworld-tasks MT1:0 --episodes 3 --stop-on-success");
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j["metaworld_tasks"], "MT1:0");
  ASSERT_EQ(j["episodes"].size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(j["episodes"][i]["task_index"], i);
    EXPECT_EQ(j["episodes"][i]["rand_vec"].size(), 6u);
    EXPECT_TRUE(j["episodes"][i]["success"].get<bool>()) << "MetaWorld's push expert solves MT1(seed=0) task " << i;
  }
  // MetaWorld's MT1(seed=0) push tasks differ from each other (50 unique vectors)
  EXPECT_NE(j["episodes"][0]["rand_vec"], j["episodes"][1]["rand_vec"]);
}

TEST(MetaWorldTasksCli, WithoutEpisodesEveryTaskRunsOnce) {
  json j = SimRunJson("--metaworld-tasks ML1-test:2 --policy zero --stop-on-success");
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j["episodes"].size(), 50u);
}

TEST(MetaWorldTasksCli, AJsonTaskFileReproducesTheGeneratedTask) {
  json generated = SimRunJson("--metaworld-tasks MT1:5 --episodes 1 --policy random --seed 9");
  ASSERT_TRUE(generated.is_object());
  const std::string file = "/tmp/kinitro-tasks-cli-" + std::to_string(::getpid()) + ".json";
  std::ofstream(file) << json::array({{{"env_name", "push-v3"}, {"rand_vec", generated["episodes"][0]["rand_vec"]}}}).dump();
  json from_file = SimRunJson("--metaworld-tasks " + file + " --policy random --seed 9");
  std::remove(file.c_str());
  ASSERT_TRUE(from_file.is_object());
  ASSERT_EQ(from_file["episodes"].size(), 1u);
  EXPECT_EQ(from_file["episodes"][0]["digest"], generated["episodes"][0]["digest"]) << "same task and actions, same trajectory";
}

TEST(MetaWorldTasksCli, BadSourcesFailWithTheirReason) {
  Outcome unknown = Kinitro("sim run --env metaworld/push-v3 --metaworld-tasks /nonexistent/tasks.pkl");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.out.find("/nonexistent/tasks.pkl"), std::string::npos) << unknown.out;

  Outcome too_many = Kinitro("sim run --env metaworld/push-v3 --metaworld-tasks MT1:0 --episodes 60");
  EXPECT_EQ(too_many.exit_code, 1);
  EXPECT_NE(too_many.out.find("60 episodes"), std::string::npos) << too_many.out;

  const std::string file = "/tmp/kinitro-tasks-cli-bad-" + std::to_string(::getpid()) + ".json";
  std::ofstream(file) << R"([{"env_name": "push-v3", "rand_vec": [5, 0.6, 0.02, 0, 0.85, 0.02]}])";
  Outcome out_of_range = Kinitro("sim run --env metaworld/push-v3 --metaworld-tasks " + file);
  std::remove(file.c_str());
  EXPECT_EQ(out_of_range.exit_code, 1);
  EXPECT_NE(out_of_range.out.find("outside"), std::string::npos) << out_of_range.out;
}

}  // namespace
