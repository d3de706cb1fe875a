// Tests for chain/hashing.cc: twox/blake2 against spec/chain.md §3-4 and polkadot-js, the storage
// hashers of §4.1, and System.Account of Alice built by the oracle.
#include "chain/hashing.h"

#include <gtest/gtest.h>

#include <random>

#include "chain/ss58.h"
#include "oracle.h"

namespace kinitro::chain {
namespace {

std::string H(ByteSpan b) { return ToHex(b, false); }

TEST(Twox, SpecVectors) {
  EXPECT_EQ(H(Twox128(AsBytes("System"))), "26aa394eea5630e07c48ae0c9558cef7");
  EXPECT_EQ(H(Twox128(AsBytes(""))), "99e9d85137db46ef4bbea33613baafd5");
  const uint8_t one[] = {1, 0};
  EXPECT_EQ(H(Twox64(one)), "f1577fbf1d628fdd");
}

TEST(Twox, SpecStorageNameTable) {
  const std::pair<const char*, const char*> table[] = {
      {"SubtensorModule", "658faa385070e074c85bf6b568cf0555"}, {"Commitments", "ca407206ec1ab726b2636c4b145ac287"},
      {"Drand", "a285cdb66e8b8524ea70b1693c7b1e05"},           {"CommitmentOf", "419a60ae8b01e6dcaebd7317e43c69bf"},
      {"Keys", "9f99a2ce711f3a31b2fc05604c93f179"},            {"Uids", "aab1b4e78e1ea8305462ee53b3686dc8"},
      {"SubnetworkN", "a1048e9d244171852dfe8db314dc68ca"},     {"Weights", "a1e7036061f484bc3048a64b64e35ec4"},
      {"CommitRevealWeightsEnabled", "8fb0d3eb3d4ea01122652b09d1d43c65"},
      {"LastUpdate", "696e262a16e52255a69d8acd79354146"},      {"Number", "02a5c1b19ab7a04f536c519aca4983ac"},
      {"Account", "b99d880ec681799c0cf30e8886371da9"},
  };
  for (auto [name, hash] : table) EXPECT_EQ(H(Twox128(AsBytes(name))), hash) << name;
}

TEST(Hashes, MatchOracleOnRandomInputs) {
  // lengths around XXH64's 32-byte stripes and BLAKE2b's 128-byte blocks
  std::mt19937 rng(1);
  std::vector<Bytes> inputs;
  for (size_t len : {0, 1, 3, 8, 31, 32, 33, 64, 127, 128, 129, 1000}) {
    Bytes b(len);
    for (uint8_t& x : b) x = static_cast<uint8_t>(rng());
    inputs.push_back(b);
  }
  nlohmann::json requests = nlohmann::json::array();
  for (const Bytes& b : inputs) {
    for (int bits : {64, 128, 256}) requests.push_back({{"op", "twox"}, {"data", ToHex(b)}, {"bits", bits}});
    for (int bits : {128, 256, 512}) requests.push_back({{"op", "blake2"}, {"data", ToHex(b)}, {"bits", bits}});
  }
  nlohmann::json answers = testing::RunOracle(requests);
  size_t i = 0;
  for (const Bytes& b : inputs) {
    SCOPED_TRACE("length " + std::to_string(b.size()));
    EXPECT_EQ(ToHex(Twox64(b)), answers[i++]);
    EXPECT_EQ(ToHex(Twox128(b)), answers[i++]);
    EXPECT_EQ(ToHex(Twox256(b)), answers[i++]);
    EXPECT_EQ(ToHex(Blake2_128(b)), answers[i++]);
    EXPECT_EQ(ToHex(Blake2_256(b)), answers[i++]);
    EXPECT_EQ(ToHex(Blake2b512(b)), answers[i++]);
  }
}

TEST(StorageKey, SystemAccountOfAliceMatchesOracle) {
  const std::string alice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
  AccountId pk = Ss58DecodeAccount(alice).value();
  Bytes key = StorageKey("System", "Account", {{Hasher::kBlake2_128Concat, Bytes(pk.begin(), pk.end())}});
  nlohmann::json answers = testing::RunOracle({{{"op", "system_account_key"}, {"address", alice}}});
  EXPECT_EQ(ToHex(key), answers[0]);
  EXPECT_EQ(key.size(), 16u + 16u + 16u + 32u);
}

TEST(StorageKey, EveryHasherHasItsShape) {
  const uint8_t netuid[] = {1, 0};  // u16 1
  Bytes enc(std::begin(netuid), std::end(netuid));
  EXPECT_EQ(HashStorageKeyPart(Hasher::kIdentity, enc), enc);
  EXPECT_EQ(H(HashStorageKeyPart(Hasher::kTwox64Concat, enc)), "f1577fbf1d628fdd0100");
  EXPECT_EQ(HashStorageKeyPart(Hasher::kBlake2_128Concat, enc).size(), 18u);
  EXPECT_EQ(HashStorageKeyPart(Hasher::kBlake2_128, enc).size(), 16u);
  EXPECT_EQ(HashStorageKeyPart(Hasher::kBlake2_256, enc).size(), 32u);
  EXPECT_EQ(HashStorageKeyPart(Hasher::kTwox128, enc).size(), 16u);
  EXPECT_EQ(HashStorageKeyPart(Hasher::kTwox256, enc).size(), 32u);
  // a double map with two Identity keys: prefix, then the encoded keys as they are
  Bytes keys = StorageKey("SubtensorModule", "Keys", {{Hasher::kIdentity, enc}, {Hasher::kIdentity, {0, 0}}});
  EXPECT_EQ(H(keys), "658faa385070e074c85bf6b568cf05559f99a2ce711f3a31b2fc05604c93f17901000000");
  EXPECT_EQ(HasherFromIndex(5).value(), Hasher::kTwox64Concat);
  EXPECT_FALSE(HasherFromIndex(7).ok());
}

}  // namespace
}  // namespace kinitro::chain
