// Tests for chain/timelock/commit_reveal.cc: the 55-byte payload of spec/chain.md §7.2 and the
// reveal-round formula of §7.3 on hand-computed cases.
#include "chain/timelock/commit_reveal.h"

#include <gtest/gtest.h>


namespace kinitro::chain {
namespace {

TEST(CommitReveal, PayloadMatchesSpecExample) {
  // Alice's public key, uids [0,3,7], values [65535,39321,26214], version 10000001
  AccountId alice{};
  auto bytes = FromHex("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d").value();
  std::copy(bytes.begin(), bytes.end(), alice.begin());
  const uint16_t uids[] = {0, 3, 7};
  const uint16_t values[] = {65535, 39321, 26214};
  Bytes payload = EncodeWeightsTlockPayload(alice, uids, values, 10000001);
  EXPECT_EQ(payload.size(), 55u);
  EXPECT_EQ(ToHex(payload, false),
            "80d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d0c0000030007000cffff999966668196980000000000");
}

TEST(CommitReveal, RevealRoundFollowsBittensorDrand) {
  // epoch (1000+2)/361 = 2, reveal epoch 3, first reveal block 3·361 − 2 = 1081, target 1084:
  // 84 blocks · 12 s = 1008 s; (1700000000 + 1008 − 1692803367)/3 = 2399213.67
  RevealRoundInputs in{.current_block = 1000, .netuid_index = 1, .tempo = 360, .reveal_period_epochs = 1,
                       .now_unix_s = 1700000000};
  EXPECT_EQ(RevealRound(in), 2399213u);
  // the target block already passed: no time is added; (1700000000 − 1692803367)/3 = 2398877.67
  in.current_block = 1085;
  in.reveal_period_epochs = 0;
  EXPECT_EQ(RevealRound(in), 2398877u);
  // before quicknet's genesis the round is clamped to 1
  in.now_unix_s = 1000;
  EXPECT_EQ(RevealRound(in), 1u);
}

}  // namespace
}  // namespace kinitro::chain
