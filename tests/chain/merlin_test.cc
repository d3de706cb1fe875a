// Tests for chain/merlin.cc: merlin's own equivalence_simple vector (spec/chain.md §10.2) and
// longer transcripts, crossing STROBE's 166-byte rate, against @scure/sr25519's Merlin.
#include "chain/merlin.h"

#include <gtest/gtest.h>

#include "oracle.h"

namespace kinitro::chain {
namespace {

TEST(Merlin, EquivalenceSimpleVector) {
  Transcript t("test protocol");
  t.AppendMessage("some label", AsBytes("some data"));
  std::array<uint8_t, 32> challenge{};
  t.ChallengeBytes("challenge", challenge);
  EXPECT_EQ(ToHex(challenge, false), "d5a21972d0d5fe320c0d263fac7fffb8145aa640af6e9bca177c03c7efcf0615");
}

TEST(Merlin, LongTranscriptsMatchOracle) {
  // (label, message length) appends interleaved with challenges of various sizes
  struct Op {
    bool append;
    std::string label;
    size_t n;
  };
  const std::vector<Op> ops = {{true, "", 0},         {true, "a", 1},          {false, "c1", 32},
                               {true, "big", 200},    {true, "bigger", 500},   {false, "c2", 64},
                               {false, "c3", 170},    {true, "x", 165},        {true, "y", 166},
                               {false, "c4", 1},      {true, "z", 1000},       {false, "c5", 333}};
  nlohmann::json oracle_ops = nlohmann::json::array();
  Transcript t("kinitro merlin test");
  std::vector<std::string> ours;
  for (size_t i = 0; i < ops.size(); ++i) {
    if (ops[i].append) {
      Bytes m(ops[i].n);
      for (size_t k = 0; k < m.size(); ++k) m[k] = static_cast<uint8_t>(k * 31 + i);
      t.AppendMessage(ops[i].label, m);
      oracle_ops.push_back({"append", ops[i].label, ToHex(m)});
    } else {
      Bytes c(ops[i].n);
      t.ChallengeBytes(ops[i].label, c);
      ours.push_back(ToHex(c));
      oracle_ops.push_back({"challenge", ops[i].label, ops[i].n});
    }
  }
  nlohmann::json answers =
      testing::RunOracle({{{"op", "merlin"}, {"label", "kinitro merlin test"}, {"ops", oracle_ops}}});
  ASSERT_EQ(answers[0].size(), ours.size());
  for (size_t i = 0; i < ours.size(); ++i) EXPECT_EQ(ours[i], answers[0][i]) << "challenge " << i;
}

TEST(Merlin, ForkedRngDependsOnWitnessAndRandomAndLeavesTranscriptAlone) {
  Transcript t("rng");
  t.AppendMessage("m", AsBytes("data"));
  std::array<uint8_t, 32> zero{}, one{};
  one[0] = 1;
  auto draw = [&](std::string_view witness, const std::array<uint8_t, 32>& random) {
    std::array<uint8_t, 32> out{};
    t.BuildRng().RekeyWithWitnessBytes("w", AsBytes(witness)).Finalize(random).FillBytes(out);
    return out;
  };
  EXPECT_EQ(draw("a", zero), draw("a", zero));
  EXPECT_NE(draw("a", zero), draw("b", zero));
  EXPECT_NE(draw("a", zero), draw("a", one));
  // building RNGs did not change the transcript: same challenge as a fresh copy
  Transcript fresh("rng");
  fresh.AppendMessage("m", AsBytes("data"));
  std::array<uint8_t, 16> a{}, b{};
  t.ChallengeBytes("c", a);
  fresh.ChallengeBytes("c", b);
  EXPECT_EQ(a, b);
}

}  // namespace
}  // namespace kinitro::chain
