// Substrate JSON-RPC implementation of ChainClient (spec/chain.md §4-§9).
#include "chain/substrate_client.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>

#include "chain/hashing.h"
#include "chain/timelock/commit_reveal.h"
#include "chain/timelock/tle.h"

namespace kinitro::chain {

using Json = nlohmann::json;

namespace {

constexpr uint64_t kEraPeriod = 64;                              // blocks a transaction stays valid
constexpr std::chrono::milliseconds kInclusionTimeout{180'000};  // submit → inBlock
constexpr size_t kKeysPageSize = 1000;                           // state_getKeysPaged maximum

Error Context(const Error& e, const std::string& what) { return Error{e.kind, what + ": " + e.message}; }

Result<Bytes> HexResult(const Json& j, std::string_view what) {
  if (!j.is_string()) return Error{ErrorKind::kBadShape, std::string(what) + ": expected a hex string"};
  auto bytes = FromHex(j.get<std::string>());
  if (!bytes) return Context(bytes.error(), std::string(what));
  return bytes;
}

Result<H256> HashResult(const Json& j, std::string_view what) {
  auto bytes = HexResult(j, what);
  if (!bytes) return bytes.error();
  if (bytes->size() != 32) return Error{ErrorKind::kBadShape, std::string(what) + ": expected 32 bytes"};
  H256 h;
  std::copy(bytes->begin(), bytes->end(), h.begin());
  return h;
}

Value AccountValue(const AccountId& a) { return Value::Raw(Bytes(a.begin(), a.end())); }

std::string LowerKey(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "BadOrigin", "Module: SubtensorModule.CommitRevealEnabled", "Token(FundsUnavailable)".
std::string DispatchErrorText(const Metadata& metadata, const Value& error) {
  const Value& e = error.Unwrapped();
  if (e.kind != Value::Kind::kVariant) return "dispatch error " + e.Describe();
  if (e.text == "Module" && !e.items.empty()) {
    const Value& m = e.items[0];
    const Value* index = m.Field("index");
    const Value* code = m.Field("error");
    if (index != nullptr && code != nullptr) {
      uint8_t err = code->kind == Value::Kind::kBytes ? (code->bytes.empty() ? 0 : code->bytes[0])
                                                     : static_cast<uint8_t>(code->uint);
      return metadata.ErrorName(static_cast<uint8_t>(index->uint), err);
    }
  }
  std::string text = e.text;
  if (!e.items.empty() && e.items[0].Unwrapped().kind == Value::Kind::kVariant)
    text += "(" + e.items[0].Unwrapped().text + ")";
  return text;
}

// spec/chain.md §7: encrypt the WeightsTlockPayload to quicknet for the reveal round of §7.3 and
// send `call_name` (commit_timelocked_mechanism_weights with mecid 0, or commit_timelocked_weights);
// the outcome is judged like set_weights (ExtrinsicSuccess or the dispatch error)
Result<TxReceipt> CommitTimelockedWeights(SubstrateChainClient& client, const std::string& call_name, uint16_t netuid,
                                          const Sr25519Keypair& signer, std::span<const uint16_t> uids,
                                          std::span<const uint16_t> values, uint64_t version_key) {
  auto tempo = client.ReadStorage("SubtensorModule", "Tempo", {Value::Uint(netuid)});
  if (!tempo) return Context(tempo.error(), "reading Tempo");
  auto reveal_period = client.ReadStorage("SubtensorModule", "RevealPeriodEpochs", {Value::Uint(netuid)});
  if (!reveal_period) return Context(reveal_period.error(), "reading RevealPeriodEpochs");
  // §7.1: the version sent must equal CommitRevealWeightsVersion (default 4)
  uint64_t cr_version = 4;
  if (client.metadata().Storage("SubtensorModule", "CommitRevealWeightsVersion").ok()) {
    auto stored = client.ReadStorage("SubtensorModule", "CommitRevealWeightsVersion", {});
    if (!stored) return Context(stored.error(), "reading CommitRevealWeightsVersion");
    if (*stored) cr_version = static_cast<uint64_t>((*stored)->Unwrapped().uint);
  }
  auto block = client.CurrentBlock();
  if (!block) return Context(block.error(), "reading the best block");
  RevealRoundInputs inputs;
  inputs.current_block = *block;
  inputs.netuid_index = netuid;  // mechanism 0
  inputs.tempo = static_cast<uint64_t>((*tempo)->Unwrapped().uint);
  inputs.reveal_period_epochs = static_cast<uint64_t>((*reveal_period)->Unwrapped().uint);
  inputs.now_unix_s = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  uint64_t round = RevealRound(inputs);
  Bytes payload = EncodeWeightsTlockPayload(signer.public_key, uids, values, version_key);
  auto commit = TimelockEncrypt(FromHex(kQuicknetPublicKeyHex).value(), round, payload);
  if (!commit) return Context(commit.error(), "timelock-encrypting the weights");
  std::vector<CallArg> args = {{"netuid", Value::Uint(netuid)},
                               {"commit", Value::Raw(std::move(*commit))},
                               {"reveal_round", Value::Uint(round)},
                               {"commit_reveal_version", Value::Uint(cr_version)}};
  if (call_name == "commit_timelocked_mechanism_weights") args.push_back({"mecid", Value::Uint(0)});
  auto call = EncodeCall(client.metadata(), "SubtensorModule", call_name, args);
  if (!call) return call.error();
  return client.SubmitCall(signer, *call);
}

}  // namespace

CommitmentRecord CommitmentFromValue(const Value& registration) {
  CommitmentRecord out;
  if (const Value* block = registration.Field("block")) out.block = static_cast<uint32_t>(block->Unwrapped().uint);
  const Value* info = registration.Field("info");
  const Value* fields = info != nullptr ? info->Field("fields") : nullptr;
  if (fields == nullptr) {
    out.problem = "stored value has no info.fields";
    return out;
  }
  const Value& list = fields->Unwrapped();
  if (list.kind != Value::Kind::kSequence || list.items.empty()) {
    out.problem = "commitment has no data fields";
    return out;
  }
  // the reference reads fields[0] and requires Raw data (spec/chain.md §4.4)
  const Value& data = list.items[0].Unwrapped();
  bool raw = data.kind == Value::Kind::kVariant && data.text.starts_with("Raw") && data.items.size() == 1 &&
             data.items[0].Unwrapped().kind == Value::Kind::kBytes;
  if (!raw) {
    out.problem = "first data field is " + (data.kind == Value::Kind::kVariant ? data.text : data.Describe()) +
                  ", not Raw text";
    return out;
  }
  const Bytes& bytes = data.items[0].Unwrapped().bytes;
  out.text.assign(bytes.begin(), bytes.end());
  return out;
}

Result<std::unique_ptr<SubstrateChainClient>> SubstrateChainClient::Connect(const std::string& url, RpcOptions options) {
  auto rpc = RpcClient::Connect(url, options);
  if (!rpc) return rpc.error();
  std::unique_ptr<SubstrateChainClient> client(new SubstrateChainClient(std::move(*rpc)));
  auto genesis = client->rpc_->Call("chain_getBlockHash", Json::array({0}));
  if (!genesis) return genesis.error();
  auto hash = HashResult(*genesis, "genesis hash");
  if (!hash) return hash.error();
  client->genesis_hash_ = *hash;
  if (auto s = client->RefreshRuntime(); !s) return s.error();
  return client;
}

Status SubstrateChainClient::RefreshRuntime() {
  auto version = rpc_->Call("state_getRuntimeVersion", Json::array());
  if (!version) return version.error();
  if (!version->is_object() || !(*version)["specVersion"].is_number_unsigned())
    return Error{ErrorKind::kBadShape, "state_getRuntimeVersion: no specVersion"};
  uint32_t spec = (*version)["specVersion"].get<uint32_t>();
  transaction_version_ = version->value("transactionVersion", 0u);
  if (metadata_ && spec == spec_version_) return Ok{};
  // v15 through the runtime API when offered, else the default v14 (§5.1)
  std::optional<Bytes> blob;
  auto v15 = rpc_->Call("state_call", Json::array({"Metadata_metadata_at_version", "0x0f000000"}));
  if (v15) {
    auto bytes = HexResult(*v15, "Metadata_metadata_at_version");
    if (!bytes) return bytes.error();
    auto inner = scale::Decode(*bytes, "Metadata_metadata_at_version", [](scale::Decoder& d) {
      return d.Option([](scale::Decoder& dd) { return dd.Bytes(); });
    });
    if (!inner) return inner.error();
    blob = std::move(*inner);
  }
  if (!blob) {
    auto v14 = rpc_->Call("state_getMetadata", Json::array());
    if (!v14) return v14.error();
    auto bytes = HexResult(*v14, "state_getMetadata");
    if (!bytes) return bytes.error();
    blob = std::move(*bytes);
  }
  auto parsed = ParseMetadata(*blob);
  if (!parsed) return parsed.error();
  metadata_ = std::move(*parsed);
  spec_version_ = spec;
  return Ok{};
}

Result<std::string> SubstrateChainClient::BestBlockHash() {
  auto hash = rpc_->Call("chain_getBlockHash", Json::array());
  if (!hash) return hash.error();
  if (!hash->is_string()) return Error{ErrorKind::kBadShape, "chain_getBlockHash: expected a hash"};
  return hash->get<std::string>();
}

Result<uint64_t> SubstrateChainClient::BlockNumber(const std::string& block_hash) {
  auto header = rpc_->Call("chain_getHeader", block_hash.empty() ? Json::array() : Json::array({block_hash}));
  if (!header) return header.error();
  if (!header->is_object() || !(*header)["number"].is_string())
    return Error{ErrorKind::kBadShape, "chain_getHeader: no block number"};
  return std::stoull((*header)["number"].get<std::string>(), nullptr, 16);
}

Result<uint64_t> SubstrateChainClient::CurrentBlock() { return BlockNumber(""); }

Result<std::vector<std::optional<Bytes>>> SubstrateChainClient::QueryStorage(const std::vector<Bytes>& keys,
                                                                              const std::string& block_hash) {
  std::vector<std::optional<Bytes>> out(keys.size());
  if (keys.empty()) return out;
  Json hex_keys = Json::array();
  for (const Bytes& k : keys) hex_keys.push_back(ToHex(k));
  auto r = rpc_->Call("state_queryStorageAt", Json::array({hex_keys, block_hash}));
  if (r && r->is_array() && !r->empty()) {
    std::map<std::string, size_t> position;
    for (size_t i = 0; i < keys.size(); ++i) position[hex_keys[i].get<std::string>()] = i;
    for (const Json& set : *r) {
      for (const Json& change : set.value("changes", Json::array())) {
        if (!change.is_array() || change.size() != 2 || !change[0].is_string()) continue;
        auto it = position.find(change[0].get<std::string>());
        if (it == position.end() || change[1].is_null()) continue;
        auto value = HexResult(change[1], "state_queryStorageAt value");
        if (!value) return value.error();
        out[it->second] = std::move(*value);
      }
    }
    return out;
  }
  // nodes without state_queryStorageAt: one state_getStorage per key
  for (size_t i = 0; i < keys.size(); ++i) {
    auto v = rpc_->Call("state_getStorage", Json::array({hex_keys[i], block_hash}));
    if (!v) return v.error();
    if (v->is_null()) continue;
    auto value = HexResult(*v, "state_getStorage");
    if (!value) return value.error();
    out[i] = std::move(*value);
  }
  return out;
}

Result<std::vector<Bytes>> SubstrateChainClient::KeysWithPrefix(const Bytes& prefix, const std::string& block_hash) {
  std::vector<Bytes> keys;
  Json start = nullptr;
  while (true) {
    auto page = rpc_->Call("state_getKeysPaged", Json::array({ToHex(prefix), kKeysPageSize, start, block_hash}));
    if (!page) return page.error();
    if (!page->is_array()) return Error{ErrorKind::kBadShape, "state_getKeysPaged: expected an array"};
    for (const Json& k : *page) {
      auto key = HexResult(k, "state_getKeysPaged key");
      if (!key) return key.error();
      keys.push_back(std::move(*key));
    }
    if (page->size() < kKeysPageSize) return keys;
    start = page->back();
  }
}

Result<std::optional<Value>> SubstrateChainClient::ReadStorage(std::string_view pallet, std::string_view item,
                                                               const std::vector<Value>& keys,
                                                               const std::string& block_hash) {
  auto key = StorageKeyFor(*metadata_, pallet, item, keys);
  if (!key) return key.error();
  Json params = Json::array({ToHex(*key)});
  if (!block_hash.empty()) params.push_back(block_hash);
  auto raw = rpc_->Call("state_getStorage", params);
  if (!raw) return raw.error();
  std::optional<Bytes> bytes;
  if (!raw->is_null()) {
    auto b = HexResult(*raw, "state_getStorage");
    if (!b) return b.error();
    bytes = std::move(*b);
  }
  return DecodeStorageValue(*metadata_, pallet, item, bytes);
}

Result<Metagraph> SubstrateChainClient::ReadMetagraph(uint16_t netuid) {
  if (auto s = RefreshRuntime(); !s) return s.error();
  Metagraph out;
  auto hash = BestBlockHash();
  if (!hash) return hash.error();
  out.block_hash = *hash;
  auto number = BlockNumber(*hash);
  if (!number) return number.error();
  out.block = *number;
  // uids 0 … SubnetworkN-1 and their hotkeys (spec/chain.md §4.3)
  auto n = ReadStorage("SubtensorModule", "SubnetworkN", {Value::Uint(netuid)}, *hash);
  if (!n) return Context(n.error(), "reading SubnetworkN(" + std::to_string(netuid) + ")");
  uint64_t count = static_cast<uint64_t>((*n)->Unwrapped().uint);
  std::vector<Bytes> key_keys;
  for (uint64_t uid = 0; uid < count; ++uid) {
    auto k = StorageKeyFor(*metadata_, "SubtensorModule", "Keys", {Value::Uint(netuid), Value::Uint(uid)});
    if (!k) return k.error();
    key_keys.push_back(std::move(*k));
  }
  auto hotkeys = QueryStorage(key_keys, *hash);
  if (!hotkeys) return Context(hotkeys.error(), "reading SubtensorModule.Keys");
  auto entry = metadata_->Storage("SubtensorModule", "Keys");
  for (uint64_t uid = 0; uid < count; ++uid) {
    const Bytes& raw = (*hotkeys)[uid] ? *(*hotkeys)[uid] : (*entry)->default_value;
    if (raw.size() != 32) return Error{ErrorKind::kBadShape, "Keys(" + std::to_string(uid) + ") is not a 32-byte account"};
    Neuron neuron;
    neuron.uid = static_cast<uint16_t>(uid);
    std::copy(raw.begin(), raw.end(), neuron.hotkey.begin());
    out.neurons.push_back(neuron);
  }
  // all commitments of the subnet in one sweep, matched to the hotkeys above
  auto prefix = StorageKeyFor(*metadata_, "Commitments", "CommitmentOf", {Value::Uint(netuid)});
  if (!prefix) return prefix.error();
  auto keys = KeysWithPrefix(*prefix, *hash);
  if (!keys) return Context(keys.error(), "listing Commitments.CommitmentOf");
  auto values = QueryStorage(*keys, *hash);
  if (!values) return Context(values.error(), "reading Commitments.CommitmentOf");
  std::map<AccountId, CommitmentRecord> by_hotkey;
  for (size_t i = 0; i < keys->size(); ++i) {
    if ((*keys)[i].size() < 32 || !(*values)[i]) continue;
    AccountId who;
    std::copy((*keys)[i].end() - 32, (*keys)[i].end(), who.begin());
    auto value = DecodeStorageValue(*metadata_, "Commitments", "CommitmentOf", (*values)[i]);
    CommitmentRecord record;
    if (!value) {
      record.problem = value.error().message;
    } else {
      record = CommitmentFromValue(**value);
    }
    by_hotkey[who] = std::move(record);
  }
  for (Neuron& neuron : out.neurons) {
    auto it = by_hotkey.find(neuron.hotkey);
    if (it != by_hotkey.end()) neuron.commitment = it->second;
  }
  return out;
}

Result<std::optional<CommitmentRecord>> SubstrateChainClient::ReadCommitment(uint16_t netuid, const AccountId& hotkey) {
  if (auto s = RefreshRuntime(); !s) return s.error();
  auto value = ReadStorage("Commitments", "CommitmentOf", {Value::Uint(netuid), AccountValue(hotkey)});
  if (!value) {
    // a stored value we cannot decode is the miner's problem, not a read failure
    if (value.error().kind == ErrorKind::kBadShape) return std::optional<CommitmentRecord>(CommitmentRecord{0, "", value.error().message});
    return value.error();
  }
  if (!*value) return std::optional<CommitmentRecord>();
  return std::optional<CommitmentRecord>(CommitmentFromValue(**value));
}

Result<TxReceipt> SubstrateChainClient::SetCommitment(uint16_t netuid, const Sr25519Keypair& signer, std::string_view text) {
  // the largest Raw variant holds 128 bytes (spec/chain.md §4.4)
  if (text.size() > 128)
    return Error{ErrorKind::kTooLarge, "commitment is " + std::to_string(text.size()) +
                                           " bytes; a Raw data field holds at most 128 bytes (nothing was sent)"};
  if (auto s = RefreshRuntime(); !s) return s.error();
  Value data = Value::Variant("Raw" + std::to_string(text.size()), {Value::Raw(Bytes(text.begin(), text.end()))});
  Value info = Value::Tuple({Value::Sequence({data})});
  auto call = EncodeCall(*metadata_, "Commitments", "set_commitment", {{"netuid", Value::Uint(netuid)}, {"info", info}});
  if (!call) return call.error();
  return SubmitCall(signer, *call);
}

Result<TxReceipt> SubstrateChainClient::SetWeights(uint16_t netuid, const Sr25519Keypair& signer,
                                                   std::span<const uint16_t> uids, std::span<const uint16_t> values) {
  if (uids.size() != values.size())
    return Error{ErrorKind::kInvalidArgument, "weights: " + std::to_string(uids.size()) + " uids but " +
                                                  std::to_string(values.size()) + " values"};
  if (uids.empty()) return Error{ErrorKind::kInvalidArgument, "weights: nothing to set (no non-zero weights)"};
  if (auto s = RefreshRuntime(); !s) return s.error();
  // an unregistered hotkey is told so first, whatever the subnet's weight mode
  auto registered = ReadStorage("SubtensorModule", "Uids", {Value::Uint(netuid), AccountValue(signer.public_key)});
  if (!registered) return Context(registered.error(), "reading Uids");
  if (!*registered)
    return Error{ErrorKind::kInvalidArgument, "hotkey " + Ss58Encode(signer.public_key) + " is not registered on subnet " +
                                                  std::to_string(netuid) + "; nothing was sent"};
  // spec/chain.md §6.2: with commit-reveal on, plain set_weights fails on chain (CommitRevealEnabled),
  // so send a timelocked commit (§7); a runtime without those calls gets a refusal before sending
  auto cr = ReadStorage("SubtensorModule", "CommitRevealWeightsEnabled", {Value::Uint(netuid)});
  if (!cr) return Context(cr.error(), "reading CommitRevealWeightsEnabled");
  bool commit_reveal = (*cr)->Unwrapped().boolean;
  std::string timelocked_call;
  for (const char* name : {"commit_timelocked_mechanism_weights", "commit_timelocked_weights"}) {
    if (commit_reveal && timelocked_call.empty() && metadata_->Call("SubtensorModule", name).ok()) timelocked_call = name;
  }
  if (commit_reveal && timelocked_call.empty())
    return Error{ErrorKind::kInvalidArgument,
                 "commit-reveal is enabled on subnet " + std::to_string(netuid) +
                     " (SubtensorModule.CommitRevealWeightsEnabled = true) but this runtime (spec " +
                     std::to_string(spec_version_) + ") has no commit_timelocked_weights call, so nothing was sent. "
                     "The subnet owner can disable it with AdminUtils.sudo_set_commit_reveal_weights_enabled(" +
                     std::to_string(netuid) + ", false)"};
  auto version = ReadStorage("SubtensorModule", "WeightsVersionKey", {Value::Uint(netuid)});
  if (!version) return Context(version.error(), "reading WeightsVersionKey");
  if (commit_reveal)
    return CommitTimelockedWeights(*this, timelocked_call, netuid, signer, uids, values,
                                   static_cast<uint64_t>((*version)->Unwrapped().uint));
  std::vector<Value> dests, weights;
  for (size_t i = 0; i < uids.size(); ++i) {
    dests.push_back(Value::Uint(uids[i]));
    weights.push_back(Value::Uint(values[i]));
  }
  // mechanism 0 when the runtime has mechanisms (bittensor 10 never sends plain set_weights there)
  bool mechanisms = metadata_->Call("SubtensorModule", "set_mechanism_weights").ok();
  std::string call_name = mechanisms ? "set_mechanism_weights" : "set_weights";
  std::vector<CallArg> args = {{"netuid", Value::Uint(netuid)},
                               {"dests", Value::Sequence(dests)},
                               {"weights", Value::Sequence(weights)},
                               {"version_key", Value::Uint((*version)->Unwrapped().uint)}};
  if (mechanisms) args.push_back({"mecid", Value::Uint(0)});
  auto call = EncodeCall(*metadata_, "SubtensorModule", call_name, args);
  if (!call) return call.error();
  return SubmitCall(signer, *call);
}

Result<std::vector<std::pair<uint16_t, uint16_t>>> SubstrateChainClient::ReadWeights(uint16_t netuid, uint16_t uid) {
  if (auto s = RefreshRuntime(); !s) return s.error();
  // keyed by NetUidStorageIndex = mecid·4096 + netuid; mechanism 0 → netuid
  auto value = ReadStorage("SubtensorModule", "Weights", {Value::Uint(netuid), Value::Uint(uid)});
  if (!value) return value.error();
  std::vector<std::pair<uint16_t, uint16_t>> out;
  for (const Value& pair : (*value)->Unwrapped().items) {
    if (pair.items.size() != 2) return Error{ErrorKind::kBadShape, "Weights entry is not a (uid, weight) pair"};
    out.emplace_back(static_cast<uint16_t>(pair.items[0].Unwrapped().uint), static_cast<uint16_t>(pair.items[1].Unwrapped().uint));
  }
  return out;
}

Result<Bytes> SubstrateChainClient::SignCall(const Sr25519Keypair& signer, ByteSpan call) {
  if (auto s = RefreshRuntime(); !s) return s.error();
  SigningParams params;
  params.spec_version = spec_version_;
  params.transaction_version = transaction_version_;
  params.genesis_hash = genesis_hash_;
  auto nonce = rpc_->Call("system_accountNextIndex", Json::array({Ss58Encode(signer.public_key)}));
  if (!nonce) return nonce.error();
  if (!nonce->is_number_unsigned()) return Error{ErrorKind::kBadShape, "system_accountNextIndex: expected a number"};
  params.nonce = nonce->get<uint32_t>();
  // mortal era from the finalized head (§8.4)
  auto finalized = rpc_->Call("chain_getFinalizedHead", Json::array());
  if (!finalized || !finalized->is_string())
    return finalized ? Error{ErrorKind::kBadShape, "chain_getFinalizedHead: expected a hash"} : finalized.error();
  auto current = BlockNumber(finalized->get<std::string>());
  if (!current) return current.error();
  MortalEra era = MakeMortalEra(kEraPeriod, *current);
  params.era = era.encoded;
  auto birth = rpc_->Call("chain_getBlockHash", Json::array({era.birth_block}));
  if (!birth) return birth.error();
  auto birth_hash = HashResult(*birth, "birth block hash");
  if (!birth_hash) return birth_hash.error();
  params.birth_hash = *birth_hash;
  return BuildSignedExtrinsic(*metadata_, params, signer.public_key,
                              [&](ByteSpan payload) { return Sr25519Sign(signer, payload); }, call);
}

Result<TxReceipt> SubstrateChainClient::SubmitCall(const Sr25519Keypair& signer, ByteSpan call) {
  auto extrinsic = SignCall(signer, call);
  if (!extrinsic) return extrinsic.error();
  return SubmitExtrinsic(*extrinsic);
}

Result<TxReceipt> SubstrateChainClient::SubmitExtrinsic(const Bytes& extrinsic) {
  TxReceipt receipt;
  auto tx_hash = Blake2_256(extrinsic);
  receipt.tx_hash = ToHex(tx_hash);
  std::string hex = ToHex(extrinsic);
  auto sub = rpc_->Subscribe("author_submitAndWatchExtrinsic", Json::array({hex}));
  if (!sub) return Error{sub.error().kind, "transaction rejected by the node: " + sub.error().message};
  // §9.3: wait for inBlock (or finalized); anything terminal before that is a failure
  std::string block_hash;
  auto deadline = std::chrono::steady_clock::now() + kInclusionTimeout;
  while (block_hash.empty()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    auto update = rpc_->NextNotification(*sub, left);
    if (!update) return Error{update.error().kind, "waiting for transaction " + receipt.tx_hash + ": " + update.error().message};
    if (update->is_string()) {
      std::string status = LowerKey(update->get<std::string>());
      if (status == "dropped" || status == "invalid")
        return Error{ErrorKind::kRefused, "transaction " + receipt.tx_hash + " was " + status + " by the node"};
      continue;  // future, ready
    }
    if (!update->is_object()) continue;
    for (auto& [key, value] : update->items()) {
      std::string k = LowerKey(key);
      if ((k == "inblock" || k == "finalized") && value.is_string()) block_hash = value.get<std::string>();
      if (k == "usurped" || k == "retracted" || k == "finalitytimeout" || k == "dropped" || k == "invalid")
        return Error{ErrorKind::kRefused, "transaction " + receipt.tx_hash + " ended as " + key + " before inclusion"};
    }
  }
  rpc_->Unsubscribe("author_unwatchExtrinsic", *sub);
  if (block_hash.empty()) return Error{ErrorKind::kTimeout, "transaction " + receipt.tx_hash + " was not included in time"};
  receipt.block_hash = block_hash;
  // find our extrinsic in the block (§9.4 step 1)
  auto block = rpc_->Call("chain_getBlock", Json::array({block_hash}));
  if (!block) return block.error();
  const Json& list = (*block)["block"]["extrinsics"];
  bool found = false;
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i].is_string() && list[i].get<std::string>() == hex) {
      receipt.extrinsic_index = static_cast<uint32_t>(i);
      found = true;
    }
  }
  if (!found) return Error{ErrorKind::kBadShape, "transaction " + receipt.tx_hash + " is not in block " + block_hash};
  if (auto s = CheckOutcome(block_hash, receipt.extrinsic_index); !s)
    return Error{s.error().kind, "transaction " + receipt.tx_hash + " failed in block " + block_hash + ": " + s.error().message};
  return receipt;
}

