// Tests for `kinitro sim` (src/cli/sim_command.cc), run as a real subprocess: exit codes, error
// messages, the --json shape, and determinism across processes.
#include <gtest/gtest.h>

#include "run_kinitro.h"
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <string>

namespace {

using kinitro::testing::Kinitro;
using kinitro::testing::Outcome;

TEST(SimCli, ListsTheEnvironments) {
  Outcome r = Kinitro("sim list --json", true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j.size(), 8u);
  EXPECT_EQ(j[0]["env_id"], "metaworld/button-press-v3");
}

TEST(SimCli, RunJsonHasTheDocumentedShape) {
  Outcome r = Kinitro("sim run --env metaworld/reach-v3 --seed 5 --episodes 2 --policy expert --json", true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["env"], "metaworld/reach-v3");
  EXPECT_EQ(j["engine"], KINITRO_EXPECTED_ENGINE);
  EXPECT_EQ(j["success_rate"], 1.0);
  ASSERT_EQ(j["episodes"].size(), 2u);
  EXPECT_EQ(j["episodes"][0]["seed"], 5);
  EXPECT_EQ(j["episodes"][1]["seed"], 6);
  for (const auto& e : j["episodes"]) {
    EXPECT_TRUE(e["success"].is_boolean());
    EXPECT_EQ(e["steps"], 500);  // the evaluator's semantics: no early stop by default
    EXPECT_TRUE(e["return"].is_number());
  }
}

TEST(SimCli, TwoProcessesProduceBitIdenticalTrajectories) {
  const std::string args = "sim run --env metaworld/pick-place-v3 --seed 123 --episodes 3 --policy random --json";
  Outcome a = Kinitro(args, true);
  Outcome b = Kinitro(args + " --jobs 2", true);  // threads must not change results either
  ASSERT_EQ(a.exit_code, 0) << a.out;
  ASSERT_EQ(b.exit_code, 0) << b.out;
  auto ja = nlohmann::json::parse(a.out), jb = nlohmann::json::parse(b.out);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(ja["episodes"][i]["digest"], jb["episodes"][i]["digest"]) << i;
    EXPECT_EQ(ja["episodes"][i]["return"], jb["episodes"][i]["return"]) << i;
  }
  EXPECT_NE(ja["episodes"][0]["digest"], ja["episodes"][1]["digest"]);
}

TEST(SimCli, UnknownEnvListsValidIdsAndExitsOne) {
  Outcome r = Kinitro("sim run --env metaworld/fly-v3 --episodes 1");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("kinitro sim run: error: unknown env id 'metaworld/fly-v3'"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("metaworld/reach-v3"), std::string::npos) << r.out;
}

TEST(SimCli, BadFlagsAreUsageErrors) {
  EXPECT_EQ(Kinitro("sim run --env metaworld/reach-v3 --policy teleport").exit_code, 2);
  EXPECT_EQ(Kinitro("sim run --env metaworld/reach-v3 --episodes -3").exit_code, 2);
  EXPECT_EQ(Kinitro("sim run --episodes 1").exit_code, 2);  // --env is required
}

TEST(SimCli, BadAssetDirIsExplained) {
  Outcome r = Kinitro("sim run --env metaworld/reach-v3 --episodes 1 --assets /nonexistent/assets");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("/nonexistent/assets"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("fetch-assets"), std::string::npos) << r.out;
}

TEST(SimCli, RenderWritesBothCamerasAtResetAndEveryKSteps) {
  std::string dir = "/tmp/kinitro-render-test-" + std::to_string(::getpid());
  Outcome r = Kinitro("sim render --env metaworld/reach-v3 --seed 2 --steps 20 --every 10 --out " + dir);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  for (const char* f : {"corner_step000.png", "gripper_step000.png", "corner_step010.png", "gripper_step020.png"}) {
    FILE* png = std::fopen((dir + "/" + f).c_str(), "rb");
    ASSERT_NE(png, nullptr) << f;
    unsigned char magic[4] = {};
    EXPECT_EQ(std::fread(magic, 1, 4, png), 4u);
    std::fclose(png);
    EXPECT_EQ(magic[1], 'P');
    EXPECT_EQ(magic[2], 'N');
  }
  std::system(("rm -rf " + dir).c_str());
}

}  // namespace
