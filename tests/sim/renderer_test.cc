// Tests for sim/renderer.cc (and sim/gl_context.cc, sim/png.cc): camera images of a real MetaWorld
// scene on the headless EGL context.
#include "sim/renderer.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/assets.h"
#include "sim/env.h"
#include "sim/model.h"
#include "sim/png.h"

namespace kinitro::sim {
namespace {

constexpr const char* kPickPlace = "metaworld/pick-place-v3";

// The table top's wood texture: clearly red-over-green-over-blue brown, not the red robot
// (g and b both low) and not the grey floor/sky (r ≈ g ≈ b).
bool IsWood(const uint8_t* px) {
  int r = px[0], g = px[1], b = px[2];
  return r > g && g > b && r - b >= 30 && g - b >= 10;
}

// The gripperPOV camera's near finger pad is cyan: green and blue well above red.
bool IsCyan(const uint8_t* px) { return px[1] > px[0] + 60 && px[2] > px[0] + 60; }

// Fraction of pixels satisfying pred in rows [row_begin, row_end) of a width-wide RGB image.
template <typename Pred>
double Fraction(const std::vector<uint8_t>& rgb, int width, int row_begin, int row_end, Pred pred) {
  int hits = 0;
  for (int row = row_begin; row < row_end; ++row) {
    for (int col = 0; col < width; ++col) hits += pred(&rgb[(size_t(row) * width + col) * 3]);
  }
  return double(hits) / (double(row_end - row_begin) * width);
}

class RendererTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { cache_ = new ModelCache(FindAssetDir()); }
  static void TearDownTestSuite() { delete cache_; }

  std::vector<uint8_t> RenderAt(Env& env, Renderer& renderer, Camera cam) {
    std::vector<uint8_t> rgb(renderer.frame_bytes());
    renderer.Render(env.mj_model(), env.mj_data(), cam, rgb);
    return rgb;
  }

