// Tests for scoring/softmax.cc: points → weights (spec/scoring.md §6), vectors P20–P24 of §11.1 and
// T1–T6 of §11.3. Weights use the glibc values where §11 lists them and a ±1-ulp tolerance (ulps.h).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "scoring/scoring.h"
#include "ulps.h"

namespace kinitro::scoring {
namespace {

using V = std::vector<double>;

void ExpectWeights(const V& actual, const V& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) EXPECT_TRUE(WithinUlps(actual[i], expected[i])) << "miner " << i;
}

TEST(Softmax, P20ToP23Temperatures) {
  const V points = {10, 5, 3};
  ExpectWeights(Softmax(points, 1.0), {0.9924082466500291, 0.006686794167383234, 0.0009049591825877397});
  ExpectWeights(Softmax(points, 2.0), {0.8990522695867426, 0.07379870431184087, 0.027149026101416524});
  ExpectWeights(Softmax(points, 0.5), {0.9999537706787672, 4.539783095454792e-05, 8.314902780952982e-07});
  ExpectWeights(Softmax(points, 10.0), {0.4754849553487675, 0.28839620365112, 0.2361188410001125});
}

TEST(Softmax, P24MinWeightFloor) {
  ExpectWeights(Softmax(V{10, 5, 3}, 1.0, 0.05), {0.8935470096525248, 0.05568377504227575, 0.05076921530519958});
}

TEST(Softmax, MinWeightIsIgnoredWhenTheFloorsExceedOne) {
  // §6.4: min_weight · n ≥ 1 changes nothing
  EXPECT_EQ(Softmax(V{10, 5, 3}, 1.0, 0.5), Softmax(V{10, 5, 3}, 1.0));
}

TEST(Softmax, T1ToT3SweepOfV03) {
  const V points = {4, 0, 0};
  ExpectWeights(Softmax(points, 0.5), {0.9993295245830858, 0.0003352377084572098, 0.0003352377084572098});
  ExpectWeights(Softmax(points, 2.0), {0.7869860421615984, 0.10650697891920073, 0.10650697891920073});
  ExpectWeights(Softmax(points, 4.0), {0.5761168847658291, 0.21194155761708544, 0.21194155761708544});
}

TEST(Softmax, T4ToT6SweepOfV13) {
  const V points = {0, 68, 0, 12};  // uid order 11, 23, 5, 42
  ExpectWeights(Softmax(points, 10.0),
                {0.0011072144438646482, 0.9941094897000976, 0.0011072144438646482, 0.003676081412173354});
  ExpectWeights(Softmax(points, 30.0),
                {0.07610920862104556, 0.7342399856191014, 0.07610920862104556, 0.11354159713880764});
  ExpectWeights(Softmax(points, 100.0),
                {0.19602559733090158, 0.3869305615186389, 0.19602559733090158, 0.221018243819558});
}

TEST(Softmax, AllZeroPointsAreUniform) {
  // §9: ties, copies and all-junk cycles give every miner 1/n (exactly, no exp involved)
  EXPECT_EQ(Softmax(V(7, 0.0), 1.0), V(7, 1.0 / 7));
  EXPECT_EQ(Softmax(V{0.0}, 0.25), V{1.0});
  EXPECT_TRUE(Softmax(V{}, 1.0).empty());
}

TEST(Softmax, TinyTemperatureIsArgMaxWithTiesSharing) {
  EXPECT_EQ(Softmax(V{5, 5, 1}, 1e-3), (V{0.5, 0.5, 0.0}));
}

TEST(Softmax, FarBehindUnderflowsToZero) {
  // exp(−1000) underflows: (points − max)/T below about −745.13
  const V w = Softmax(V{0, 1000}, 1.0);
  EXPECT_EQ(w[0], 0.0);
  EXPECT_EQ(w[1], 1.0);
}

TEST(Softmax, NonPositiveTemperatureIsTheReferenceError) {
  // V16 and §9: `pareto_temperature must be > 0`, even with no miners
  for (double t : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN()}) {
    try {
      Softmax(V{4, 0, 0}, t);
      FAIL() << "no exception for T = " << t;
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()).rfind("pareto_temperature must be > 0", 0), 0u) << e.what();
    }
  }
  EXPECT_THROW(Softmax(V{}, 0.0), std::invalid_argument);
  EXPECT_THROW(Softmax(V{1}, std::numeric_limits<double>::infinity()), std::invalid_argument);
}

TEST(Softmax, RejectsInvalidPointsAndMinWeight) {
  EXPECT_THROW(Softmax(V{1, std::numeric_limits<double>::quiet_NaN()}, 1.0), std::invalid_argument);
  EXPECT_THROW(Softmax(V{1, std::numeric_limits<double>::infinity()}, 1.0), std::invalid_argument);
  EXPECT_THROW(Softmax(V{1, 2}, 1.0, -0.1), std::invalid_argument);
}

}  // namespace
}  // namespace kinitro::scoring
