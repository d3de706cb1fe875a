// Tests for chain/metadata.cc and chain/scale_value.cc: the local test runtime's metadata (spec 218,
// saved from shared/chain in testdata/, v14 and v15) parses, lookups by name give the indices and
// storage layouts of spec/chain.md §4-§6, storage keys match the §4.2 vectors, and the generic codec
// decodes events, dispatch errors and commitment values.
#include "chain/metadata.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "chain/scale_value.h"
#include "chain/substrate_client.h"

namespace kinitro::chain {
namespace {

Bytes ReadTestdata(const std::string& name) {
  std::ifstream in(std::string(KINITRO_CHAIN_TESTDATA) + "/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

const Metadata& V15() {
  static const Metadata m = ParseMetadata(ReadTestdata("metadata_v15_spec218.scale")).value();
  return m;
}

Bytes Hex(std::string_view h) { return FromHex(h).value(); }

TEST(Metadata, ParsesBothVersionsOfTheLocalRuntime) {
  auto v14 = ParseMetadata(ReadTestdata("metadata_v14_spec218.scale"));
  ASSERT_TRUE(v14) << v14.error().message;
  EXPECT_EQ(v14->version, 14);
  EXPECT_EQ(V15().version, 15);
  EXPECT_EQ(v14->pallets.size(), V15().pallets.size());
  EXPECT_EQ(V15().extrinsic_version, 4);
}

TEST(Metadata, SignedExtensionsOfTheLocalRuntime) {
  // shared/chain/README.md lists them in this order
  std::vector<std::string> ids;
  for (const auto& e : V15().signed_extensions) ids.push_back(e.identifier);
  EXPECT_EQ(ids, (std::vector<std::string>{"CheckNonZeroSender", "CheckSpecVersion", "CheckTxVersion", "CheckGenesis",
                                           "CheckMortality", "CheckNonce", "CheckWeight", "ChargeTransactionPayment",
                                           "SubtensorSignedExtension", "CommitmentsSignedExtension",
                                           "CheckMetadataHash"}));
}

TEST(Metadata, CallIndicesByName) {
  auto commit = V15().Call("Commitments", "set_commitment");
  ASSERT_TRUE(commit) << commit.error().message;
  EXPECT_EQ(commit->pallet_index, 18);  // spec/chain.md §1
  EXPECT_EQ(commit->call_index, 0);
  ASSERT_EQ(commit->args.size(), 2u);
  EXPECT_EQ(commit->args[0].name, "netuid");
  auto weights = V15().Call("SubtensorModule", "set_weights");
  ASSERT_TRUE(weights);
  EXPECT_EQ(weights->pallet_index, 7);
  EXPECT_EQ(weights->call_index, 0);
}

TEST(Metadata, UnknownNamesAreClearErrors) {
  auto p = V15().Pallet("Nope");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("SubtensorModule"), std::string::npos) << p.error().message;
  auto c = V15().Call("Commitments", "nope");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("Commitments.nope"), std::string::npos);
}

TEST(Metadata, ErrorNamesForDispatchErrorModule) {
  const PalletInfo* subtensor = *V15().Pallet("SubtensorModule");
  const TypeInfo& errors = V15().types.Get(*subtensor->error_type);
  uint8_t index = 255;
  for (const auto& v : errors.variants)
    if (v.name == "CommitRevealEnabled") index = v.index;
  ASSERT_NE(index, 255);
  EXPECT_EQ(V15().ErrorName(7, index), "SubtensorModule.CommitRevealEnabled");
  EXPECT_EQ(V15().ErrorName(250, 1), "Module(pallet 250, error 1)");
}

TEST(Metadata, StorageKeysMatchSpecVectors) {
  AccountId alice = Ss58DecodeAccount("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY").value();
  Value who = Value::Raw(Bytes(alice.begin(), alice.end()));
  auto key = [](std::string_view pallet, std::string_view item, std::vector<Value> keys) {
    auto k = StorageKeyFor(V15(), pallet, item, keys);
    EXPECT_TRUE(k) << k.error().message;
    return k ? ToHex(*k) : "";
  };
  EXPECT_EQ(key("Commitments", "CommitmentOf", {Value::Uint(1), who}),
            "0xca407206ec1ab726b2636c4b145ac287419a60ae8b01e6dcaebd7317e43c69bf0100518366b5b1bc7c99"
            "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
  EXPECT_EQ(key("Commitments", "CommitmentOf", {Value::Uint(1)}),
            "0xca407206ec1ab726b2636c4b145ac287419a60ae8b01e6dcaebd7317e43c69bf0100");
  EXPECT_EQ(key("SubtensorModule", "Keys", {Value::Uint(1), Value::Uint(5)}),
            "0x658faa385070e074c85bf6b568cf05559f99a2ce711f3a31b2fc05604c93f17901000500");
  EXPECT_EQ(key("SubtensorModule", "Uids", {Value::Uint(1), who}),
            "0x658faa385070e074c85bf6b568cf0555aab1b4e78e1ea8305462ee53b3686dc80100de1e86a9a8c739864cf3cc5ec2bea59f"
            "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d");
  EXPECT_EQ(key("SubtensorModule", "Weights", {Value::Uint(1), Value::Uint(5)}),
            "0x658faa385070e074c85bf6b568cf0555a1e7036061f484bc3048a64b64e35ec401000500");
  EXPECT_EQ(key("System", "Events", {}), "0x26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7");
  // a key value of the wrong shape is refused, naming the item
  auto bad = StorageKeyFor(V15(), "SubtensorModule", "Uids", {Value::Uint(1), Value::Uint(3)});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("SubtensorModule.Uids"), std::string::npos);
}

TEST(Metadata, MissingValueQueryEntryIsTheMetadataDefault) {
  // spec/chain.md §4.1: a missing ValueQuery entry is the metadata default, not zero
  const StorageEntryInfo* entry = *V15().Storage("SubtensorModule", "CommitRevealWeightsEnabled");
  ASSERT_EQ(entry->default_value.size(), 1u);
  auto v = DecodeStorageValue(V15(), "SubtensorModule", "CommitRevealWeightsEnabled", std::nullopt);
  ASSERT_TRUE(v) << v.error().message;
  ASSERT_TRUE(v->has_value());
  EXPECT_EQ((*v)->Unwrapped().boolean, entry->default_value[0] == 1);
  auto tempo = DecodeStorageValue(V15(), "SubtensorModule", "WeightsSetRateLimit", std::nullopt);
  ASSERT_TRUE(tempo);
  EXPECT_EQ((*tempo)->Unwrapped().uint, 100u);  // the spec's default
  auto uid = DecodeStorageValue(V15(), "SubtensorModule", "Uids", std::nullopt);
  ASSERT_TRUE(uid);
  EXPECT_FALSE(uid->has_value());  // OptionQuery: absent
}

TEST(ScaleValue, SetCommitmentCallMatchesSpecBytes) {
  // spec/chain.md §6.1 example: netuid 1, one Raw110 field
  std::string json = R"({"m":"alice/policy","r":"0123456789abcdef0123456789abcdef01234567","d":"3f2b8c1e-9a4d-4e6f-b1c2-7d8e9f0a1b2c"})";
  ASSERT_EQ(json.size(), 110u);
  Value data = Value::Variant("Raw110", {Value::Raw(Bytes(json.begin(), json.end()))});
  auto call = EncodeCall(V15(), "Commitments", "set_commitment",
                         {{"netuid", Value::Uint(1)}, {"info", Value::Tuple({Value::Sequence({data})})}});
  ASSERT_TRUE(call) << call.error().message;
  EXPECT_EQ(ToHex(ByteSpan(*call).first(6), false), "12000100046f");
  EXPECT_EQ(call->size(), 6u + 110u);
  // a missing argument is named
  auto missing = EncodeCall(V15(), "Commitments", "set_commitment", {{"netuid", Value::Uint(1)}});
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("'info'"), std::string::npos);
}

TEST(ScaleValue, CommitmentValueDecodes) {
  // spec/chain.md §4.4 example layout: deposit 0, block 5 000 000, one Raw field
  std::string text = "hello";
  Bytes value = Hex("0000000000000000404b4c0004");
  value.push_back(static_cast<uint8_t>(text.size() + 1));
  value.insert(value.end(), text.begin(), text.end());
  auto v = DecodeStorageValue(V15(), "Commitments", "CommitmentOf", value);
  ASSERT_TRUE(v) << v.error().message;
  CommitmentRecord r = CommitmentFromValue(**v);
  EXPECT_EQ(r.block, 5000000u);
  EXPECT_EQ(r.text, "hello");
  EXPECT_EQ(r.problem, "");
  // a Sha256 field is reported, not returned as text
  Bytes hashed = Hex("0000000000000000404b4c000483");
  hashed.resize(hashed.size() + 32, 0xaa);
  auto h = DecodeStorageValue(V15(), "Commitments", "CommitmentOf", hashed);
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_NE(CommitmentFromValue(**h).problem.find("Sha256"), std::string::npos);
}

TEST(ScaleValue, DecodesEventsWithDispatchError) {
  // two records: ApplyExtrinsic(1) System.ExtrinsicFailed(Module{7, [e,0,0,0]}), then Finalization
  const PalletInfo* system = *V15().Pallet("System");
  const StorageEntryInfo* events = *V15().Storage("System", "Events");
  const TypeInfo& system_events = V15().types.Get(*system->event_type);
  uint8_t failed = 255;
  for (const auto& v : system_events.variants)
    if (v.name == "ExtrinsicFailed") failed = v.index;
  ASSERT_NE(failed, 255);
  const TypeInfo& errors = V15().types.Get(*(*V15().Pallet("SubtensorModule"))->error_type);
  uint8_t cr = 0;
  for (const auto& v : errors.variants)
    if (v.name == "CommitRevealEnabled") cr = v.index;
  scale::Encoder e;
  e.Compact(1);
  e.U8(0);  // ApplyExtrinsic
  e.U32(1);
  e.U8(system->index);
  e.U8(failed);
  e.U8(3);  // DispatchError::Module
  e.U8(7);
  e.Raw(std::vector<uint8_t>{cr, 0, 0, 0});
  // DispatchInfo: encode generically from the metadata's own type so the test follows the runtime
  const TypeVariant* fv = nullptr;
  for (const auto& v : system_events.variants)
    if (v.index == failed) fv = &v;
  ASSERT_EQ(fv->fields.size(), 2u);
  Bytes zeros(64, 0);
  scale::Decoder zd(zeros);
  Value info = DecodeValue(V15().types, fv->fields[1].type, zd);  // an all-zero DispatchInfo
  EncodeValue(V15().types, fv->fields[1].type, info, e);
  e.Compact(0);  // topics
  auto decoded = DecodeValueBytes(V15().types, events->value_type, e.bytes(), "events");
  ASSERT_TRUE(decoded) << decoded.error().message;
  ASSERT_EQ(decoded->items.size(), 1u);
  const Value& rec = decoded->items[0];
  EXPECT_EQ(rec.Field("phase")->text, "ApplyExtrinsic");
  const Value& ev = *rec.Field("event");
  EXPECT_EQ(ev.text, "System");
  EXPECT_EQ(ev.items[0].text, "ExtrinsicFailed");
  const Value* err = ev.items[0].Field("dispatch_error");
  ASSERT_NE(err, nullptr);
  EXPECT_EQ(err->text, "Module");
  EXPECT_EQ(V15().ErrorName(static_cast<uint8_t>(err->items[0].Field("index")->uint), err->items[0].Field("error")->bytes[0]),
            "SubtensorModule.CommitRevealEnabled");
}

TEST(ScaleValue, TruncatedInputIsBadShape) {
  const StorageEntryInfo* events = *V15().Storage("System", "Events");
  auto r = DecodeValueBytes(V15().types, events->value_type, Hex("0400"), "System.Events");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kBadShape);
}

TEST(Metadata, GarbageIsRejected) {
  auto r = ParseMetadata(Hex("6d6574610e0102"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kBadShape);
  auto v = ParseMetadata(Hex("6d6574610c"));
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().kind, ErrorKind::kInvalidArgument);
}

}  // namespace
}  // namespace kinitro::chain
