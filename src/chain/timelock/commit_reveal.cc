// Commit-reveal v4 payload and reveal round (spec/chain.md §7.2-§7.3).
#include "chain/timelock/commit_reveal.h"

#include <algorithm>
#include <cmath>

#include "chain/scale.h"
#include "chain/timelock/tle.h"

namespace kinitro::chain {

Bytes EncodeWeightsTlockPayload(const AccountId& hotkey, std::span<const uint16_t> uids,
                                std::span<const uint16_t> values, uint64_t version_key) {
  scale::Encoder e;
  e.Bytes(hotkey);
  e.Compact(uids.size());
  for (uint16_t uid : uids) e.U16(uid);
  e.Compact(values.size());
  for (uint16_t value : values) e.U16(value);
  e.U64(version_key);
  return e.Take();
}

uint64_t RevealRound(const RevealRoundInputs& in) {
  // bittensor-drand 1.2.0 generate_commit: integer epoch arithmetic, saturating subtractions
  uint64_t netuid_plus_one = static_cast<uint64_t>(in.netuid_index) + 1;
  uint64_t current_epoch = (in.current_block + netuid_plus_one) / (in.tempo + 1);
  uint64_t reveal_epoch = current_epoch + in.reveal_period_epochs;
  uint64_t epoch_start = reveal_epoch * (in.tempo + 1);
  uint64_t first_reveal_block = epoch_start > netuid_plus_one ? epoch_start - netuid_plus_one : 0;
  uint64_t target_block = first_reveal_block + 3;
  uint64_t blocks_ahead = target_block > in.current_block ? target_block - in.current_block : 0;
  double secs = static_cast<double>(blocks_ahead) * in.block_time_s;
  double round = std::floor((in.now_unix_s + secs - static_cast<double>(kQuicknetGenesisTime_s)) /
                            static_cast<double>(kQuicknetPeriod_s));
  return round < 1 ? 1 : static_cast<uint64_t>(round);
}

}  // namespace kinitro::chain
