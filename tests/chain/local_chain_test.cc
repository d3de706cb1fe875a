// Tests for chain/substrate_client.cc, backend/scheduler/chain_miner_source.cc and the chain
// commands of the `kinitro` binary against the real subtensor runtime of shared/chain, started by
// the CTest fixture local-chain-fixture.sh (netuid and registered hotkeys in its chain.json).
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "backend/scheduler/chain_miner_source.h"
#include "chain/extrinsic.h"
#include "chain/ss58.h"
#include "chain/substrate_client.h"
#include "chain/suri.h"
#include "miner/commitment.h"
#include "scoring/scoring.h"

namespace kinitro::chain {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

struct LocalChain {
  std::string url;
  uint16_t netuid = 0;
  Json uids;
};

const LocalChain& Chain() {
  static const LocalChain chain = [] {
    std::ifstream in(std::string(KINITRO_LOCAL_CHAIN_STATE) + "/chain.json");
    if (!in) throw std::runtime_error("no local chain: the fixture local-chain-fixture.sh did not run or failed");
    Json j = Json::parse(in);
    return LocalChain{j["url"].get<std::string>(), j["netuid"].get<uint16_t>(), j["uids"]};
  }();
  return chain;
}

Sr25519Keypair Key(const std::string& suri) { return Sr25519FromSuri(suri).value(); }
std::string MinerUri(int i) { return "//Alice//kinitro-miner-" + std::to_string(i); }

std::unique_ptr<SubstrateChainClient> Connect() {
  auto c = SubstrateChainClient::Connect(Chain().url);
  EXPECT_TRUE(c) << c.error().message;
  return c ? std::move(*c) : nullptr;
}

// A temp wallet directory holding one plain hotkey file <dir>/w/hotkeys/h for `suri`.
class TempWallet {
 public:
  explicit TempWallet(const std::string& suri) {
    dir_ = fs::temp_directory_path() / ("kinitro-wallet-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(dir_ / "w" / "hotkeys");
    Sr25519Keypair k = Key(suri);
    Bytes secret(k.secret.begin(), k.secret.end());
    secret.insert(secret.end(), k.nonce.begin(), k.nonce.end());
    Json j = {{"accountId", ToHex(k.public_key)}, {"publicKey", ToHex(k.public_key)},
              {"privateKey", ToHex(secret)}, {"ss58Address", Ss58Encode(k.public_key)}};
    std::ofstream(dir_ / "w" / "hotkeys" / "h") << j.dump();
  }
  ~TempWallet() { fs::remove_all(dir_); }
  std::string Flags() const { return " --wallet-path " + dir_.string() + " --wallet-name w --hotkey-name h"; }

 private:
  static inline int counter_ = 0;
  fs::path dir_;
};

struct RunResult {
  int exit_code;
  std::string out;  // stdout and stderr together
};

RunResult RunKinitro(const std::string& args) {
  std::string cmd = std::string(KINITRO_BINARY) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  while (size_t n = fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string NetFlags() { return " --network " + Chain().url + " --netuid " + std::to_string(Chain().netuid); }

constexpr const char* kRevision = "0123456789abcdef0123456789abcdef01234567";

TEST(LocalChain, CommitThenShowCommitmentRoundTrips) {
  TempWallet wallet(MinerUri(0));
  std::string uuid = "3f2b8c1e-9a4d-4e6f-b1c2-7d8e9f0a1b2c";
  RunResult c = RunKinitro("commit --repo alice/policy --revision " + std::string(kRevision) + " --deployment-id " + uuid +
                           NetFlags() + wallet.Flags());
  ASSERT_EQ(c.exit_code, 0) << c.out;
  std::string hotkey = Ss58Encode(Key(MinerUri(0)).public_key);
  RunResult s = RunKinitro("show-commitment --hotkey " + hotkey + NetFlags());
  ASSERT_EQ(s.exit_code, 0) << s.out;
  EXPECT_NE(s.out.find("repo: alice/policy"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find(std::string("revision: ") + kRevision), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("deployment id: " + uuid), std::string::npos) << s.out;
  // by uid too
  int uid = Chain().uids[hotkey].get<int>();
  RunResult u = RunKinitro("show-commitment --uid " + std::to_string(uid) + NetFlags());
  EXPECT_NE(u.out.find("repo: alice/policy"), std::string::npos) << u.out;
}

TEST(LocalChain, OversizeCommitmentIsRefusedBeforeSending) {
  TempWallet wallet(MinerUri(2));
  std::string repo = "someone/" + std::string(60, 'x');
  RunResult c = RunKinitro("commit --repo " + repo + " --revision " + kRevision +
                           " --deployment-id 3f2b8c1e-9a4d-4e6f-b1c2-7d8e9f0a1b2c" + NetFlags() + wallet.Flags());
  EXPECT_EQ(c.exit_code, 1) << c.out;
  EXPECT_NE(c.out.find("128"), std::string::npos) << c.out;
  EXPECT_EQ(c.out.find("connecting"), std::string::npos) << "must fail before connecting: " << c.out;
  // nothing was stored for that hotkey: absent, which is not an error
  RunResult s = RunKinitro("show-commitment --hotkey " + Ss58Encode(Key(MinerUri(2)).public_key) + NetFlags());
  EXPECT_EQ(s.exit_code, 0) << s.out;
  EXPECT_NE(s.out.find("no commitment"), std::string::npos) << s.out;
  // the client refuses too, with the size
  auto client = Connect();
  auto r = client->SetCommitment(Chain().netuid, Key(MinerUri(2)), std::string(129, 'a'));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kTooLarge);
  EXPECT_NE(r.error().message.find("129 bytes"), std::string::npos);
}

TEST(LocalChain, ChainMinerSourceReadsCommitments) {
  auto client = Connect();
  std::string good = miner::EncodeCommitment({"bob/policy", kRevision, "123e4567-e89b-12d3-a456-426614174000"}).value();
  ASSERT_TRUE(client->SetCommitment(Chain().netuid, Key(MinerUri(1)), good));
  // a malformed commitment of another miner must not break the read
  ASSERT_TRUE(client->SetCommitment(Chain().netuid, Key(MinerUri(3)), "not a commitment"));
  backend::ChainMinerSource source(*client, Chain().netuid);
  auto miners = source.ReadMiners();
  ASSERT_TRUE(miners) << miners.error().message;
  ASSERT_EQ(miners->size(), Chain().uids.size());
  std::string one = Ss58Encode(Key(MinerUri(1)).public_key), three = Ss58Encode(Key(MinerUri(3)).public_key);
  for (const backend::MinerEntry& m : *miners) {
    EXPECT_EQ(m.uid, Chain().uids[m.hotkey].get<int>()) << m.hotkey;
    if (m.hotkey == one) EXPECT_EQ(m.commitment, good);
    if (m.hotkey == three) {
      EXPECT_EQ(m.commitment, "not a commitment");
      EXPECT_FALSE(miner::ParseCommitment(m.commitment));
    }
  }
  auto block = source.CurrentBlock();
  ASSERT_TRUE(block);
  EXPECT_GT(*block, 0);
}

TEST(LocalChain, SetWeightsReadsBackAndCommitRevealIsRefused) {
  auto client = Connect();
  TempWallet owner("//Bob");  // the subnet owner's hotkey may set weights without a validator permit
  uint16_t owner_uid = Chain().uids[Ss58Encode(Key("//Bob").public_key)].get<uint16_t>();
  // one weight per neuron (MinAllowedWeights), the u16 object of `kinitro score --json`
  Json u16 = {{"uids", Json::array()}, {"values", Json::array()}};
  std::vector<uint16_t> uids, values;
  for (size_t i = 0; i < Chain().uids.size(); ++i) {
    uids.push_back(static_cast<uint16_t>(i));
    values.push_back(static_cast<uint16_t>(1000 * (i + 1)));
  }
  u16["uids"] = uids;
  u16["values"] = values;
  fs::path file = fs::temp_directory_path() / ("kinitro-weights-" + std::to_string(::getpid()) + ".json");
  std::ofstream(file) << Json{{"u16", u16}}.dump();
  RunResult r = RunKinitro("chain set-weights --weights " + file.string() + NetFlags() + owner.Flags());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  scoring::ChainWeights expected = scoring::ToChainWeights(uids, values);
  auto stored = client->ReadWeights(Chain().netuid, owner_uid);
  ASSERT_TRUE(stored) << stored.error().message;
  ASSERT_EQ(stored->size(), expected.uids.size());
  for (size_t i = 0; i < expected.uids.size(); ++i) {
    EXPECT_EQ((*stored)[i].first, expected.uids[i]);
    EXPECT_EQ((*stored)[i].second, expected.values[i]);
  }

  // commit-reveal on (sudo by //Alice): the command refuses with the subnet setting named ...
  auto toggle = [&](bool on) {
    Value inner = Value::Variant("AdminUtils", {Value::Variant("sudo_set_commit_reveal_weights_enabled",
                                                               {Value::Uint(Chain().netuid), Value::Bool(on)})});
    auto call = EncodeCall(client->metadata(), "Sudo", "sudo", {{"call", inner}});
    ASSERT_TRUE(call) << call.error().message;
    auto receipt = client->SubmitCall(Key("//Alice"), *call);
    ASSERT_TRUE(receipt) << receipt.error().message;
  };
  toggle(true);
  RunResult cr = RunKinitro("chain set-weights --weights " + file.string() + NetFlags() + owner.Flags());
  EXPECT_EQ(cr.exit_code, 1) << cr.out;
  EXPECT_NE(cr.out.find("CommitRevealWeightsEnabled"), std::string::npos) << cr.out;
  // ... and the chain itself rejects a plain set_weights with the decoded module error
  auto call = EncodeCall(client->metadata(), "SubtensorModule", "set_weights",
                         {{"netuid", Value::Uint(Chain().netuid)},
                          {"dests", Value::Sequence({Value::Uint(0)})},
                          {"weights", Value::Sequence({Value::Uint(1)})},
                          {"version_key", Value::Uint(0)}});
  ASSERT_TRUE(call);
  auto direct = client->SubmitCall(Key("//Bob"), *call);
  toggle(false);
  ASSERT_FALSE(direct);
  EXPECT_NE(direct.error().message.find("SubtensorModule.CommitRevealEnabled"), std::string::npos)
      << direct.error().message;
  fs::remove(file);
}

TEST(LocalChain, CorruptedSignatureIsRejectedWithBadProof) {
  auto client = Connect();
  auto call = EncodeCall(client->metadata(), "System", "remark", {{"remark", Value::Raw(Bytes{1, 2, 3})}});
  ASSERT_TRUE(call);
  auto xt = client->SignCall(Key("//Alice"), *call);
  ASSERT_TRUE(xt) << xt.error().message;
  (*xt)[SignatureOffset(*xt) + 5] ^= 0x01;
  auto r = client->SubmitExtrinsic(*xt);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("1010"), std::string::npos) << r.error().message;
}

TEST(LocalChain, UnregisteredHotkeyCannotSetWeights) {
  auto client = Connect();
  std::vector<uint16_t> uids = {0}, values = {65535};
  auto r = client->SetWeights(Chain().netuid, Key("//Alice//not-registered"), uids, values);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("not registered"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace kinitro::chain
