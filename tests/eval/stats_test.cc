// Tests for eval/stats.cc.
#include "eval/stats.h"

#include <gtest/gtest.h>

namespace kinitro::eval {
namespace {

TEST(Wilson95, KnownValues) {
  // 45/50: the Wilson interval is [0.7864, 0.9565] (z = 1.96)
  auto [lo, hi] = Wilson95(45, 50);
  EXPECT_NEAR(lo, 0.7864, 1e-4);
  EXPECT_NEAR(hi, 0.9565, 1e-4);
  auto [lo0, hi0] = Wilson95(0, 10);
  EXPECT_EQ(lo0, 0.0);
  EXPECT_NEAR(hi0, 0.2775, 1e-4);
  EXPECT_EQ(Wilson95(0, 0), std::make_pair(0.0, 1.0));
}

TEST(Quantile, InterpolatesBetweenOrderStatistics) {
  std::vector<double> v = {5, 1, 3, 2, 4};
  EXPECT_EQ(Quantile(v, 0.5), 3);
  EXPECT_EQ(Quantile(v, 0), 1);
  EXPECT_EQ(Quantile(v, 1), 5);
  EXPECT_DOUBLE_EQ(Quantile(v, 0.99), 4.96);
  std::vector<double> empty;
  EXPECT_EQ(Quantile(empty, 0.5), 0);
}

}  // namespace
}  // namespace kinitro::eval
