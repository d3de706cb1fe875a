// Tests for chain/extrinsic.cc: mortal eras and the complete signed-extrinsic vectors A, B and C of
// spec/chain.md §8.6 (deterministic signatures with 32 zero "random" bytes), with the transaction
// extensions read from the local runtime's metadata (same byte layout as mainnet's, §8.3).
#include "chain/extrinsic.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "chain/scale_value.h"
#include "chain/suri.h"

namespace kinitro::chain {
namespace {

Bytes Hex(std::string_view h) { return FromHex(h).value(); }

const Metadata& LocalMetadata() {
  static const Metadata m = [] {
    std::ifstream in(std::string(KINITRO_CHAIN_TESTDATA) + "/metadata_v15_spec218.scale", std::ios::binary);
    return ParseMetadata(Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>())).value();
  }();
  return m;
}

SigningParams VectorParams(uint32_t nonce, uint64_t current) {
  SigningParams p;
  p.spec_version = 425;
  p.transaction_version = 1;
  auto genesis = Hex("2f0555cc76fc2840a25a6ea3b9637146806f1f44b090c175ffde2a7e5ab36c03");
  std::copy(genesis.begin(), genesis.end(), p.genesis_hash.begin());
  p.birth_hash.fill(0x11);
  p.era = MakeMortalEra(128, current).encoded;
  p.nonce = nonce;
  return p;
}

Sr25519Signature ZeroRandomSign(ByteSpan payload) {
  std::array<uint8_t, 32> zero{};
  return Sr25519SignWithRandom(Sr25519FromSuri("//Alice").value(), payload, zero);
}

TEST(MortalEra, SpecVectors) {
  EXPECT_EQ(ToHex(MakeMortalEra(64, 42).encoded, false), "a502");
  EXPECT_EQ(ToHex(MakeMortalEra(32768, 20000).encoded, false), "4e9c");
  EXPECT_EQ(ToHex(MakeMortalEra(128, 5000000).encoded, false), "0604");
  EXPECT_EQ(MakeMortalEra(128, 5000000).birth_block, 5000000u);
  EXPECT_EQ(ToHex(MakeMortalEra(128, 5000001).encoded, false), "1604");
  EXPECT_EQ(ToHex(MakeMortalEra(128, 5000002).encoded, false), "2604");
}

TEST(Extrinsic, VectorA_SetCommitment) {
  std::string json = R"({"m":"alice/policy","r":"0123456789abcdef0123456789abcdef01234567","d":"3f2b8c1e-9a4d-4e6f-b1c2-7d8e9f0a1b2c"})";
  Value data = Value::Variant("Raw110", {Value::Raw(Bytes(json.begin(), json.end()))});
  Bytes call = EncodeCall(LocalMetadata(), "Commitments", "set_commitment",
                          {{"netuid", Value::Uint(1)}, {"info", Value::Tuple({Value::Sequence({data})})}})
                   .value();
  SigningParams p = VectorParams(7, 5000000);
  auto ext = EncodeExtensions(LocalMetadata(), p);
  ASSERT_TRUE(ext) << ext.error().message;
  EXPECT_EQ(ToHex(ext->extra, false), "06041c0000");
  EXPECT_EQ(ToHex(ext->implicit, false),
            "a9010000010000002f0555cc76fc2840a25a6ea3b9637146806f1f44b090c175ffde2a7e5ab36c03"
            "111111111111111111111111111111111111111111111111111111111111111100");
  EXPECT_EQ(SigningPayload(call, *ext).size(), 194u);  // signed as is
  AccountId alice = Sr25519FromSuri("//Alice")->public_key;
  auto xt = BuildSignedExtrinsic(LocalMetadata(), p, alice, ZeroRandomSign, call);
  ASSERT_TRUE(xt) << xt.error().message;
  EXPECT_EQ(ToHex(*xt),
            "0x71038400d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d01d6087719cd519a644f72e6bf84e1"
            "21be951eec9c5e340f01b9234e6eada8820456bb07a109083f3c250880daadba7a1270333d36d2d90b8205df299997b77f8406041c"
            "000012000100046f7b226d223a22616c6963652f706f6c696379222c2272223a2230313233343536373839616263646566303132"
            "333435363738396162636465663031323334353637222c2264223a2233663262386331652d396134642d346536662d62316332"
            "2d376438653966306131623263227d");
  EXPECT_EQ(ToHex(Blake2_256(*xt), false), "a8144aef57d46d82fda25e5bbaf4555c598ee88edac68052dc5f7f1dd9385706");
  EXPECT_EQ(SignatureOffset(*xt), 2u + 1 + 33 + 1);
}

TEST(Extrinsic, VectorB_SetMechanismWeights) {
  // call bytes from §6.2 (the local runtime predates set_mechanism_weights)
  Bytes call = Hex("07770100000c0000030007000cffff999966668196980000000000");
  SigningParams p = VectorParams(8, 5000001);
  AccountId alice = Sr25519FromSuri("//Alice")->public_key;
  auto xt = BuildSignedExtrinsic(LocalMetadata(), p, alice, ZeroRandomSign, call);
  ASSERT_TRUE(xt) << xt.error().message;
  EXPECT_EQ(ToHex(*xt),
            "0x0d028400d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d0130730ed006094235d3304635ab1d"
            "733245871c887647195bf49774ac24c38f4caed4171fbde229e7f97c29e2ece1cfa41f37323627be2a4f0b5ef61069dd268d1604"
            "20000007770100000c0000030007000cffff999966668196980000000000");
  EXPECT_EQ(ToHex(Blake2_256(*xt), false), "4d3fe137c09e40a5732d623200c15aadafa85f22b17b52b90e9a388ea5de06ec");
}

TEST(Extrinsic, VectorC_LongPayloadIsHashed) {
  Bytes remark(300, 'a');
  Bytes call = EncodeCall(LocalMetadata(), "System", "remark", {{"remark", Value::Raw(remark)}}).value();
  SigningParams p = VectorParams(9, 5000002);
  auto ext = EncodeExtensions(LocalMetadata(), p).value();
  Bytes payload = SigningPayload(call, ext);
  EXPECT_EQ(ToHex(payload, false), "08b0765971569689ac5433cf29abbb37b2819e968d14fea1a654be90bbce52d1");
  AccountId alice = Sr25519FromSuri("//Alice")->public_key;
  Bytes xt = BuildSignedExtrinsic(LocalMetadata(), p, alice, ZeroRandomSign, call).value();
  EXPECT_EQ(ToHex(ByteSpan(xt).first(2), false), "6106");
  EXPECT_EQ(ToHex(ByteSpan(xt).subspan(SignatureOffset(xt), 64), false),
            "366454eadde8cf384d025daec5e7e9a2c85717f6c5fc0d668ab1f2bf8bc7701dfde2597815d5ece0c42a68aa61b65062f0ecb3b7"
            "07094cdbfff70cd8f34a0286");
}

TEST(Extrinsic, UnknownNonEmptyExtensionIsRefused) {
  Metadata m = LocalMetadata();
  // pretend the runtime added an extension with a u32 explicit part
  uint32_t u32_type = m.signed_extensions[1].additional;  // CheckSpecVersion's implicit u32
  m.signed_extensions.push_back({"CheckSomethingNew", u32_type, u32_type});
  auto r = EncodeExtensions(m, VectorParams(0, 0));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("CheckSomethingNew"), std::string::npos) << r.error().message;
  // a zero-sized unknown one is fine
  Metadata z = LocalMetadata();
  z.signed_extensions.push_back({"ZeroSized", z.signed_extensions[0].type, z.signed_extensions[0].additional});
  EXPECT_TRUE(EncodeExtensions(z, VectorParams(0, 0)));
}

}  // namespace
}  // namespace kinitro::chain
