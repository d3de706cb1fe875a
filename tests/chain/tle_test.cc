// Tests for chain/timelock/tle.cc: the ciphertext of spec/chain.md §7.6 opens with the test beacon's
// σ, C++ ciphertexts have the §7.4 layout and open both here and in the ideal-lab5 wasm, wasm
// ciphertexts open here, and malformed input is rejected.
#include "chain/timelock/tle.h"

#include <gtest/gtest.h>

#include "chain/bytes.h"
#include "tlock_oracle.h"

namespace kinitro::chain {
namespace {

Bytes B(std::string_view hex) { return FromHex(hex).value(); }

// spec/chain.md §7.6: test beacon (secret key 7), round 1000
constexpr char kTestPublicKey[] =
    "8d0273f6bf31ed37c3b8d68083ec3d8e20b5f2cc170fa24b9b5be35b34ed013f9a921f1cad1644d4bdb14674247234c8049cd1dbb2d2c358"
    "1e54c088135fef36505a6823d61b859437bfc79b617030dc8b40e32bad1fa85b9c0f368af6d38d3c";
constexpr char kSigma1000[] =
    "859cf0a84501e2ce525f9aa16336916fa3d48e2223d6388ab5fbf5252c68b4e3992fdf22a8f1f7f566df61f38c2949ae";
// the 55-byte WeightsTlockPayload of §7.2
constexpr char kPayload[] =
    "80d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d0c0000030007000cffff999966668196980000000000";
// §7.6: that payload encrypted by the npm wasm to the test key for round 1000
constexpr char kSpecCiphertext[] =
    "882d204bfbdbb8f09352f2473427e928f369513e6c779e15aaa3e6f1fc028985e70ce07ac5803efc788cae6ce81e797c"
    "107ec89313d5b3925ab640c3ce2f7fc898fa7345302e8aff74814ebc24c8c21928d39fa30e3cd4196151b50d074c0cba"
    "2000000000000000" "07613422f1782e60aca5d908934817e49a43c39cf3185dbf4234c9300c16e2f7"
    "2000000000000000" "902f431446dd127a7b3b2521e29567c484062a4ba70b8a814410f6206df8aa62"
    "6300000000000000" "4700000000000000"
    "06360b9d735e24c7a35db3c04d886770054444f4457533a831f7b3f68bfee423a96181f1740884d7cd2cb0ff0c00eb93"
    "1e2944431072f94a5f7650c89e7ee1294b9ad758f728b6"
    "0c00000000000000" "5ea7dfed05883532e42bb3c2"
    "0800000000000000" "4145535f47434d5f";

uint64_t U64At(const Bytes& b, size_t at) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | b[at + i];
  return v;
}

TEST(Timelock, SpecCiphertextOpensWithSigma) {
  // pairing, arkworks GT serialization, AES-GCM and the layout all at once
  auto plain = TimelockDecrypt(B(kSpecCiphertext), B(kSigma1000));
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  EXPECT_EQ(ToHex(*plain, false), kPayload);
}

TEST(Timelock, OwnCiphertextHasSpecLayoutAndOpens) {
  Bytes payload = B(kPayload);
  auto ct = TimelockEncrypt(B(kTestPublicKey), 1000, payload);
  ASSERT_TRUE(ct.ok()) << ct.error().message;
  // §7.4: L + 244 bytes, length prefixes at fixed offsets, suite "AES_GCM_"
  ASSERT_EQ(ct->size(), payload.size() + 244);
  EXPECT_EQ(U64At(*ct, 96), 32u);
  EXPECT_EQ(U64At(*ct, 136), 32u);
  EXPECT_EQ(U64At(*ct, 176), payload.size() + 44);
  EXPECT_EQ(U64At(*ct, 184), payload.size() + 16);
  EXPECT_EQ(U64At(*ct, 192 + payload.size() + 16), 12u);
  EXPECT_EQ(ToHex(std::span<const uint8_t>(*ct).last(16), false), "0800000000000000" "4145535f47434d5f");
  auto plain = TimelockDecrypt(*ct, B(kSigma1000));
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  EXPECT_EQ(*plain, payload);
  // fresh randomness: a second encryption differs
  EXPECT_NE(*TimelockEncrypt(B(kTestPublicKey), 1000, payload), *ct);
}

TEST(Timelock, WrongRoundSignatureDoesNotOpen) {
  auto ct = TimelockEncrypt(B(kTestPublicKey), 1001, B(kPayload));
  ASSERT_TRUE(ct.ok());
  auto plain = TimelockDecrypt(*ct, B(kSigma1000));
  ASSERT_FALSE(plain.ok());
  EXPECT_EQ(plain.error().kind, ErrorKind::kBadShape);
  EXPECT_NE(plain.error().message.find("does not open"), std::string::npos) << plain.error().message;
}

TEST(Timelock, MalformedInputIsRejected) {
  Bytes ct = B(kSpecCiphertext);
  Bytes sig = B(kSigma1000);
  auto expect_error = [](const Result<Bytes>& r, std::string_view want) {
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find(want), std::string::npos) << r.error().message;
  };
  expect_error(TimelockEncrypt(Bytes(95, 0x80), 1, sig),
               "beacon public key: invalid G2 point: expected 96");
  expect_error(TimelockDecrypt(Bytes(ct.begin(), ct.begin() + 200), sig), "at least 244");
  expect_error(TimelockDecrypt(ct, Bytes(sig.begin(), sig.end() - 1)), "beacon signature: invalid G1 point");
  Bytes bad_v = ct;
  bad_v[96] = 31;  // v's length prefix
  expect_error(TimelockDecrypt(bad_v, sig), "v has length 31, expected 32");
  Bytes bad_suite = ct;
  bad_suite.back() ^= 1;
  expect_error(TimelockDecrypt(bad_suite, sig), "cipher suite is not AES_GCM_");
  Bytes bad_tag = ct;
  bad_tag[200] ^= 1;  // inside the AES ciphertext
  expect_error(TimelockDecrypt(bad_tag, sig), "AES-GCM tag mismatch");
  Bytes bad_u = ct;
  bad_u[5] ^= 1;
  expect_error(TimelockDecrypt(bad_u, sig), "timelock ciphertext U: invalid G2 point");
}

