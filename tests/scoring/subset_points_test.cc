// Tests for scoring/subset_points.cc: subset winners-take-all points (spec/scoring.md §5), P18, P19
// and the V13 derivation of §11.2. Points are sums of small integers, so they are compared exactly.
#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <vector>

#include "scoring/scoring.h"

namespace kinitro::scoring {
namespace {

using V = std::vector<double>;

// V13: success counts out of 50, env order reach, push, pick-place, door-open, drawer-open,
// drawer-close, button-press, peg-insert; miners in the vector's order 11, 23, 5, 42
Rates V13Rates() {
  const int counts[4][8] = {{48, 30, 20, 35, 40, 45, 44, 10},
                            {50, 36, 26, 40, 44, 47, 46, 16},
                            {49, 20, 12, 30, 38, 44, 40, 5},
                            {10, 45, 40, 12, 15, 20, 18, 30}};
  Rates rates(4);
  for (int i = 0; i < 4; ++i) {
    for (int k : counts[i]) rates[i].push_back(k / 50.0);
  }
  return rates;
}

const V kV13Epsilons = {0.09561380948152295, 0.05143928451813952, 0.057896459879208655, 0.05978294017450172,
                        0.0640468567593367,  0.062353826284023785, 0.06324555244607788, 0.05297169335377741};

TEST(SubsetPoints, P18ClearWinnerTakesBothEnvsAndTheirPair) {
  const SubsetPoints p = ComputeSubsetPoints({{0.9, 0.9}, {0.5, 0.5}}, V{0.05, 0.05});
  EXPECT_EQ(p.points, (V{4.0, 0.0}));
  EXPECT_EQ(p.contested_subsets, 0);
}

TEST(SubsetPoints, P19SpecialistsEachWinTheirEnv) {
  EXPECT_EQ(ComputeSubsetPoints({{0.9, 0.3}, {0.3, 0.9}}, V{0.05, 0.05}).points, (V{1.0, 1.0}));
}

TEST(SubsetPoints, V13AllThreeSchemes) {
  // §11.2 derivation: 42 wins the 7 subsets of {push, pick-place, peg-insert}; 23 wins the subsets of
  // {reach, door-open, drawer-open, drawer-close, button-press} containing door-open or drawer-open
  const Rates rates = V13Rates();
  EXPECT_EQ(ComputeSubsetPoints(rates, kV13Epsilons, SubsetWeighting::kLinear).points, (V{0, 68, 0, 12}));
  EXPECT_EQ(ComputeSubsetPoints(rates, kV13Epsilons, SubsetWeighting::kExponential).points, (V{0, 108, 0, 13}));
  EXPECT_EQ(ComputeSubsetPoints(rates, kV13Epsilons, SubsetWeighting::kEqual).points, (V{0, 24, 0, 7}));
}

TEST(SubsetPoints, OneMinerWinsEverySubsetEvenAtZero) {
  // §9 and the "max total points" column of §5.2 for m = 8
  const Rates zero = {V(8, 0.0)};
  const V eps(8, 0.01);
  EXPECT_EQ(ComputeSubsetPoints(zero, eps, SubsetWeighting::kLinear).points, V{1024});
  EXPECT_EQ(ComputeSubsetPoints(zero, eps, SubsetWeighting::kExponential).points, V{3280});
  EXPECT_EQ(ComputeSubsetPoints(zero, eps, SubsetWeighting::kEqual).points, V{255});
}

TEST(SubsetPoints, ExactCopiesWinNothing) {
  // §5.4: no tie-break by uid or commitment; the subset's points vanish
  EXPECT_EQ(ComputeSubsetPoints({{0.9, 0.9}, {0.9, 0.9}, {0.1, 0.1}}, V{0.1, 0.1}).points, (V{0, 0, 0}));
}

TEST(SubsetPoints, NoMinersOrNoEnvs) {
  EXPECT_TRUE(ComputeSubsetPoints({}, V{}).points.empty());
  EXPECT_EQ(ComputeSubsetPoints({{}, {}}, V{}).points, (V{0, 0}));
}

TEST(SubsetPoints, ADoubleIeeeWinnerGoesToTheFirstRow) {
  // a = 0.18000000000000002 beats b = 0.13 by more than 0.13 + 0.05 = 0.18, yet 0.13 is not below
  // a − 0.05 after rounding, so on {env0, env1} both rows ε-dominate each other (§5.4)
  const double a = 0.18000000000000002, b = 0.13;
  ASSERT_GT(a, b + 0.05);
  ASSERT_GE(b, a - 0.05);
  const SubsetPoints p = ComputeSubsetPoints({{a, b}, {b, a}}, V{0.05, 0.05});
  // row 0: {env0} (1) + {env0, env1} (2); row 1: {env1} (1) only
  EXPECT_EQ(p.points, (V{3, 1}));
  EXPECT_EQ(p.contested_subsets, 1);
}

TEST(SubsetPoints, SixteenEnvsAreEnumeratedSeventeenAreRefused) {
  const Rates sixteen = {V(16, 0.9), V(16, 0.1)};
  EXPECT_EQ(ComputeSubsetPoints(sixteen, V(16, 0.05)).points, (V{16.0 * 32768, 0}));
  try {
    ComputeSubsetPoints({V(17, 0.9), V(17, 0.1)}, V(17, 0.05));
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("at most 16 envs"), std::string::npos) << e.what();
  }
}

TEST(SubsetPoints, RejectsInvalidInput) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(ComputeSubsetPoints({{0.5, nan}}, V{0.05, 0.05}), std::invalid_argument);
  EXPECT_THROW(ComputeSubsetPoints({{0.5, 1.01}}, V{0.05, 0.05}), std::invalid_argument);
  EXPECT_THROW(ComputeSubsetPoints({{0.5, 0.5}, {0.5}}, V{0.05, 0.05}), std::invalid_argument);
  EXPECT_THROW(ComputeSubsetPoints({{0.5, 0.5}}, V{0.05}), std::invalid_argument);
}

}  // namespace
}  // namespace kinitro::scoring
