// Tests for sim/reward_math.cc and the SciPy quaternion in sim/scene.cc.
#include "sim/reward_math.h"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/scene.h"

namespace kinitro::sim {
namespace {

TEST(Tolerance, OneInsideBounds) {
  EXPECT_EQ(Tolerance(0.5, 0, 1, 0.3), 1.0);
  EXPECT_EQ(Tolerance(0.0, 0, 1, 0.3), 1.0);
}

TEST(Tolerance, ValueAtMarginIsOneTenth) {
  EXPECT_NEAR(Tolerance(1.3, 0, 1, 0.3), 0.1, 1e-12);
  EXPECT_NEAR(Tolerance(-0.3, 0, 1, 0.3, Sigmoid::kGaussian), 0.1, 1e-12);
  // long tail: 1 / ((3d)^2 + 1) at d = 0.5
  EXPECT_NEAR(Tolerance(1.15, 0, 1, 0.3), 1.0 / (1.5 * 1.5 + 1), 1e-12);
}

TEST(Tolerance, ZeroMarginIsAStep) { EXPECT_EQ(Tolerance(1.01, 0, 1, 0), 0.0); }

TEST(Tolerance, RejectsInvertedBoundsAndNegativeMargin) {
  EXPECT_THROW(Tolerance(0, 1, 0, 0.1), std::invalid_argument);
  EXPECT_THROW(Tolerance(0, 0, 1, -0.1), std::invalid_argument);
}

TEST(Hamacher, MatchesTheFormula) {
  EXPECT_NEAR(Hamacher(0.5, 0.5), 0.25 / 0.75, 1e-12);
  EXPECT_EQ(Hamacher(0, 0), 0.0);
  EXPECT_EQ(Hamacher(1, 1), 1.0);
  EXPECT_THROW(Hamacher(1.5, 0.5), std::invalid_argument);
}

TEST(RectPrism, ProductInsideOneOutside) {
  EXPECT_NEAR(RectPrismTolerance({0.5, 0.5, 0.5}, {0, 0, 0}, {1, 1, 1}), 0.125, 1e-12);
  EXPECT_NEAR(RectPrismTolerance({0.5, 0.5, 0.5}, {1, 1, 1}, {0, 0, 0}), 0.125, 1e-12);  // either order
  EXPECT_EQ(RectPrismTolerance({2, 0.5, 0.5}, {0, 0, 0}, {1, 1, 1}), 1.0);
}

TEST(GripperCaging, BothDensitiesAreAnError) {
  CagingInput in{.obj_radius = 0.01, .pad_success_thresh = 0.05, .object_reach_radius = 0.01, .xz_thresh = 0.005,
                 .high_density = true, .medium_density = true};
  EXPECT_THROW(GripperCagingReward(in), std::invalid_argument);
}

TEST(GripperCaging, CagedAndClosedScoresHigh) {
  // pads 2 cm either side of the object, tcp on it, gripper closed
  CagingInput in{.grip_action = 1, .obj = {0, 0.7, 0.02}, .obj_init = {0, 0.7, 0.02}, .tcp = {0, 0.7, 0.02},
                 .init_tcp = {0, 0.6, 0.15}, .left_pad_y = 0.72, .right_pad_y = 0.68, .obj_radius = 0.015,
                 .pad_success_thresh = 0.05, .object_reach_radius = 0.01, .xz_thresh = 0.005, .high_density = true};
  EXPECT_NEAR(GripperCagingReward(in), 1.0, 1e-9);
  in.grip_action = -1;  // open: caged but not gripping
  EXPECT_NEAR(GripperCagingReward(in), 0.5, 1e-9);
}

TEST(QuatFromMatrix, IdentityAndQuarterTurn) {
  double q[4];
  const double identity[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
  QuatFromMatrixXyzw(identity, q);
  EXPECT_NEAR(q[3], 1, 1e-12);  // (x, y, z, w) order
  // 90° about z: SciPy gives (0, 0, sin 45°, cos 45°)
  const double rz[9] = {0, -1, 0, 1, 0, 0, 0, 0, 1};
  QuatFromMatrixXyzw(rz, q);
  EXPECT_NEAR(q[2], std::sqrt(0.5), 1e-12);
  EXPECT_NEAR(q[3], std::sqrt(0.5), 1e-12);
  // 180° about x: the largest-diagonal branch
  const double rx[9] = {1, 0, 0, 0, -1, 0, 0, 0, -1};
  QuatFromMatrixXyzw(rx, q);
  EXPECT_NEAR(std::abs(q[0]), 1, 1e-12);
}

}  // namespace
}  // namespace kinitro::sim
