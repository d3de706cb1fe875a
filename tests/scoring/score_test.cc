// Tests for scoring/score.cc: the whole compute_weights pipeline on the vectors of spec/scoring.md
// §11.2 (V01–V17), the full-scoring vectors P25–P28 and the rows → weights example of §11.4.
// ε, frontier, points and u16 are compared exactly; float weights within ±1 ulp (ulps.h), using the
// glibc values where §11 lists them.
#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "scoring/scoring.h"
#include "ulps.h"

namespace kinitro::scoring {
namespace {

using V = std::vector<double>;
using U = std::vector<uint16_t>;

struct Vector {
  const char* name;
  U uids;  // row order of `rates`
  Rates rates;
  int64_t episodes_per_env;
  double temperature;
  V epsilons;
  U frontier;  // uids
  V points;
  V weights;
  U u16;
  U chain;  // on-chain values for the uids left after dropping zeros
};

void Check(const Vector& v) {
  SCOPED_TRACE(v.name);
  const Scores s = Score(v.rates, {.episodes_per_env = v.episodes_per_env, .temperature = v.temperature});
  EXPECT_EQ(s.epsilons, v.epsilons);
  U frontier;
  for (size_t i : s.frontier) frontier.push_back(v.uids[i]);
  EXPECT_EQ(frontier, v.frontier);
  EXPECT_EQ(s.points, v.points);
  ASSERT_EQ(s.weights.size(), v.weights.size());
  for (size_t i = 0; i < v.weights.size(); ++i) EXPECT_TRUE(WithinUlps(s.weights[i], v.weights[i])) << "uid " << v.uids[i];
  EXPECT_EQ(s.u16, v.u16);
  EXPECT_EQ(ToChainWeights(v.uids, s.u16).values, v.chain);
  EXPECT_EQ(s.contested_subsets, 0);
}

const double kThird = 0.3333333333333333;

TEST(Score, V01NoMinersGivesNothing) {
  const Scores s = Score({});
  EXPECT_TRUE(s.epsilons.empty() && s.frontier.empty() && s.points.empty() && s.weights.empty() && s.u16.empty());
  EXPECT_TRUE(ToChainWeights(U{}, s.u16).values.empty());
}

TEST(Score, V02ToV08) {
  Check({"V02 one miner", {0}, {{0.8, 0.7}}, 50, 1, {0.01, 0.01}, {0}, {4}, {1.0}, {65535}, {65535}});
  Check({"V03 dominant", {0, 1, 2}, {{0.9, 0.9}, {0.5, 0.5}, {0.6, 0.6}}, 50, 1,
         {0.04807401039319927, 0.04807401039319927}, {0}, {4, 0, 0},
         {0.9646631559719038, 0.017668422014048047, 0.017668422014048047}, {63219, 1157, 1157}, {65535, 1199, 1199}});
  Check({"V04 incomparable", {0, 1}, {{0.9, 0.5}, {0.5, 0.9}}, 50, 1, {0.05656853912317592, 0.05656853912317592},
         {0, 1}, {1, 1}, {0.5, 0.5}, {32767, 32767}, {65535, 65535}});
  Check({"V05 copy", {0, 1}, {{0.8, 0.8}, {0.8, 0.8}}, 50, 1, {0.01, 0.01}, {0, 1}, {0, 0}, {0.5, 0.5},
         {32767, 32767}, {65535, 65535}});
  Check({"V06 leader copied + junk", {0, 1, 2}, {{0.9, 0.9}, {0.9, 0.9}, {0.1, 0.1}}, 50, 1,
         {0.10666666034548057, 0.10666666034548057}, {0, 1}, {0, 0, 0}, {kThird, kThird, kThird},
         {21845, 21845, 21845}, {65535, 65535, 65535}});
  // uid 1 has no result on env b: 0.0
  Check({"V07 missing env", {0, 1}, {{0.6, 0.6}, {0.62, 0.0}}, 50, 1, {0.01, 0.08485281711413357}, {0, 1}, {1, 1},
         {0.5, 0.5}, {32767, 32767}, {65535, 65535}});
  Check({"V08 three specialists", {0, 1, 2}, {{0.7, 0.7, 0.7}, {0.9, 0.2, 0.2}, {0.2, 0.9, 0.2}}, 50, 1,
         {0.08326663732916549, 0.08326663732916549, 0.06666666271592536}, {0, 1, 2}, {1, 1, 1},
         {kThird, kThird, kThird}, {21845, 21845, 21845}, {65535, 65535, 65535}});
}

TEST(Score, V09TemperatureIsIrrelevantWhenPointsTie) {
  for (double t : {0.5, 4.0}) {
    Check({"V09", {0, 1, 2}, {{0.7, 0.7, 0.7}, {0.9, 0.2, 0.2}, {0.2, 0.9, 0.2}}, 50, t,
           {0.08326663732916549, 0.08326663732916549, 0.06666666271592536}, {0, 1, 2}, {1, 1, 1},
           {kThird, kThird, kThird}, {21845, 21845, 21845}, {65535, 65535, 65535}});
  }
}

TEST(Score, V10V11FewEpisodes) {
  Check({"V10 N=1", {0, 1}, {{1.0, 1.0}, {0.0, 1.0}}, 1, 1, {0.2, 0.2}, {0}, {3, 0},
         {0.9525741268224334, 0.04742587317756679}, {62426, 3108}, {65535, 3263}});
  Check({"V11 N=2", {0, 1}, {{1.0, 0.5}, {0.0, 0.5}}, 2, 1, {0.2, 0.01}, {0}, {3, 0},
         {0.9525741268224334, 0.04742587317756679}, {62426, 3108}, {65535, 3263}});
}

TEST(Score, V12TenMinersUseTheEightAccumulatorSum) {
  Vector v{"V12", {}, {}, 50, 1, {0.06838946572502637, 0.03542202801772616}, {9}, {}, {}, {}, {}};
  for (int u = 0; u <= 8; ++u) {
    v.uids.push_back(u);
    v.rates.push_back({(3 * u + 1) / 50.0, (40 - 2 * u) / 50.0});
    v.points.push_back(0);
    v.weights.push_back(0.015723727804642887);
    v.u16.push_back(1030);
    v.chain.push_back(1200);
  }
  v.uids.push_back(9);
  v.rates.push_back({0.9, 0.9});
  v.points.push_back(4);
  v.weights.push_back(0.8584864497582141);
  v.u16.push_back(56260);
  v.chain.push_back(65535);
  Check(v);
}

TEST(Score, V13TheEightRegistryEnvs) {
  const int counts[4][8] = {{48, 30, 20, 35, 40, 45, 44, 10},
                            {50, 36, 26, 40, 44, 47, 46, 16},
                            {49, 20, 12, 30, 38, 44, 40, 5},
                            {10, 45, 40, 12, 15, 20, 18, 30}};
  Rates rates(4);
  for (int i = 0; i < 4; ++i) {
    for (int k : counts[i]) rates[i].push_back(k / 50.0);
  }
  Check({"V13",
         {11, 23, 5, 42},
         rates,
         50,
         1,
         {0.09561380948152295, 0.05143928451813952, 0.057896459879208655, 0.05978294017450172, 0.0640468567593367,
          0.062353826284023785, 0.06324555244607788, 0.05297169335377741},
         {23, 42},
         {0, 68, 0, 12},
         {2.9374821117108028e-30, 1.0, 2.9374821117108028e-30, 4.780892883885469e-25},
         {0, 65535, 0, 0},
         {65535}});
}

TEST(Score, V14V15AllZeroPointsAreUniform) {
  Check({"V14 seven equal miners", {0, 1, 2, 3, 4, 5, 6}, Rates(7, V{0.5}), 50, 1, {0.01}, {0, 1, 2, 3, 4, 5, 6},
         V(7, 0.0), V(7, 0.14285714285714285), U(7, 9362), U(7, 65535)});
  Check({"V15 outage", {3, 7, 9}, Rates(3, V{0.0, 0.0}), 50, 1, {0.01, 0.01}, {3, 7, 9}, {0, 0, 0},
         {kThird, kThird, kThird}, {21845, 21845, 21845}, {65535, 65535, 65535}});
}

TEST(Score, V16ZeroTemperatureFails) {
  const Rates v03 = {{0.9, 0.9}, {0.5, 0.5}, {0.6, 0.6}};
  try {
    Score(v03, {.temperature = 0.0});
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()).rfind("pareto_temperature must be > 0", 0), 0u) << e.what();
  }
  // checked before the empty-map shortcut (§2)
  EXPECT_THROW(Score({}, {.temperature = -1.0}), std::invalid_argument);
}

