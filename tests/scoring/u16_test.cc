// Tests for scoring/u16.cc: weights_to_u16 (spec/scoring.md §7) and the SDK's on-chain conversion
// (§8), from the u16 and on-chain columns of §11. Integers are compared exactly.
#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <vector>

#include "scoring/scoring.h"

namespace kinitro::scoring {
namespace {

using V = std::vector<double>;
using U = std::vector<uint16_t>;

TEST(WeightsToU16, P29HalvesLoseOneUnitEach) {
  EXPECT_EQ(WeightsToU16(V{0.5, 0.5}), (U{32767, 32767}));
}

TEST(WeightsToU16, SoftmaxVectorsP20ToP23) {
  // the NumPy weights of §11.1; the glibc ones give the same u16 (§6)
  EXPECT_EQ(WeightsToU16(V{0.9924082466500291, 0.006686794167383234, 0.0009049591825877397}), (U{65037, 438, 59}));
  EXPECT_EQ(WeightsToU16(V{0.8990522695867426, 0.07379870431184087, 0.027149026101416524}), (U{58919, 4836, 1779}));
  EXPECT_EQ(WeightsToU16(V{0.9999537706787672, 4.539783095454792e-05, 8.314902780952982e-07}), (U{65531, 2, 0}));
  EXPECT_EQ(WeightsToU16(V{0.4754849553487675, 0.28839620365112, 0.23611884100011252}), (U{31160, 18900, 15474}));
  EXPECT_EQ(WeightsToU16(V{0.4754849553487675, 0.28839620365112, 0.2361188410001125}), (U{31160, 18900, 15474}));
}

TEST(WeightsToU16, ZeroAndEmptyWeights) {
  EXPECT_TRUE(WeightsToU16(V{}).empty());
  // Σw = 0 falls back to uniform (unreachable from Softmax, §7.3)
  EXPECT_EQ(WeightsToU16(V{0.0, 0.0, 0.0}), (U{21845, 21845, 21845}));
  // unnormalised weights are normalised first
  EXPECT_EQ(WeightsToU16(V{2.0, 2.0}), (U{32767, 32767}));
}

TEST(WeightsToU16, RejectsNegativeOrNonFiniteWeights) {
  EXPECT_THROW(WeightsToU16(V{0.5, -0.5}), std::invalid_argument);
  EXPECT_THROW(WeightsToU16(V{std::numeric_limits<double>::quiet_NaN()}), std::invalid_argument);
  EXPECT_THROW(WeightsToU16(V{std::numeric_limits<double>::infinity()}), std::invalid_argument);
}

TEST(ToChainWeights, MaxScaledToFullRange) {
  const U uids = {0, 1, 2};
  EXPECT_EQ(ToChainWeights(uids, U{65037, 438, 59}).values, (U{65535, 441, 59}));        // P20
  EXPECT_EQ(ToChainWeights(uids, U{58919, 4836, 1779}).values, (U{65535, 5379, 1979}));  // P21
  EXPECT_EQ(ToChainWeights(uids, U{31160, 18900, 15474}).values, (U{65535, 39750, 32545}));  // P23
  EXPECT_EQ(ToChainWeights(uids, U{63219, 1157, 1157}).values, (U{65535, 1199, 1199}));  // V03
  EXPECT_EQ(ToChainWeights(U{0, 1}, U{32767, 32767}).values, (U{65535, 65535}));        // P29
  EXPECT_EQ(ToChainWeights(uids, U{65491, 21, 21}).values, (U{65535, 21, 21}));        // T1
  EXPECT_EQ(ToChainWeights(U{11, 23, 5, 42}, U{72, 65148, 72, 240}).values, (U{72, 65535, 72, 241}));  // T4
}

TEST(ToChainWeights, ZerosAreDropped) {
  // P22: uid 2's u16 is 0; V13: only uid 23 is left
  const ChainWeights p22 = ToChainWeights(U{0, 1, 2}, U{65531, 2, 0});
  EXPECT_EQ(p22.uids, (U{0, 1}));
  EXPECT_EQ(p22.values, (U{65535, 2}));
  const ChainWeights v13 = ToChainWeights(U{11, 23, 5, 42}, U{0, 65535, 0, 0});
  EXPECT_EQ(v13.uids, U{23});
  EXPECT_EQ(v13.values, U{65535});
}

TEST(ToChainWeights, NothingToSubmit) {
  EXPECT_TRUE(ToChainWeights(U{}, U{}).uids.empty());
  EXPECT_TRUE(ToChainWeights(U{1, 2}, U{0, 0}).values.empty());
  EXPECT_THROW(ToChainWeights(U{1, 2}, U{5}), std::invalid_argument);
}

}  // namespace
}  // namespace kinitro::scoring
