// ChainClient over substrate JSON-RPC (spec/chain.md §4-§9). Call indices, storage layouts and
// transaction extensions come from the runtime metadata, re-read when specVersion changes, so the
// same code serves the local test runtime (spec 218) and mainnet.
// Thread: one thread at a time (it owns one RpcClient).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chain/chain_client.h"
#include "chain/extrinsic.h"
#include "chain/metadata.h"
#include "chain/rpc_client.h"
#include "chain/scale_value.h"

namespace kinitro::chain {

class SubstrateChainClient final : public ChainClient {
 public:
  // Connects to `url` (see ResolveNetwork) and loads the runtime version, genesis hash and metadata.
  static Result<std::unique_ptr<SubstrateChainClient>> Connect(const std::string& url, RpcOptions options = {});

  Result<uint64_t> CurrentBlock() override;
  Result<Metagraph> ReadMetagraph(uint16_t netuid) override;
  Result<std::optional<CommitmentRecord>> ReadCommitment(uint16_t netuid, const AccountId& hotkey) override;
  Result<TxReceipt> SetCommitment(uint16_t netuid, const Sr25519Keypair& signer, std::string_view text) override;
  Result<TxReceipt> SetWeights(uint16_t netuid, const Sr25519Keypair& signer, std::span<const uint16_t> uids,
                               std::span<const uint16_t> values) override;
  Result<std::vector<std::pair<uint16_t, uint16_t>>> ReadWeights(uint16_t netuid, uint16_t uid) override;

  //---- lower level, for tools and tests ----

  // The current metadata (valid until the next call that refreshes it).
  const Metadata& metadata() const { return *metadata_; }
  // A storage value decoded with the metadata (default for a missing ValueQuery entry, nullopt for
  // a missing OptionQuery entry); at the best block when `block_hash` is empty.
  Result<std::optional<Value>> ReadStorage(std::string_view pallet, std::string_view item, const std::vector<Value>& keys,
                                           const std::string& block_hash = "");
  // Signs `call` for `signer` with the next nonce and a 64-block mortal era from the finalized head.
  Result<Bytes> SignCall(const Sr25519Keypair& signer, ByteSpan call);
  // Submits, waits for inclusion, and reads the block's System.Events: Ok only for
  // ExtrinsicSuccess (and, for Sudo.sudo, an Ok Sudid). Invalid transactions (RPC 1010 …) and
  // dispatch errors ("SubtensorModule.CommitRevealEnabled") are errors.
  Result<TxReceipt> SubmitExtrinsic(const Bytes& extrinsic);
  // SignCall + SubmitExtrinsic.
  Result<TxReceipt> SubmitCall(const Sr25519Keypair& signer, ByteSpan call);

 private:
  explicit SubstrateChainClient(std::unique_ptr<RpcClient> rpc) : rpc_(std::move(rpc)) {}
  // Re-reads the runtime version; reloads the metadata when specVersion changed.
  Status RefreshRuntime();
  Result<std::string> BestBlockHash();
  Result<uint64_t> BlockNumber(const std::string& block_hash);
  // Raw values of `keys` at `block_hash` (nullopt for missing entries), in order.
  Result<std::vector<std::optional<Bytes>>> QueryStorage(const std::vector<Bytes>& keys, const std::string& block_hash);
  // Every key under `prefix` at `block_hash`.
  Result<std::vector<Bytes>> KeysWithPrefix(const Bytes& prefix, const std::string& block_hash);
  // Judges an included extrinsic from its block's events.
  Status CheckOutcome(const std::string& block_hash, uint32_t extrinsic_index);

  std::unique_ptr<RpcClient> rpc_;
  std::optional<Metadata> metadata_;
  uint32_t spec_version_ = 0;
  uint32_t transaction_version_ = 0;
  H256 genesis_hash_{};
};

// Decodes a CommitmentOf value (Registration {deposit, block, info.fields}) into a record whose
// `problem` says why it is not a text commitment (no fields, non-Raw data).
CommitmentRecord CommitmentFromValue(const Value& registration);

}  // namespace kinitro::chain
