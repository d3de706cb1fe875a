// MinerSource over the chain: the subnet's neurons and every commitment, read at one pinned block
// per cycle through chain::ChainClient. A commitment that is not Raw text is handed on as a
// description the scheduler cannot parse, so that miner is skipped with a logged reason.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "backend/scheduler/miner_source.h"
#include "chain/chain_client.h"

namespace kinitro::backend {

class ChainMinerSource final : public MinerSource {
 public:
  // `client` must outlive this source.
  ChainMinerSource(chain::ChainClient& client, uint16_t netuid) : client_(client), netuid_(netuid) {}

  // The block of the last ReadMiners snapshot if there was one, else the best block.
  Result<int64_t> CurrentBlock() override;
  // One metagraph snapshot: every uid with its hotkey (SS58) and raw commitment ("" if none).
  Result<std::vector<MinerEntry>> ReadMiners() override;

 private:
  chain::ChainClient& client_;
  uint16_t netuid_;
  std::optional<uint64_t> snapshot_block_;
};

}  // namespace kinitro::backend