Status SubstrateChainClient::CheckOutcome(const std::string& block_hash, uint32_t extrinsic_index) {
  auto events = ReadStorage("System", "Events", {}, block_hash);
  if (!events) return Context(events.error(), "reading System.Events");
  bool success = false;
  for (const Value& record : (*events)->items) {
    const Value* phase = record.Field("phase");
    const Value* event = record.Field("event");
    if (phase == nullptr || event == nullptr) return Error{ErrorKind::kBadShape, "System.Events record without phase/event"};
    if (phase->text != "ApplyExtrinsic" || phase->items.empty() || phase->items[0].Unwrapped().uint != extrinsic_index)
      continue;
    // event = Pallet(EventName { fields })
    if (event->items.empty()) continue;
    const std::string& pallet = event->text;
    const Value& inner = event->items[0];
    if (pallet == "System" && inner.text == "ExtrinsicSuccess") success = true;
    if (pallet == "System" && inner.text == "ExtrinsicFailed") {
      const Value* err = inner.Field("dispatch_error");
      return Error{ErrorKind::kRefused, DispatchErrorText(*metadata_, err != nullptr ? *err : inner.items.at(0))};
    }
    // Sudo.sudo succeeds as an extrinsic even when the inner call fails
    if (pallet == "Sudo" && inner.text == "Sudid") {
      const Value* result = inner.Field("sudo_result");
      if (result != nullptr && result->text == "Err" && !result->items.empty())
        return Error{ErrorKind::kRefused, "sudo call failed: " + DispatchErrorText(*metadata_, result->items[0])};
    }
  }
  if (!success) return Error{ErrorKind::kBadShape, "no ExtrinsicSuccess/ExtrinsicFailed event for extrinsic " + std::to_string(extrinsic_index)};
  return Ok{};
}

}  // namespace kinitro::chain
