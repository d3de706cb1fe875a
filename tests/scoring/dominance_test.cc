// Tests for scoring/dominance.cc: ε-dominance P1–P7 (spec/scoring.md §4, §11.1) and the frontier.
// Dominance is a pair of comparisons after one rounded ±, so every answer is exact.
#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <vector>

#include "scoring/scoring.h"

namespace kinitro::scoring {
namespace {

using V = std::vector<double>;

TEST(Dominates, P1ClearDominance) {
  const V a = {0.9, 0.8, 0.85}, b = {0.7, 0.6, 0.65}, eps = {0.05, 0.05, 0.05};
  EXPECT_TRUE(Dominates(a, b, eps));
  EXPECT_FALSE(Dominates(b, a, eps));
}

TEST(Dominates, P2TieIsNotDominance) {
  const V a = {0.8, 0.7, 0.75}, eps = {0.05, 0.05, 0.05};
  EXPECT_FALSE(Dominates(a, a, eps));
}

TEST(Dominates, P3Incomparable) {
  const V a = {0.9, 0.5}, b = {0.5, 0.9}, eps = {0.05, 0.05};
  EXPECT_FALSE(Dominates(a, b, eps));
  EXPECT_FALSE(Dominates(b, a, eps));
}

TEST(Dominates, P4WithinEpsilon) {
  const V a = {0.82, 0.72}, b = {0.80, 0.70}, eps = {0.05, 0.05};
  EXPECT_FALSE(Dominates(a, b, eps));
  EXPECT_FALSE(Dominates(b, a, eps));
}

TEST(Dominates, P5RoundingOfBPlusEpsilon) {
  // 0.80 + 0.05 = 0.8500000000000001 > 0.85
  EXPECT_FALSE(Dominates(V{0.85}, V{0.80}, V{0.05}));
}

TEST(Dominates, P6BeyondEpsilon) {
  EXPECT_TRUE(Dominates(V{0.86}, V{0.80}, V{0.05}));
}

TEST(Dominates, P7StrictComparison) {
  // 0.70 + 0.05 = 0.75 exactly, and the test is strict
  EXPECT_FALSE(Dominates(V{0.75}, V{0.70}, V{0.05}));
}

TEST(Dominates, NoEnvsMeansNoDominance) {
  EXPECT_FALSE(Dominates(V{}, V{}, V{}));
}

TEST(Dominates, RejectsInvalidInput) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(Dominates(V{0.5, 0.5}, V{0.5}, V{0.05, 0.05}), std::invalid_argument);
  EXPECT_THROW(Dominates(V{0.5}, V{0.5}, V{0.05, 0.05}), std::invalid_argument);
  EXPECT_THROW(Dominates(V{nan}, V{0.5}, V{0.05}), std::invalid_argument);
  EXPECT_THROW(Dominates(V{0.5}, V{2.0}, V{0.05}), std::invalid_argument);
  EXPECT_THROW(Dominates(V{0.5}, V{0.5}, V{-0.05}), std::invalid_argument);
  EXPECT_THROW(Dominates(V{0.5}, V{0.5}, V{nan}), std::invalid_argument);
}

TEST(ParetoFrontier, ReferenceUnitTestCases) {
  // §11.5: single miner / dominant / incomparable / copy attack = V02–V05
  EXPECT_EQ(ParetoFrontier({{0.8, 0.7}}, V{0.01, 0.01}), (std::vector<size_t>{0}));
  EXPECT_EQ(ParetoFrontier({{0.9, 0.9}, {0.5, 0.5}, {0.6, 0.6}}, V{0.04807401039319927, 0.04807401039319927}),
            (std::vector<size_t>{0}));
  EXPECT_EQ(ParetoFrontier({{0.9, 0.5}, {0.5, 0.9}}, V{0.05656853912317592, 0.05656853912317592}),
            (std::vector<size_t>{0, 1}));
  EXPECT_EQ(ParetoFrontier({{0.8, 0.8}, {0.8, 0.8}}, V{0.01, 0.01}), (std::vector<size_t>{0, 1}));
  EXPECT_TRUE(ParetoFrontier({}, V{}).empty());
}

TEST(ParetoFrontier, ComparesFloat32Values) {
  // float32: 0.86f = 0.8600000143051147 > 0.80f + 0.06 = 0.860000011920929, dominance; double:
  // 0.86 > 0.80 + 0.06 = 0.8600000000000001 fails. The frontier uses float32, the subset scorer double
  const V eps = {0.06};
  EXPECT_FALSE(Dominates(V{0.86}, V{0.80}, eps));
  EXPECT_EQ(ParetoFrontier({{0.86}, {0.80}}, eps), (std::vector<size_t>{0}));
}

}  // namespace
}  // namespace kinitro::scoring