TEST(Score, V17JunkMinersInflateEpsilon) {
  Check({"V17a", {0, 1}, {{0.9}, {0.8}}, 50, 1, {0.01414213056610913}, {0}, {1, 0},
         {0.7310585786300049, 0.2689414213699951}, {47909, 17625}, {65535, 24109}});
  Check({"V17b", {0, 1, 2}, {{0.9}, {0.8}, {0.0}}, 50, 1, {0.11392004868050842}, {0, 1}, {0, 0, 0},
         {kThird, kThird, kThird}, {21845, 21845, 21845}, {65535, 65535, 65535}});
  Check({"V17c", {0, 1, 2, 3, 4}, {{0.9}, {0.8}, {0.0}, {0.0}, {0.0}}, 50, 1, {0.11811858285924845}, {0, 1}, V(5, 0.0),
         V(5, 0.2), U(5, 13107), U(5, 65535)});
}

TEST(Score, OneMinerGetsEverythingEvenAtZero) {
  // §9: wins all 2^m − 1 subsets vacuously
  const Scores s = Score({V(8, 0.0)});
  EXPECT_EQ(s.epsilons, V(8, 0.01));
  EXPECT_EQ(s.points, V{1024});
  EXPECT_EQ(s.weights, V{1.0});
  EXPECT_EQ(s.u16, U{65535});
}

