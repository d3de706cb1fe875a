// Tests for sim/assets.cc and asset errors from sim/model.cc: every failure names what to fix.
#include "sim/assets.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "sim/model.h"
#include "sim/tasks/registry.h"

namespace kinitro::sim {
namespace {
namespace fs = std::filesystem;

// a scratch directory removed at the end of the test
struct TempDir {
  fs::path path = fs::temp_directory_path() / ("kinitro-assets-test-" + std::to_string(::getpid()) + "-" +
                                               ::testing::UnitTest::GetInstance()->current_test_info()->name());
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

std::string MessageOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Assets, FindsTheDevelopmentCopy) {
  fs::path dir = FindAssetDir();
  EXPECT_TRUE(fs::exists(dir / "sawyer_xyz" / "sawyer_push_v3.xml"));
}

TEST(Assets, ExplicitDirectoryMustBeValid) {
  TempDir empty;
  std::string msg = MessageOf([&] { FindAssetDir(empty.path); });
  EXPECT_NE(msg.find("--assets"), std::string::npos) << msg;
  EXPECT_NE(msg.find(empty.path.string()), std::string::npos) << msg;
  EXPECT_NE(msg.find("scripts/fetch-assets"), std::string::npos) << msg;
}

TEST(Assets, SearchPathNamesEveryPlaceInOrder) {
  ::setenv("KINITRO_ASSETS", "/nonexistent/kinitro-assets", 1);
  auto path = AssetSearchPath(fs::path("/nonexistent/flag"));
  ::unsetenv("KINITRO_ASSETS");
  ASSERT_EQ(path.size(), 5u);
  EXPECT_EQ(path[0].origin, "--assets");
  EXPECT_EQ(path[1].origin, "KINITRO_ASSETS");
  EXPECT_EQ(path[2].origin, "installed");
  EXPECT_EQ(path[3].origin, "project copy");
  EXPECT_EQ(path[4].origin, "development copy");
  EXPECT_EQ(path[0].rejected_because, "does not exist");
}

TEST(Assets, MissingModelFileIsNamed) {
  TempDir dir;
  std::string msg = MessageOf([&] { Model::Load(FindTask("metaworld/push-v3"), dir.path); });
  EXPECT_NE(msg.find("sawyer_push_v3.xml"), std::string::npos) << msg;
  EXPECT_NE(msg.find("missing"), std::string::npos) << msg;
}

TEST(Assets, CorruptModelFileIsNamed) {
  // a copy of the asset tree whose push scene is truncated XML; everything else is linked
  TempDir dir;
  fs::path real = FindAssetDir();
  for (const auto& entry : fs::directory_iterator(real)) {
    if (entry.path().filename() != "sawyer_xyz") fs::create_directory_symlink(entry.path(), dir.path / entry.path().filename());
  }
  fs::create_directories(dir.path / "sawyer_xyz");
  std::ofstream(dir.path / "sawyer_xyz" / "sawyer_push_v3.xml") << "<mujoco model=\"broken\"><worldbody><body";
  std::string msg = MessageOf([&] { Model::Load(FindTask("metaworld/push-v3"), dir.path); });
  EXPECT_NE(msg.find("sawyer_push_v3.xml"), std::string::npos) << msg;
  EXPECT_NE(msg.find("cannot load"), std::string::npos) << msg;
}

TEST(Assets, MissingIncludedFileIsNamed) {
  // the scene exists but a mesh folder it needs does not
  TempDir dir;
  fs::path real = FindAssetDir();
  // (a real folder: includes are relative, and ".." through a symlinked folder would reach the real tree)
  fs::create_directories(dir.path / "sawyer_xyz");
  fs::copy_file(real / "sawyer_xyz" / "sawyer_reach_v3.xml", dir.path / "sawyer_xyz" / "sawyer_reach_v3.xml");
  fs::create_directory_symlink(real / "scene", dir.path / "scene");
  fs::create_directory_symlink(real / "textures", dir.path / "textures");
  std::string msg = MessageOf([&] { Model::Load(FindTask("metaworld/reach-v3"), dir.path); });
  EXPECT_NE(msg.find("cannot load"), std::string::npos) << msg;
  EXPECT_NE(msg.find("objects"), std::string::npos) << msg;  // MuJoCo names the missing include
}

}  // namespace
}  // namespace kinitro::sim
