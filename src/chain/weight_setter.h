// Where a validator's weights go: SetWeights(uids, values) → Status. The chain implementation
// submits through a ChainClient for one subnet and hotkey; Ok only after on-chain success.
#pragma once

#include <cstdint>
#include <span>

#include "chain/chain_client.h"
#include "chain/sr25519.h"
#include "util/result.h"

namespace kinitro::chain {

class WeightSetter {
 public:
  virtual ~WeightSetter() = default;
  // Submits u16 weights (already in chain form, scoring::ToChainWeights); equal lengths required.
  virtual Status SetWeights(std::span<const uint16_t> uids, std::span<const uint16_t> values) = 0;
};

// Sets weights on `netuid` signed by `hotkey` through `client`, which must outlive this object.
class ChainWeightSetter final : public WeightSetter {
 public:
  ChainWeightSetter(ChainClient& client, uint16_t netuid, Sr25519Keypair hotkey)
      : client_(client), netuid_(netuid), hotkey_(hotkey) {}
  Status SetWeights(std::span<const uint16_t> uids, std::span<const uint16_t> values) override {
    auto receipt = client_.SetWeights(netuid_, hotkey_, uids, values);
    if (!receipt) return receipt.error();
    return Ok{};
  }

 private:
  ChainClient& client_;
  uint16_t netuid_;
  Sr25519Keypair hotkey_;
};

}  // namespace kinitro::chain
