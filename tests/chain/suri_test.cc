// Tests for chain/suri.cc: junction chain codes and secret URIs (spec/chain.md §10.5 vectors), and
// public keys of many URIs — hard, soft, numeric, long junctions, passwords, hex seeds — against
// polkadot-js's keyring.
#include "chain/suri.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "oracle.h"

namespace kinitro::chain {
namespace {

TEST(Junction, ChainCodes) {
  EXPECT_EQ(ToHex(MakeJunction("Alice", true).chain_code, false), "14416c696365" + std::string(52, '0'));
  EXPECT_EQ(ToHex(MakeJunction("0", true).chain_code, false), std::string(64, '0'));
  EXPECT_EQ(ToHex(MakeJunction("258", true).chain_code, false), "0201" + std::string(60, '0'));
  // 40 characters encode to 41 bytes > 32: hashed with blake2_256
  EXPECT_NE(MakeJunction(std::string(40, 'a'), true).chain_code[31], 0);
}

TEST(SecretUri, Parsing) {
  Result<SecretUri> u = ParseSecretUri("word word//hard/soft//1///my pass/word");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->phrase, "word word");
  ASSERT_EQ(u->path.size(), 3u);
  EXPECT_TRUE(u->path[0].hard);
  EXPECT_FALSE(u->path[1].hard);
  EXPECT_TRUE(u->path[2].hard);
  EXPECT_EQ(u->password, "my pass/word");
  EXPECT_FALSE(ParseSecretUri("//Alice//").ok());
  EXPECT_FALSE(ParseSecretUri("bad-phrase").ok());
}

TEST(SecretUri, SpecVectorsAliceAndZero) {
  Sr25519Keypair alice = Sr25519FromSuri("//Alice").value();
  EXPECT_EQ(ToHex(alice.public_key, false), "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
  EXPECT_EQ(ToHex(Sr25519SecretEd25519Bytes(alice), false),
            "98319d4ff8a9508c4bb0cf0b5a78d760a0b2082c02775e6e82370816fedfff48"
            "925a225d97aa00682d6a59b95b18780c10d7032336e88f3442b42361f4a66011");
  EXPECT_EQ(Sr25519FromSuri(std::string(kDevPhrase) + "//Alice").value().public_key, alice.public_key);
  EXPECT_EQ(ToHex(Sr25519FromSuri("//0").value().public_key, false),
            "2afba9278e30ccf6a6ceb3a8b6e336b70068f045c666f2e7f4f9cc5f47db8972");
}

TEST(SecretUri, PublicKeysMatchPolkadotJs) {
  const std::string other = "legal winner thank year wave sausage worth useful legal winner thank yellow";
  const std::vector<std::string> suris = {
      "//Alice", "//Bob", "//Alice//stash", "//0", "//1//2", "//18446744073709551615",
      "//" + std::string(40, 'x'),            // junction hashed with blake2_256
      std::string(kDevPhrase),               // root key
      other, other + "//hard", other + "//hard//deeper//3", other + "///pw", other + "//hard///pw",
      other + "/soft", other + "//hard/soft//hard2", "//Alice/0",
      "0xfac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e//Alice",
  };
  nlohmann::json requests = nlohmann::json::array();
  for (const std::string& s : suris) {
    requests.push_back({{"op", "keyring_public"}, {"suri", s}});
    requests.push_back({{"op", "suri_pair"}, {"suri", s}});
  }
  nlohmann::json answers = testing::RunOracle(requests);
  for (size_t i = 0; i < suris.size(); ++i) {
    SCOPED_TRACE(suris[i]);
    Result<Sr25519Keypair> kp = Sr25519FromSuri(suris[i]);
    ASSERT_TRUE(kp.ok()) << kp.error().message;
    EXPECT_EQ(ToHex(kp->public_key), answers[2 * i]);
    EXPECT_EQ(ToHex(kp->public_key), answers[2 * i + 1]["public"]);
    // the secret scalar (ed25519 form) is deterministic on every path; the nonce only without soft steps
    std::string secret = ToHex(Sr25519SecretEd25519Bytes(*kp));
    std::string theirs = answers[2 * i + 1]["secret"];
    EXPECT_EQ(secret.substr(0, 66), theirs.substr(0, 66));
    SecretUri parsed = ParseSecretUri(suris[i]).value();
    bool has_soft = std::any_of(parsed.path.begin(), parsed.path.end(), [](const DeriveJunction& j) { return !j.hard; });
    if (!has_soft) {
      EXPECT_EQ(secret, theirs);
    }
  }
}

TEST(SecretUri, ErrorsDoNotLeakThePhrase) {
  Result<Sr25519Keypair> bad = Sr25519FromSuri("walk fit lonely race hold basket smoke curtain lake obey drive bottom");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("checksum"), std::string::npos);
  EXPECT_EQ(bad.error().message.find("lonely"), std::string::npos);
  Result<Sr25519Keypair> short_seed = Sr25519FromSuri("0x1234");
  ASSERT_FALSE(short_seed.ok());
  EXPECT_NE(short_seed.error().message.find("2 bytes"), std::string::npos);
}

}  // namespace
}  // namespace kinitro::chain