TEST(Score, EmptyEnvListIsUniform) {
  const Scores s = Score({{}, {}});
  EXPECT_TRUE(s.epsilons.empty());
  EXPECT_EQ(s.points, (V{0, 0}));
  EXPECT_EQ(s.weights, (V{0.5, 0.5}));
}

// P25–P28: compute_full_scoring with a fixed ε of 0.05 on every env
V FullScoring(const Rates& rates) {
  const V eps(rates.front().size(), 0.05);
  return Softmax(ComputeSubsetPoints(rates, eps).points, 1.0);
}

TEST(FullScoring, P25P26SybilCopiesShare) {
  EXPECT_EQ(FullScoring({{0.8, 0.8}}), V{1.0});
  const V five = FullScoring(Rates(5, V{0.8, 0.8}));
  EXPECT_EQ(five, V(5, 0.2));
}

TEST(FullScoring, P27P28EpsilonRounding) {
  EXPECT_EQ(FullScoring({{0.85}, {0.80}}), (V{0.5, 0.5}));
  const V w = FullScoring({{0.86}, {0.80}});
  EXPECT_TRUE(WithinUlps(w[0], 0.7310585786300049));
  EXPECT_TRUE(WithinUlps(w[1], 0.2689414213699951));
  EXPECT_EQ(WeightsToU16(w), (U{47909, 17625}));
  EXPECT_EQ(ToChainWeights(U{0, 1}, WeightsToU16(w)).values, (U{65535, 24109}));
}

TEST(Score, RowsToWeightsExample) {
  // §11.4 from the aggregated rates on (aggregation belongs to the backend): uid 7 a 3/5, b 0/5;
  // uid 2 a 5/5, b 1/6 (the row without `success` counts as a failure); N = 5
  const Rates rates = {{3 / 5.0, 0 / 5.0}, {5 / 5.0, 1 / 6.0}};
  ASSERT_EQ(rates[1][1], 0.16666666666666666);
  Check({"11.4", {7, 2}, rates, 5, 1, {0.17888542753758016, 0.07453560147132694}, {2}, {0, 4},
         {0.017986209962091555, 0.9820137900379085}, {1178, 64356}, {1200, 65535}});
  // the validator sends ascending uids: [2, 7] → [65535, 1200]
  const Scores s = Score({rates[1], rates[0]}, {.episodes_per_env = 5});
  EXPECT_EQ(ToChainWeights(U{2, 7}, s.u16).values, (U{65535, 1200}));
}

TEST(Score, RejectsInvalidInput) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(Score({{0.5, nan}}), std::invalid_argument);
  EXPECT_THROW(Score({{0.5, -0.01}}), std::invalid_argument);
  EXPECT_THROW(Score({{0.5, 0.5}, {0.5}}), std::invalid_argument);
  EXPECT_THROW(Score({{0.5}}, {.episodes_per_env = -50}), std::invalid_argument);
  EXPECT_THROW(Score({V(17, 0.5), V(17, 0.4)}), std::invalid_argument);
}

}  // namespace
}  // namespace kinitro::scoring
