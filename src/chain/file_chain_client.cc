#include "chain/file_chain_client.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "chain/bytes.h"

namespace kinitro::chain {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

constexpr size_t kMaxCommitmentBytes = 128;  // one Raw data field, as on chain

// holds an advisory lock on PATH.lock for the lifetime of the object
class FileLock {
 public:
  FileLock(const fs::path& path, bool exclusive) {
    std::string lock = path.string() + ".lock";
    fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ >= 0) ::flock(fd_, exclusive ? LOCK_EX : LOCK_SH);
  }
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
  }
  bool ok() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

Result<Json> Load(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return Json{{"block", 0}, {"subnets", Json::object()}};
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  Json j = Json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("block") || !j["block"].is_number_unsigned() ||
      !j.contains("subnets") || !j["subnets"].is_object()) {
    return Error{ErrorKind::kBadJson, "file chain " + path.string() + " is not a kinitro chain file (want {\"block\", \"subnets\"})"};
  }
  return j;
}

Status Save(const fs::path& path, const Json& j) {
  fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << j.dump(2) << "\n";
    if (!out) return Error{ErrorKind::kIo, "cannot write file chain " + tmp.string()};
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);  // atomic: readers see the old or the new state, never half
  if (ec) return Error{ErrorKind::kIo, "cannot replace file chain " + path.string() + ": " + ec.message()};
  return Ok{};
}

// the neuron object of `hotkey` on the subnet, registering both on first use
Json& NeuronEntry(Json& subnet, const std::string& hotkey) {
  Json& neurons = subnet["neurons"];
  for (Json& n : neurons) {
    if (n["hotkey"] == hotkey) return n;
  }
  neurons.push_back({{"uid", neurons.size()}, {"hotkey", hotkey}});
  return neurons.back();
}

Json& Subnet(Json& state, uint16_t netuid) {
  Json& s = state["subnets"][std::to_string(netuid)];
  if (!s.is_object()) s = {{"neurons", Json::array()}, {"weights", Json::object()}, {"commit_reveal", false}};
  return s;
}

const Json* FindSubnet(const Json& state, uint16_t netuid) {
  auto it = state["subnets"].find(std::to_string(netuid));
  return it == state["subnets"].end() ? nullptr : &*it;
}

// runs `change` on the state under an exclusive lock, advances the block and saves
Result<TxReceipt> Write(const fs::path& path, const std::function<Status(Json&, uint64_t block)>& change) {
  FileLock lock(path, /*exclusive=*/true);
  if (!lock.ok()) return Error{ErrorKind::kIo, "cannot lock file chain " + path.string() + ".lock"};
  auto state = Load(path);
  if (!state) return state.error();
  uint64_t block = (*state)["block"].get<uint64_t>() + 1;
  if (auto s = change(*state, block); !s) return s.error();
  (*state)["block"] = block;
  if (auto s = Save(path, *state); !s) return s.error();
  return TxReceipt{.tx_hash = "", .block_hash = "file:" + std::to_string(block), .extrinsic_index = 0};
}

Result<Json> Read(const fs::path& path) {
  FileLock lock(path, /*exclusive=*/false);
  return Load(path);
}

}  // namespace

Result<uint64_t> FileChainClient::CurrentBlock() {
  auto s = Read(path_);
  if (!s) return s.error();
  return (*s)["block"].get<uint64_t>();
}

Result<Metagraph> FileChainClient::ReadMetagraph(uint16_t netuid) {
  auto s = Read(path_);
  if (!s) return s.error();
  const Json* subnet = FindSubnet(*s, netuid);
  if (!subnet) return Error{ErrorKind::kInvalidArgument, "subnet " + std::to_string(netuid) + " does not exist in " + path_.string()};
  Metagraph g{.block = (*s)["block"].get<uint64_t>(), .block_hash = "file:" + std::to_string((*s)["block"].get<uint64_t>())};
  for (const Json& n : (*subnet)["neurons"]) {
    auto account = Ss58DecodeAccount(n["hotkey"].get<std::string>());
    if (!account) return Error{ErrorKind::kBadShape, path_.string() + ": bad hotkey " + n["hotkey"].dump()};
    Neuron neuron{.uid = n["uid"].get<uint16_t>(), .hotkey = *account};
    if (n.contains("commitment")) {
      neuron.commitment = CommitmentRecord{.block = n["commitment"]["block"].get<uint32_t>(),
                                           .text = n["commitment"]["text"].get<std::string>()};
    }
    g.neurons.push_back(std::move(neuron));
  }
  return g;
}

Result<std::optional<CommitmentRecord>> FileChainClient::ReadCommitment(uint16_t netuid, const AccountId& hotkey) {
  auto g = ReadMetagraph(netuid);
  if (!g) return std::optional<CommitmentRecord>{};  // no subnet: nobody committed
  for (const Neuron& n : g->neurons) {
    if (n.hotkey == hotkey) return n.commitment;
  }
  return std::optional<CommitmentRecord>{};
}

Result<TxReceipt> FileChainClient::SetCommitment(uint16_t netuid, const Sr25519Keypair& signer, std::string_view text) {
  if (text.size() > kMaxCommitmentBytes) {
    return Error{ErrorKind::kTooLarge, "commitment is " + std::to_string(text.size()) + " bytes > " +
                                           std::to_string(kMaxCommitmentBytes) + "; nothing was sent"};
  }
  return Write(path_, [&](Json& state, uint64_t block) -> Status {
    NeuronEntry(Subnet(state, netuid), Ss58Encode(signer.public_key))["commitment"] = {{"block", block}, {"text", std::string(text)}};
    return Ok{};
  });
}

Result<TxReceipt> FileChainClient::SetWeights(uint16_t netuid, const Sr25519Keypair& signer, std::span<const uint16_t> uids,
                                              std::span<const uint16_t> values) {
  if (uids.size() != values.size()) {
    return Error{ErrorKind::kInvalidArgument, "weights: " + std::to_string(uids.size()) + " uids but " +
                                                  std::to_string(values.size()) + " values"};
  }
  return Write(path_, [&](Json& state, uint64_t) -> Status {
    Json& subnet = Subnet(state, netuid);
    if (subnet.value("commit_reveal", false)) {
      return Error{ErrorKind::kInvalidArgument, "commit-reveal is enabled on subnet " + std::to_string(netuid) +
                                                    " (commit_reveal in " + path_.string() + "); nothing was set"};
    }
    Json& self = NeuronEntry(subnet, Ss58Encode(signer.public_key));
    Json row = Json::array();
    for (size_t i = 0; i < uids.size(); ++i) row.push_back({uids[i], values[i]});
    subnet["weights"][std::to_string(self["uid"].get<int>())] = row;
    return Ok{};
  });
}

Result<std::vector<std::pair<uint16_t, uint16_t>>> FileChainClient::ReadWeights(uint16_t netuid, uint16_t uid) {
  auto s = Read(path_);
  if (!s) return s.error();
  std::vector<std::pair<uint16_t, uint16_t>> out;
  const Json* subnet = FindSubnet(*s, netuid);
  if (!subnet || !(*subnet)["weights"].contains(std::to_string(uid))) return out;
  for (const Json& w : (*subnet)["weights"][std::to_string(uid)]) out.emplace_back(w[0].get<uint16_t>(), w[1].get<uint16_t>());
  return out;
}

}  // namespace kinitro::chain
