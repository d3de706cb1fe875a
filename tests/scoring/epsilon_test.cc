// Tests for scoring/epsilon.cc: ε per env (spec/scoring.md §3), vectors P8–P17 of §11.1. ε involves
// only +, −, ×, ÷ and sqrt, all correctly rounded, so every value is compared exactly.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "scoring/scoring.h"

namespace kinitro::scoring {
namespace {

TEST(Epsilon, P8LowVarianceIsTheFloor) {
  const std::vector<double> rates = {0.5, 0.5, 0.5, 0.5};
  EXPECT_EQ(Epsilon(rates, 50), 0.01);
  EXPECT_EQ(EpsilonF64(rates, 50), 0.01);
}

TEST(Epsilon, P9HighVariance) {
  const std::vector<double> rates = {0.1, 0.9, 0.2, 0.8};
  EXPECT_EQ(EpsilonF64(rates, 50), 0.1);
  EXPECT_EQ(Epsilon(rates, 50), 0.0999999982885729);
}

TEST(Epsilon, P10FewerSamples) {
  const std::vector<double> rates = {0.6, 0.7, 0.65, 0.75};
  EXPECT_EQ(EpsilonF64(rates, 10), 0.035355339059327376);
  EXPECT_EQ(Epsilon(rates, 10), 0.035355336279909104);
}

TEST(Epsilon, P11MoreSamplesLowerEpsilon) {
  const std::vector<double> rates = {0.6, 0.7, 0.65, 0.75};
  EXPECT_EQ(EpsilonF64(rates, 100), 0.011180339887498949);
  EXPECT_EQ(Epsilon(rates, 100), 0.011180339008569717);
  EXPECT_LT(Epsilon(rates, 100), Epsilon(rates, 10));
}

TEST(Epsilon, P12OneEpisodeIsTheCap) {
  EXPECT_EQ(Epsilon(std::vector<double>{0.3}, 1), 0.2);
}

TEST(Epsilon, P13RawValueIsClippedToTheCap) {
  // raw 2 · 0.5 / √2 = 0.7071067811865476
  EXPECT_EQ(Epsilon(std::vector<double>{0.0, 1.0}, 2), 0.2);
}

TEST(Epsilon, P14MaximalSpreadAtFiftyEpisodes) {
  EXPECT_EQ(Epsilon(std::vector<double>{0.0, 1.0}, 50), 0.1414213562373095);
}

TEST(Epsilon, P15ToP17UseTheFloat32Std) {
  struct Case {
    std::vector<double> rates;
    double std32, epsilon, epsilon_f64;
  };
  const Case cases[] = {
      {{0.9, 0.5, 0.6}, 0.16996729373931885, 0.04807401039319927, 0.04807401700618653},
      {{0.7, 0.9, 0.2}, 0.29439201951026917, 0.08326663732916549, 0.08326663997864531},
      {{0.7, 0.2, 0.2}, 0.235702246427536, 0.06666666271592536, 0.06666666666666665},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(static_cast<double>(StdF32(c.rates)), c.std32) << c.rates[0];
    EXPECT_EQ(Epsilon(c.rates, 50), c.epsilon) << c.rates[0];
    EXPECT_EQ(EpsilonF64(c.rates, 50), c.epsilon_f64) << c.rates[0];
  }
}

TEST(Epsilon, OneMinerHasTheFloorAndNoEpisodesTheCap) {
  // §9: one miner ⇒ std 0 ⇒ 0.01; N ≤ 1 (including 0) ⇒ 0.2
  EXPECT_EQ(Epsilon(std::vector<double>{0.0}, 50), 0.01);
  EXPECT_EQ(Epsilon(std::vector<double>{0.7}, 0), 0.2);
}

TEST(Epsilon, ManyIdenticalMinersGoThroughTheRecursiveSum) {
  // > 128 miners takes the split branch of NumPy's pairwise sum; equal rates still give std 0
  const std::vector<double> rates(300, 0.37);
  EXPECT_EQ(StdF32(rates), 0.0f);
  EXPECT_EQ(Epsilon(rates, 50), 0.01);
}

TEST(Epsilons, OnePerEnvColumnAndNoneWithoutMiners) {
  // columns of V08
  const Rates rates = {{0.7, 0.7, 0.7}, {0.9, 0.2, 0.2}, {0.2, 0.9, 0.2}};
  EXPECT_EQ(Epsilons(rates, 50), (std::vector<double>{0.08326663732916549, 0.08326663732916549, 0.06666666271592536}));
  EXPECT_TRUE(Epsilons({}, 50).empty());
}

TEST(Epsilon, RejectsInvalidInput) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(Epsilon(std::vector<double>{0.5, nan}, 50), std::invalid_argument);
  EXPECT_THROW(Epsilon(std::vector<double>{1.5}, 50), std::invalid_argument);
  EXPECT_THROW(Epsilon(std::vector<double>{-0.1}, 50), std::invalid_argument);
  EXPECT_THROW(Epsilon(std::vector<double>{}, 50), std::invalid_argument);
  EXPECT_THROW(Epsilon(std::vector<double>{0.5}, -1), std::invalid_argument);
  EXPECT_THROW(Epsilons({{0.5, 0.5}, {0.5}}, 50), std::invalid_argument);
}

TEST(Epsilon, ErrorsNameTheValueAndTheValidRange) {
  try {
    Epsilons({{0.5, 0.5}, {0.5, 1.25}}, 50);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "success rate of miner 1 on env 1 is 1.25 (valid: a success rate in [0, 1])");
  }
  try {
    Epsilon(std::vector<double>{0.5}, -3);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "episodes_per_env is -3 (valid: >= 0)");
  }
}

}  // namespace
}  // namespace kinitro::scoring