  static ModelCache* cache_;
};
ModelCache* RendererTest::cache_ = nullptr;

TEST_F(RendererTest, RowOrderPerCameraIsPinned) {
  // spec §2.3: Kinitro's corner image is the raw mjr_readPixels buffer
  EXPECT_EQ(CameraRowOrder(Camera::kCorner), RowOrder::kBottomFirst);
  // gripperPOV's own up axis is world +y (away from the robot): GL's top-first order is upright
  EXPECT_EQ(CameraRowOrder(Camera::kGripper), RowOrder::kTopFirst);
}

TEST_F(RendererTest, DifferentPuckPositionsGiveDifferentCornerImages) {
  Env env(cache_->Get(kPickPlace));
  Renderer renderer(env.mj_model());
  env.Reset(0);
  std::array<double, 3> puck0 = {env.observation()[4], env.observation()[5], env.observation()[6]};
  std::vector<uint8_t> image0 = RenderAt(env, renderer, Camera::kCorner);
  env.Reset(1);
  std::array<double, 3> puck1 = {env.observation()[4], env.observation()[5], env.observation()[6]};
  std::vector<uint8_t> image1 = RenderAt(env, renderer, Camera::kCorner);

  ASSERT_NE(puck0, puck1) << "seeds 0 and 1 should place the puck differently";
  EXPECT_NE(image0, image1);
  // same state again renders the same pixels (the renderer keeps no per-frame state)
  EXPECT_EQ(RenderAt(env, renderer, Camera::kCorner), image1);
}

TEST_F(RendererTest, ImagesAreNotUniform) {
  Env env(cache_->Get(kPickPlace));
  env.Reset(0);
  Renderer renderer(env.mj_model());
  for (Camera cam : {Camera::kCorner, Camera::kGripper}) {
    std::vector<uint8_t> rgb = RenderAt(env, renderer, cam);
    double sum = 0, sum_sq = 0;
    for (uint8_t v : rgb) {
      sum += v;
      sum_sq += double(v) * v;
    }
    double mean = sum / rgb.size();
    double variance = sum_sq / rgb.size() - mean * mean;
    // a blank or single-colour frame has variance ~0; real scenes here are well above 100
    EXPECT_GT(variance, 100.0) << "camera " << int(cam) << " mean " << mean;
  }
}

TEST_F(RendererTest, SizeOptionSetsBufferSize) {
  Env env(cache_->Get(kPickPlace));
  env.Reset(0);
  Renderer renderer(env.mj_model(), {.width = 64, .height = 48});
  EXPECT_EQ(renderer.frame_bytes(), size_t(48) * 64 * 3);
  std::vector<uint8_t> rgb(size_t(48) * 64 * 3);
  renderer.Render(env.mj_model(), env.mj_data(), Camera::kCorner, rgb);
  EXPECT_GT(Fraction(rgb, 64, 0, 48, IsWood), 0.1);  // the picture fills the whole buffer

  std::vector<uint8_t> wrong(size_t(84) * 84 * 3);
  EXPECT_THROW(renderer.Render(env.mj_model(), env.mj_data(), Camera::kCorner, wrong), std::invalid_argument);
  EXPECT_THROW(Renderer(env.mj_model(), {.width = 0, .height = 48}), std::invalid_argument);
}

TEST_F(RendererTest, SeveralRenderersShareOneThread) {
  // each Renderer owns a GL context and Render makes its own current, so interleaving is safe;
  // different scenes and sizes make a frame drawn with the other's context come out wrong
  Env a(cache_->Get(kPickPlace));
  Env b(cache_->Get("metaworld/reach-v3"));
  a.Reset(0);
  b.Reset(1);
  Renderer renderer_a(a.mj_model());
  Renderer renderer_b(b.mj_model(), {.width = 64, .height = 48});
  std::vector<uint8_t> first_a = RenderAt(a, renderer_a, Camera::kCorner);
  std::vector<uint8_t> first_b = RenderAt(b, renderer_b, Camera::kCorner);
  EXPECT_NE(first_a, first_b);
  EXPECT_EQ(RenderAt(a, renderer_a, Camera::kCorner), first_a);
  EXPECT_EQ(RenderAt(b, renderer_b, Camera::kCorner), first_b);
}

TEST_F(RendererTest, RejectsAnotherModel) {
  Env pick(cache_->Get(kPickPlace));
  Env reach(cache_->Get("metaworld/reach-v3"));
  pick.Reset(0);
  reach.Reset(0);
  Renderer renderer(pick.mj_model());
  std::vector<uint8_t> rgb(renderer.frame_bytes());
  EXPECT_THROW(renderer.Render(reach.mj_model(), reach.mj_data(), Camera::kCorner, rgb), std::invalid_argument);
}

TEST_F(RendererTest, CornerImageIsUpright) {
  // upright = table at the bottom, arm reaching in from above; the wood table top fills most of
  // the lower half and little of the upper half (upside down it would be the other way round)
  Env env(cache_->Get(kPickPlace));
  env.Reset(0);
  for (RenderQuality quality : {RenderQuality::kFast, RenderQuality::kMetaWorld}) {
    Renderer renderer(env.mj_model(), {.quality = quality});
    std::vector<uint8_t> rgb = RenderAt(env, renderer, Camera::kCorner);
    double top = Fraction(rgb, 84, 0, 42, IsWood);
    double bottom = Fraction(rgb, 84, 42, 84, IsWood);
    EXPECT_GT(bottom, 0.3) << "quality " << int(quality);
    EXPECT_LT(top, 0.5 * bottom) << "quality " << int(quality) << " bottom " << bottom;
  }
}

TEST_F(RendererTest, GripperImageIsUpright) {
  // at reset the hand hangs over the table; the camera sits beside the fingers and sees the
  // near (cyan) finger pad reach in from the far side, i.e. from the top of an upright image
  Env env(cache_->Get(kPickPlace));
  env.Reset(0);
  Renderer renderer(env.mj_model());
  std::vector<uint8_t> rgb = RenderAt(env, renderer, Camera::kGripper);
  double top = Fraction(rgb, 84, 0, 42, IsCyan);
  double bottom = Fraction(rgb, 84, 42, 84, IsCyan);
  EXPECT_GT(top, 0.05);
  EXPECT_LT(bottom, 0.5 * top) << "top " << top;
  // the rest is mostly table
  EXPECT_GT(Fraction(rgb, 84, 0, 84, IsWood), 0.5);
}

TEST_F(RendererTest, WritesImagesAsPng) {
  // sim/png.cc has no test file of its own yet: the renderer's images are its only input
  Env env(cache_->Get(kPickPlace));
  env.Reset(0);
  Renderer renderer(env.mj_model());
  std::vector<uint8_t> rgb = RenderAt(env, renderer, Camera::kCorner);
  std::filesystem::path path = std::filesystem::path(::testing::TempDir()) / "renderer_test_corner.png";
  WritePng(path, renderer.width(), renderer.height(), rgb);
  std::ifstream file(path, std::ios::binary);
  std::string header(8, '\0');
  file.read(header.data(), 8);
  EXPECT_EQ(header, "\x89PNG\r\n\x1a\n");
  std::filesystem::remove(path);

  try {
    WritePng("/nonexistent-dir/x.png", renderer.width(), renderer.height(), rgb);
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/x.png"), std::string::npos) << e.what();
  }
  EXPECT_THROW(WritePng(path, 10, 10, rgb), std::invalid_argument);
}

}  // namespace
}  // namespace kinitro::sim
