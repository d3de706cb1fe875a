// What kinitro does on chain (spec/chain.md §1), behind one small interface: read the subnet's
// neurons and commitments, publish a commitment, set and read weights. The substrate JSON-RPC
// implementation is substrate_client.h; every call returns Result, and a submission is only Ok
// once the extrinsic succeeded in a block.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chain/sr25519.h"
#include "chain/ss58.h"
#include "util/result.h"

namespace kinitro::chain {

// One hotkey's Commitments.CommitmentOf entry (spec/chain.md §4.4).
struct CommitmentRecord {
  uint32_t block = 0;    // block the commitment was written in
  std::string text;      // fields[0] as text when it is Raw data
  std::string problem;   // why the value is not a text commitment ("" when `text` is valid)
};

struct Neuron {
  uint16_t uid = 0;
  AccountId hotkey{};
  std::optional<CommitmentRecord> commitment;  // nullopt: the hotkey never committed on this subnet
};

// The subnet's neurons with their commitments, all read at one block.
struct Metagraph {
  uint64_t block = 0;
  std::string block_hash;       // 0x-hex
  std::vector<Neuron> neurons;  // uid order, 0 … SubnetworkN-1
};

// An extrinsic that was included and dispatched successfully.
struct TxReceipt {
  std::string tx_hash;       // 0x-hex blake2-256 of the extrinsic
  std::string block_hash;    // block it was included in
  uint32_t extrinsic_index = 0;
};

class ChainClient {
 public:
  virtual ~ChainClient() = default;
  // Number of the best block.
  virtual Result<uint64_t> CurrentBlock() = 0;
  // Neurons (SubtensorModule.Keys) and every commitment of `netuid`, at one pinned block.
  virtual Result<Metagraph> ReadMetagraph(uint16_t netuid) = 0;
  // One hotkey's commitment at the best block; nullopt when there is none (not an error).
  virtual Result<std::optional<CommitmentRecord>> ReadCommitment(uint16_t netuid, const AccountId& hotkey) = 0;
  // Commitments.set_commitment(netuid, [Raw(text)]) signed by `signer` (the hotkey); kTooLarge
  // over 128 bytes before anything is sent; a dispatch error comes back as "Pallet.Error".
  virtual Result<TxReceipt> SetCommitment(uint16_t netuid, const Sr25519Keypair& signer, std::string_view text) = 0;
  // Sets weights (set_mechanism_weights on mechanism 0, or set_weights on older runtimes) with the
  // subnet's WeightsVersionKey. Fails without sending when commit-reveal is enabled on the subnet
  // or the hotkey is not registered; `uids` and `values` must have the same length.
  virtual Result<TxReceipt> SetWeights(uint16_t netuid, const Sr25519Keypair& signer, std::span<const uint16_t> uids,
                                       std::span<const uint16_t> values) = 0;
  // SubtensorModule.Weights(netuid, uid) as (destination uid, weight) pairs; empty if none.
  virtual Result<std::vector<std::pair<uint16_t, uint16_t>>> ReadWeights(uint16_t netuid, uint16_t uid) = 0;
};

}  // namespace kinitro::chain
