// A chain kept in one JSON file, for local mode and tests on one machine: the same ChainClient
// contract as the substrate client, without a node. Selected with `--network file:PATH`.
//
// Differences from a real chain, on purpose: any hotkey that commits or sets weights is
// registered on the subnet on first use (subnets are created the same way), there are no fees,
// deposits or rate limits, and every write advances the block by one. Commit-reveal can be
// switched on per subnet ("commit_reveal": true in the file) to exercise the refusal path.
#pragma once

#include <filesystem>

#include "chain/chain_client.h"

namespace kinitro::chain {

class FileChainClient final : public ChainClient {
 public:
  // Uses (and creates on the first write) the file at `path`. Writers in several processes are
  // serialised with an advisory lock on PATH.lock; each write replaces the file atomically.
  explicit FileChainClient(std::filesystem::path path) : path_(std::move(path)) {}

  Result<uint64_t> CurrentBlock() override;
  Result<Metagraph> ReadMetagraph(uint16_t netuid) override;
  Result<std::optional<CommitmentRecord>> ReadCommitment(uint16_t netuid, const AccountId& hotkey) override;
  Result<TxReceipt> SetCommitment(uint16_t netuid, const Sr25519Keypair& signer, std::string_view text) override;
  Result<TxReceipt> SetWeights(uint16_t netuid, const Sr25519Keypair& signer, std::span<const uint16_t> uids,
                               std::span<const uint16_t> values) override;
  Result<std::vector<std::pair<uint16_t, uint16_t>>> ReadWeights(uint16_t netuid, uint16_t uid) override;

 private:
  std::filesystem::path path_;
};

}  // namespace kinitro::chain
