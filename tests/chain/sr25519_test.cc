// Tests for chain/sr25519.cc: key expansion and signatures from spec/chain.md §10.3-10.4 and §8.6,
// and cross-verification with polkadot-js (our signatures verify there, theirs verify here, and
// @scure/sr25519 with the same injected randomness gives the same bytes).
#include "chain/sr25519.h"

#include <gtest/gtest.h>

#include "chain/hashing.h"
#include "chain/suri.h"
#include "oracle.h"

namespace kinitro::chain {
namespace {

Bytes Hex(std::string_view h) { return FromHex(h).value(); }

template <size_t N>
std::array<uint8_t, N> Arr(std::string_view h) {
  Bytes b = Hex(h);
  EXPECT_EQ(b.size(), N);
  std::array<uint8_t, N> a{};
  std::copy_n(b.begin(), std::min(N, b.size()), a.begin());
  return a;
}

Sr25519Keypair Alice() { return Sr25519FromSuri("//Alice").value(); }

const std::array<uint8_t, 32> kZeroRandom{};

TEST(Sr25519Keys, SpecDevPhraseRootKey) {
  Sr25519Keypair kp = Sr25519FromMiniSecret(Arr<32>("fac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e"));
  EXPECT_EQ(ToHex(kp.secret, false), "05d65584630d16cd4af6d0bec10f34bb504a5dcb62dba2122d49f5a663763d0a");
  EXPECT_EQ(ToHex(kp.nonce, false), "fd190cce74df356432b410bd64682309d6dedb27c76845daf388557cbac3ca34");
  EXPECT_EQ(ToHex(kp.public_key, false), "46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a");
  EXPECT_EQ(Ss58Encode(kp.public_key), "5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV");
  EXPECT_EQ(ToHex(Sr25519SecretEd25519Bytes(kp), false).substr(0, 64),
            "28b0ae221c6bb06856b287f60d7ea0d98552ea5a16db16956849aa371db3eb51");
}

TEST(Sr25519Keys, BtwalletCanonicalPrivateKey) {
  Result<Sr25519Keypair> kp = Sr25519FromSecretBytes(
      Hex("1f1995bdf3a17b60626a26cfe6f564b337d46056b7a1281b64c649d592ccda0a9cffd34d9fb01cae1fba61aeed184c817442a2186d5172416729a4b54dd4b84e"));
  ASSERT_TRUE(kp.ok()) << kp.error().message;
  EXPECT_EQ(ToHex(kp->public_key, false), "e4359ad3e2716c539a1d663ebd0a51bdc5c98a12e663bb4c4402db47828c9446");
}

TEST(Sr25519Keys, RejectsEd25519FormAndWrongLength) {
  // the ed25519 form 8x of a key is (almost always) not a canonical scalar
  std::array<uint8_t, 64> ed = Sr25519SecretEd25519Bytes(Alice());
  Result<Sr25519Keypair> kp = Sr25519FromSecretBytes(ed);
  ASSERT_FALSE(kp.ok());
  EXPECT_NE(kp.error().message.find("not canonical"), std::string::npos);
  EXPECT_FALSE(Sr25519FromSecretBytes(Bytes(32)).ok());
}

TEST(Sr25519Sign, SpecVectorHelloKinitro) {
  Sr25519Signature sig = Sr25519SignWithRandom(Alice(), AsBytes("hello kinitro"), kZeroRandom);
  EXPECT_EQ(ToHex(sig, false),
            "184e5988622496bc29b162cccb45641865b78d5954ef3072bf5494f05c18bd48cf2d2434a808476e3a1498263efa465a"
            "499d0a1eed6ef06faeb296d4dffd7483");
  EXPECT_TRUE(Sr25519Verify(AsBytes("hello kinitro"), sig, Alice().public_key).ok());
}

TEST(Sr25519Sign, SpecExtrinsicPayloadsBAndC) {
  // §8.6 B: set_mechanism_weights payload (105 bytes, signed as is)
  std::string payload_b = "07770100000c0000030007000cffff999966668196980000000000" "1604200000"
                          "a9010000010000002f0555cc76fc2840a25a6ea3b9637146806f1f44b090c175ffde2a7e5ab36c03" +
                          std::string(64, '1') + "00";
  Bytes b = Hex(payload_b);
  ASSERT_EQ(b.size(), 105u);
  EXPECT_EQ(ToHex(Sr25519SignWithRandom(Alice(), b, kZeroRandom), false),
            "30730ed006094235d3304635ab1d733245871c887647195bf49774ac24c38f4caed4171fbde229e7f97c29e2ece1cfa4"
            "1f37323627be2a4f0b5ef61069dd268d");
  // §8.6 C: a payload over 256 bytes is signed as its blake2_256
  Bytes hashed = Hex("08b0765971569689ac5433cf29abbb37b2819e968d14fea1a654be90bbce52d1");
  EXPECT_EQ(ToHex(Sr25519SignWithRandom(Alice(), hashed, kZeroRandom), false),
            "366454eadde8cf384d025daec5e7e9a2c85717f6c5fc0d668ab1f2bf8bc7701dfde2597815d5ece0c42a68aa61b65062"
            "f0ecb3b707094cdbfff70cd8f34a0286");
}

TEST(Sr25519Sign, RandomizedButAlwaysValid) {
  Sr25519Keypair kp = Alice();
  Sr25519Signature a = Sr25519Sign(kp, AsBytes("m"));
  Sr25519Signature b = Sr25519Sign(kp, AsBytes("m"));
  EXPECT_NE(a, b);
  EXPECT_TRUE(Sr25519Verify(AsBytes("m"), a, kp.public_key).ok());
  EXPECT_TRUE(Sr25519Verify(AsBytes("m"), b, kp.public_key).ok());
}

TEST(Sr25519Verify, RejectsTamperingWithReasons) {
  Sr25519Keypair kp = Alice();
  Sr25519Signature sig = Sr25519Sign(kp, AsBytes("payload"));
  auto reason = [&](ByteSpan msg, Sr25519Signature s, const AccountId& pk, std::string_view ctx = kSubstrateSigningContext) {
    Status st = Sr25519Verify(msg, s, pk, ctx);
    EXPECT_FALSE(st.ok());
    return st.ok() ? std::string() : st.error().message;
  };
  EXPECT_NE(reason(AsBytes("payloaD"), sig, kp.public_key).find("does not hold"), std::string::npos);
  EXPECT_NE(reason(AsBytes("payload"), sig, kp.public_key, "polkadot").find("does not hold"), std::string::npos);
  EXPECT_NE(reason(AsBytes("payload"), sig, Sr25519FromSuri("//Bob")->public_key).find("does not hold"),
            std::string::npos);
  Sr25519Signature r = sig;
  r[0] ^= 1;
  EXPECT_FALSE(Sr25519Verify(AsBytes("payload"), r, kp.public_key).ok());
  Sr25519Signature no_marker = sig;
  no_marker[63] &= 0x7f;
  EXPECT_NE(reason(AsBytes("payload"), no_marker, kp.public_key).find("marker bit"), std::string::npos);
  Sr25519Signature big_s = sig;
  std::fill(big_s.begin() + 32, big_s.end(), 0xff);
  EXPECT_NE(reason(AsBytes("payload"), big_s, kp.public_key).find("not canonical"), std::string::npos);
  AccountId bad_point{};
  bad_point.fill(0xff);
  EXPECT_NE(reason(AsBytes("payload"), sig, bad_point).find("not a valid ristretto255 point"), std::string::npos);
}

TEST(Sr25519Oracle, OurSignaturesVerifyInPolkadotJs) {
  std::vector<Bytes> messages = {{}, Bytes{'h', 'e', 'l', 'l', 'o'}, Bytes(256, 7),
                                 Bytes(1000, 0xab)};
  std::vector<std::string> suris = {"//Alice", "//Bob", std::string(kDevPhrase)};
  nlohmann::json requests = nlohmann::json::array();
  std::vector<bool> expected;
  for (const std::string& suri : suris) {
    Sr25519Keypair kp = Sr25519FromSuri(suri).value();
    for (const Bytes& m : messages) {
      Sr25519Signature sig = Sr25519Sign(kp, m);
      requests.push_back({{"op", "sr25519_verify"}, {"message", ToHex(m)}, {"signature", ToHex(sig)},
                          {"public", ToHex(kp.public_key)}});
      expected.push_back(true);
      // the same signature on another message must fail there too
      Bytes other = m;
      other.push_back(1);
      requests.push_back({{"op", "sr25519_verify"}, {"message", ToHex(other)}, {"signature", ToHex(sig)},
                          {"public", ToHex(kp.public_key)}});
      expected.push_back(false);
    }
  }
  nlohmann::json answers = testing::RunOracle(requests);
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(answers[i].get<bool>(), expected[i]) << requests[i].dump();
}

TEST(Sr25519Oracle, PolkadotJsSignaturesVerifyHere) {
  nlohmann::json requests = nlohmann::json::array();
  std::vector<std::pair<std::string, Bytes>> cases;
  for (std::string suri : {"//Alice", "//Bob//stash", "//Charlie/soft"}) {
    for (size_t len : {0, 13, 300}) {
      Bytes m(len);
      for (size_t k = 0; k < len; ++k) m[k] = static_cast<uint8_t>(k);
      cases.emplace_back(suri, m);
      requests.push_back({{"op", "keyring_sign"}, {"suri", suri}, {"message", ToHex(m)}});
    }
  }
  nlohmann::json answers = testing::RunOracle(requests);
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i].first);
    Sr25519Keypair ours = Sr25519FromSuri(cases[i].first).value();
    EXPECT_EQ(ToHex(ours.public_key), answers[i]["public"]);
    auto sig = Arr<64>(answers[i]["signature"].get<std::string>());
    Status st = Sr25519Verify(cases[i].second, sig, ours.public_key);
    EXPECT_TRUE(st.ok()) << st.error().message;
    Bytes tampered = cases[i].second;
    tampered.push_back(0);
    EXPECT_FALSE(Sr25519Verify(tampered, sig, ours.public_key).ok());
  }
}