TEST(Timelock, CiphertextsInteroperateWithTheWasmAndNoble) {
  // σ for rounds other than the spec's come from @noble/curves (secret key 7)
  const uint64_t rounds[] = {1, 1000, 26'000'123};
  Bytes payload = B(kPayload);
  nlohmann::json requests = nlohmann::json::array();
  std::vector<Bytes> ours;
  for (uint64_t round : rounds) requests.push_back({{"op", "sign"}, {"sk", 7}, {"round", round}});
  for (uint64_t round : rounds) {
    auto ct = TimelockEncrypt(B(kTestPublicKey), round, payload);
    ASSERT_TRUE(ct.ok()) << ct.error().message;
    ours.push_back(*ct);
  }
  auto sigs = testing::RunTlockOracle(requests);
  EXPECT_EQ(sigs[1].get<std::string>(), kSigma1000);
  // the wasm opens our ciphertexts, we open the wasm's, and σ of each round opens ours
  requests = nlohmann::json::array();
  for (size_t i = 0; i < std::size(rounds); ++i) {
    requests.push_back({{"op", "tld"}, {"ciphertext", ToHex(ours[i], false)}, {"signature", sigs[i]}});
    requests.push_back({{"op", "tle"}, {"round", rounds[i]}, {"message", kPayload}, {"esk", std::string(64, 'a')},
                        {"pk", kTestPublicKey}});
  }
  auto answers = testing::RunTlockOracle(requests);
  for (size_t i = 0; i < std::size(rounds); ++i) {
    SCOPED_TRACE("round " + std::to_string(rounds[i]));
    Bytes sig = B(sigs[i].get<std::string>());
    EXPECT_EQ(answers[2 * i].get<std::string>(), kPayload);
    auto ours_plain = TimelockDecrypt(ours[i], sig);
    ASSERT_TRUE(ours_plain.ok()) << ours_plain.error().message;
    EXPECT_EQ(*ours_plain, payload);
    auto theirs = TimelockDecrypt(B(answers[2 * i + 1].get<std::string>()), sig);
    ASSERT_TRUE(theirs.ok()) << theirs.error().message;
    EXPECT_EQ(*theirs, payload);
  }
}

}  // namespace
}  // namespace kinitro::chain
