// Tests for src/cli/main.cc, run as a real subprocess: `kinitro --version` and the refusal to run
// on a libmujoco other than the pinned build.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "run_kinitro.h"

namespace {

using kinitro::testing::Kinitro;
using kinitro::testing::Outcome;

TEST(MainCli, VersionNamesKinitroTheEngineAndTheAssetsOnOneLine) {
  Outcome r = Kinitro("--version", true);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const std::string want = "kinitro " KINITRO_EXPECTED_VERSION " (" KINITRO_EXPECTED_ENGINE ", MetaWorld v3 assets ";
  EXPECT_EQ(r.out.rfind(want, 0), 0u) << r.out;
  EXPECT_TRUE(std::regex_match(r.out, std::regex(".*assets [0-9a-f]{7}\\)\n"))) << r.out;
}

TEST(MainCli, NoSubcommandIsAUsageError) {
  Outcome r = Kinitro("");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("subcommand"), std::string::npos) << r.out;
}

// a wrong engine fails every command, --version included, with exit 1 and one line saying why
TEST(MainCli, AnotherLibmujocoIsRefused) {
  const std::string preload = "LD_PRELOAD=" FAKE_ENGINE_LIB;
  for (const char* args : {"--version", "sim list", "sim run --env metaworld/reach-v3 --episodes 1"}) {
    Outcome r = Kinitro(args, false, preload);
    EXPECT_EQ(r.exit_code, 1) << args << ": " << r.out;
    EXPECT_EQ(r.out, "kinitro: error: loaded MuJoCo 2.2.2 (library version 222), but kinitro was built for " KINITRO_EXPECTED_ENGINE
                     " (scripts/mujoco.pin); check LD_LIBRARY_PATH or rebuild\n")
        << args;
  }
}

}  // namespace