TEST(Sr25519Oracle, SameRandomnessGivesSameSignatureAsScure) {
  // @scure/sr25519 takes the ed25519-form secret and an RNG; both sides read 32 zero bytes
  nlohmann::json requests = nlohmann::json::array();
  std::vector<std::string> ours;
  for (std::string suri : {"//Alice", "//Bob", "//Eve//1//2"}) {
    Sr25519Keypair kp = Sr25519FromSuri(suri).value();
    for (const std::string& msg : std::vector<std::string>{"", "hello kinitro", std::string(500, 'x')}) {
      requests.push_back({{"op", "scure_sign_zero_rng"}, {"secret", ToHex(Sr25519SecretEd25519Bytes(kp))},
                          {"message", ToHex(AsBytes(msg))}});
      ours.push_back(ToHex(Sr25519SignWithRandom(kp, AsBytes(msg), kZeroRandom)));
    }
  }
  nlohmann::json answers = testing::RunOracle(requests);
  for (size_t i = 0; i < ours.size(); ++i) EXPECT_EQ(ours[i], answers[i]) << requests[i].dump();
}

TEST(Sr25519Derive, SoftPublicMatchesSoftSecret) {
  Sr25519Keypair kp = Alice();
  ChainCode cc = MakeJunction("soft", false).chain_code;
  Sr25519Keypair child = Sr25519SoftDerive(kp, cc);
  EXPECT_EQ(Sr25519SoftDerivePublic(kp.public_key, cc).value(), child.public_key);
  Sr25519Signature sig = Sr25519Sign(child, AsBytes("x"));
  EXPECT_TRUE(Sr25519Verify(AsBytes("x"), sig, child.public_key).ok());
}

}  // namespace
}  // namespace kinitro::chain
