// Commit-reveal v4 weights (spec/chain.md §7.2-§7.3): the WeightsTlockPayload plaintext and the
// drand round at which the chain should reveal it, as bittensor-drand 1.2.0 computes them.
#pragma once

#include <cstdint>
#include <span>

#include "chain/bytes.h"
#include "chain/ss58.h"

namespace kinitro::chain {

// SCALE WeightsTlockPayload {hotkey: Vec<u8> (32 raw bytes), uids: Vec<u16>, values: Vec<u16>,
// version_key: u64}; uids and values are the step-2 values of §6.2 (same length, checked by the caller).
Bytes EncodeWeightsTlockPayload(const AccountId& hotkey, std::span<const uint16_t> uids,
                                std::span<const uint16_t> values, uint64_t version_key);

// Inputs of the reveal-round formula of §7.3.
struct RevealRoundInputs {
  uint64_t current_block = 0;         // best block number
  uint32_t netuid_index = 0;          // mecid·4096 + netuid (= netuid for mechanism 0)
  uint64_t tempo = 0;                 // SubtensorModule.Tempo(netuid), blocks
  uint64_t reveal_period_epochs = 0;  // SubtensorModule.RevealPeriodEpochs(netuid)
  double now_unix_s = 0;              // wall-clock time of the commit, Unix seconds
  double block_time_s = 12.0;         // seconds per block, as bittensor assumes
};

// The quicknet round of bittensor-drand's generate_commit: at least 1, aimed 3 blocks after the
// first block of the reveal epoch (epoch formula of the pre-dynamic-tempo runtime, see §7.3).
uint64_t RevealRound(const RevealRoundInputs& in);

}  // namespace kinitro::chain
