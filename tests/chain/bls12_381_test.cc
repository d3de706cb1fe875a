// Tests for chain/timelock/bls12_381*.cc and hash_to_g1.cc: the spec/chain.md §7.6 test beacon key
// and Q_id, RFC 9380 Appendix J.9.1 hash-to-G1 vectors, @noble/curves as an oracle, pairing
// bilinearity, and rejection of malformed points.
#include "chain/timelock/bls12_381.h"

#include <gtest/gtest.h>

#include <random>

#include "chain/bytes.h"
#include "chain/timelock/tle.h"
#include "tlock_oracle.h"

namespace kinitro::chain::bls {
namespace {

std::string H(std::span<const uint8_t> b) { return ToHex(b, false); }
Bytes B(std::string_view hex) { return FromHex(hex).value(); }
const uint8_t kSeven[] = {7};

// spec/chain.md §7.6: secret key 7 on G2
constexpr char kTestPublicKey[] =
    "8d0273f6bf31ed37c3b8d68083ec3d8e20b5f2cc170fa24b9b5be35b34ed013f9a921f1cad1644d4bdb14674247234c8049cd1dbb2d2c358"
    "1e54c088135fef36505a6823d61b859437bfc79b617030dc8b40e32bad1fa85b9c0f368af6d38d3c";

TEST(Bls12381, TestBeaconKeyIsSevenTimesTheG2Generator) {
  EXPECT_EQ(H(CompressG2(Mul(G2Generator(), kSeven))), kTestPublicKey);
}

TEST(Bls12381, RoundIdentityAndQidMatchSpec) {
  auto id = DrandRoundId(1000);
  EXPECT_EQ(H(id), "f652498d092acd949bad74e40683bf3824fb817980504a0c7e6722cfc5a9c0a3");
  EXPECT_EQ(H(CompressG1(HashToG1(id, kDrandG1Dst))),
            "8f5a32d53837b00fbc0ee31ce9966435a41c5188a80ce9934d3c80588b6ad6f643ebda1b83ef89e44da9ced6205cdecf");
}

TEST(Bls12381, HashToG1MatchesRfc9380Vectors) {
  // RFC 9380 Appendix J.9.1, suite BLS12381G1_XMD:SHA-256_SSWU_RO_
  constexpr std::string_view kDst = "QUUX-V01-CS02-with-BLS12381G1_XMD:SHA-256_SSWU_RO_";
  struct Vector {
    std::string_view msg, x, y;
  };
  const Vector vectors[] = {
      {"", "052926add2207b76ca4fa57a8734416c8dc95e24501772c814278700eed6d1e4e8cf62d9c09db0fac349612b759e79a1",
       "08ba738453bfed09cb546dbb0783dbb3a5f1f566ed67bb6be0e8c67e2e81a4cc68ee29813bb7994998f3eae0c9c6a265"},
      {"abc", "03567bc5ef9c690c2ab2ecdf6a96ef1c139cc0b2f284dca0a9a7943388a49a3aee664ba5379a7655d3c68900be2f6903",
       "0b9c15f3fe6e5cf4211f346271d7b01c8f3b28be689c8429c85b67af215533311f0b8dfaaa154fa6b88176c229f2885d"},
      {"abcdef0123456789",
       "11e0b079dea29a68f0383ee94fed1b940995272407e3bb916bbf268c263ddd57a6a27200a784cbc248e84f357ce82d98",
       "03a87ae2caf14e8ee52e51fa2ed8eefe80f02457004ba4d486d6aa1f517c0889501dc7413753f9599b099ebcbbd2d709"},
  };
  for (const Vector& v : vectors) {
    G1 p = HashToG1(AsBytes(v.msg), kDst);
    EXPECT_EQ(H(p.x.ToBytesBe()), v.x) << "msg '" << v.msg << "'";
    EXPECT_EQ(H(p.y.ToBytesBe()), v.y) << "msg '" << v.msg << "'";
  }
}

TEST(Bls12381, HashToG1MatchesNobleOnRandomMessages) {
  std::mt19937 rng(7);
  nlohmann::json requests = nlohmann::json::array();
  std::vector<Bytes> messages;
  for (size_t len : {0, 1, 32, 100, 300}) {
    Bytes msg(len);
    for (auto& b : msg) b = static_cast<uint8_t>(rng());
    messages.push_back(msg);
    requests.push_back({{"op", "hash_to_g1"}, {"msg", ToHex(msg, false)}, {"dst", std::string(kDrandG1Dst)}});
  }
  auto answers = testing::RunTlockOracle(requests);
  for (size_t i = 0; i < messages.size(); ++i)
    EXPECT_EQ(H(CompressG1(HashToG1(messages[i], kDrandG1Dst))), answers[i].get<std::string>()) << "message " << i;
}

TEST(Bls12381, CompressionRoundTripsBothSigns) {
  G1 p = HashToG1(AsBytes("kinitro"), kDrandG1Dst);
  for (const G1& q : {p, Negate(p)}) {
    auto back = DecompressG1(CompressG1(q));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_TRUE(*back == q);
  }
  G2 g = Mul(G2Generator(), kSeven);
  for (const G2& q : {g, Negate(g)}) {
    auto back = DecompressG2(CompressG2(q));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_TRUE(*back == q);
  }
  EXPECT_EQ(H(CompressG1(G1{})), "c0" + std::string(94, '0'));
  EXPECT_TRUE(DecompressG2(CompressG2(G2{}))->infinity);
}

TEST(Bls12381, PairingIsBilinearAndNonDegenerate) {
  const uint8_t five[] = {5};
  const uint8_t thirty_five[] = {35};
  G1 p = G1Generator();
  G2 q = G2Generator();
  Fp12 e35 = Pairing(Mul(p, thirty_five), q);
  EXPECT_TRUE(Pairing(Mul(p, five), Mul(q, kSeven)) == e35);
  EXPECT_TRUE(Pairing(Mul(p, kSeven), Mul(q, five)) == e35);
  EXPECT_FALSE(Pairing(p, q) == Fp12::One());
  EXPECT_TRUE(Pairing(G1{}, q) == Fp12::One());
}

// each bad encoding is rejected with a message naming the problem
TEST(Bls12381, MalformedPointsAreRejected) {
  struct Case {
    std::string hex, want;
  };
  std::string zeros47(94, '0');
  const Case g1_cases[] = {
      {"8f5a32d5", "expected 48 compressed bytes, got 4"},
      {"0f5a32d53837b00fbc0ee31ce9966435a41c5188a80ce9934d3c80588b6ad6f643ebda1b83ef89e44da9ced6205cdecf",
       "compression flag"},
      {"c0" + std::string(92, '0') + "01", "infinity flag"},
      {"9a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab",
       "not below the field modulus"},
      {"80" + std::string(92, '0') + "01", "not the coordinate of a curve point"},  // x = 1
      {"80" + zeros47, "not in the prime-order subgroup"},                              // (0, 2) has order 3
  };
  for (const Case& c : g1_cases) {
    auto r = DecompressG1(B(c.hex));
    ASSERT_FALSE(r.ok()) << c.hex;
    EXPECT_EQ(r.error().kind, ErrorKind::kInvalidArgument);
    EXPECT_NE(r.error().message.find(c.want), std::string::npos) << r.error().message;
  }
  const Case g2_cases[] = {
      {std::string(kTestPublicKey).substr(0, 190), "expected 96 compressed bytes, got 95"},
      {"80" + zeros47 + zeros47 + "01", "not the coordinate of a curve point"},  // x = 1
      {"80" + zeros47 + zeros47 + "02", "not in the prime-order subgroup"},      // x = 2
  };
  for (const Case& c : g2_cases) {
    auto r = DecompressG2(B(c.hex));
    ASSERT_FALSE(r.ok()) << c.hex;
    EXPECT_NE(r.error().message.find(c.want), std::string::npos) << r.error().message;
  }
}

}  // namespace
}  // namespace kinitro::chain::bls
