// Tests for chain/scale.cc: compact and fixed-width encodings (spec/chain.md §2 vectors and the
// polkadot-js oracle), Option/Vec/strings, and clear errors on truncated or malformed input.
#include "chain/scale.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "oracle.h"

namespace kinitro::chain::scale {
namespace {

std::string CompactHex(U128 v) {
  Encoder e;
  e.Compact(v);
  return ToHex(e.bytes(), false);
}

Bytes Hex(std::string_view h) { return FromHex(h).value(); }

TEST(ScaleCompact, SpecVectors) {
  EXPECT_EQ(CompactHex(0), "00");
  EXPECT_EQ(CompactHex(1), "04");
  EXPECT_EQ(CompactHex(3), "0c");
  EXPECT_EQ(CompactHex(5), "14");
  EXPECT_EQ(CompactHex(32), "80");
  EXPECT_EQ(CompactHex(63), "fc");
  EXPECT_EQ(CompactHex(64), "0101");
  EXPECT_EQ(CompactHex(300), "b104");
  EXPECT_EQ(CompactHex(16384), "02000100");
  EXPECT_EQ(CompactHex(U128(1) << 30), "0300000040");
  EXPECT_EQ(CompactHex(U128(1) << 32), "070000000001");
}

TEST(ScaleCompact, MatchesOracleAndRoundTrips) {
  // boundaries of every mode plus random values of every bit length up to u128
  std::vector<U128> values = {0, 1, 63, 64, 16383, 16384, (1u << 30) - 1, U128(1) << 30, UINT32_MAX,
                              U128(UINT32_MAX) + 1, UINT64_MAX, U128(UINT64_MAX) + 1, ~U128(0)};
  std::mt19937_64 rng(7);
  for (int bits = 1; bits <= 128; ++bits) {
    U128 v = (U128(rng()) << 64 | rng());
    if (bits < 128) v &= (U128(1) << bits) - 1;
    values.push_back(v | (U128(1) << (bits - 1)));
  }
  nlohmann::json requests = nlohmann::json::array();
  for (U128 v : values) requests.push_back({{"op", "compact"}, {"value", U128ToString(v)}});
  nlohmann::json answers = testing::RunOracle(requests);
  for (size_t i = 0; i < values.size(); ++i) {
    SCOPED_TRACE(U128ToString(values[i]));
    std::string ours = CompactHex(values[i]);
    EXPECT_EQ("0x" + ours, answers[i].get<std::string>());
    Bytes enc = Hex(ours);
    Result<U128> back = Decode(enc, "compact", [](Decoder& d) { return d.Compact(); });
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_TRUE(*back == values[i]);
  }
}

TEST(ScaleCompact, BigIntegerModeBeyondU128) {
  // 2^200: 26 bytes, first byte (26 - 4) * 4 + 3
  Bytes le(26, 0);
  le[25] = 1;
  Encoder e;
  e.CompactLe(le);
  ASSERT_EQ(e.bytes().size(), 27u);
  EXPECT_EQ(e.bytes()[0], (26 - 4) * 4 + 3);
  Result<Bytes> back = Decode(e.bytes(), "compact", [](Decoder& d) { return d.CompactLe(); });
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, le);
  // too wide for u128
  Result<U128> narrow = Decode(e.bytes(), "compact", [](Decoder& d) { return d.Compact(); });
  ASSERT_FALSE(narrow.ok());
  EXPECT_NE(narrow.error().message.find("exceeds u128"), std::string::npos) << narrow.error().message;
  // the largest: 67 bytes
  Encoder max;
  max.CompactLe(Bytes(67, 0xff));
  EXPECT_EQ(max.bytes()[0], 0xff);
  EXPECT_THROW(Encoder().CompactLe(Bytes(68, 0xff)), std::invalid_argument);
}

TEST(ScaleCompact, RejectsNonCanonicalForms) {
  // 1 in two bytes, 63 in four, 2^30 - 1 in big-integer mode, 2^32 with a zero top byte
  for (std::string_view hex : {"0500", "fe000000", "03ffffff3f", "0b0000000001 00"}) {
    std::string h(hex);
    h.erase(std::remove(h.begin(), h.end(), ' '), h.end());
    Result<U128> r = Decode(Hex(h), "compact", [](Decoder& d) { return d.Compact(); });
    ASSERT_FALSE(r.ok()) << hex;
    EXPECT_NE(r.error().message.find("non-canonical"), std::string::npos) << r.error().message;
  }
}

TEST(ScaleFixed, LittleEndianIntsBoolOptionVecString) {
  Encoder e;
  e.U8(0xab);
  e.U16(0x1234);
  e.U32(0xdeadbeef);
  e.U64(0x0102030405060708);
  e.U128((U128(1) << 127) | 5);
  e.I32(-2);
  e.Bool(true);
  e.Option(std::optional<uint32_t>(7), [](Encoder& en, uint32_t v) { en.U32(v); });
  e.Option(std::optional<uint32_t>(), [](Encoder& en, uint32_t v) { en.U32(v); });
  e.OptionBool(false);
  std::vector<uint16_t> items = {1, 65535};
  e.Vec(std::span<const uint16_t>(items), [](Encoder& en, uint16_t v) { en.U16(v); });
  e.Str("héllo");
  EXPECT_EQ(ToHex(e.bytes(), false),
            "ab" "3412" "efbeadde" "0807060504030201" "05000000000000000000000000000080" "feffffff" "01"
            "0107000000" "00" "02" "080100ffff" "1868c3a96c6c6f");

  Bytes bytes = e.Take();
  auto r = Decode(bytes, "fixture", [](Decoder& d) {
    EXPECT_EQ(d.U8(), 0xab);
    EXPECT_EQ(d.U16(), 0x1234);
    EXPECT_EQ(d.U32(), 0xdeadbeef);
    EXPECT_EQ(d.U64(), 0x0102030405060708u);
    EXPECT_TRUE(d.U128() == ((U128(1) << 127) | 5));
    EXPECT_EQ(d.I32(), -2);
    EXPECT_TRUE(d.Bool());
    EXPECT_EQ(d.Option([](Decoder& dd) { return dd.U32(); }), std::optional<uint32_t>(7));
    EXPECT_EQ(d.Option([](Decoder& dd) { return dd.U32(); }), std::nullopt);
    EXPECT_EQ(d.OptionBool(), std::optional<bool>(false));
    EXPECT_EQ(d.Vec([](Decoder& dd) { return dd.U16(); }, 2), (std::vector<uint16_t>{1, 65535}));
    return d.Str();
  });
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, "héllo");
}

// Each malformed input must fail with a message that names the problem.
struct BadInput {
  const char* hex;
  const char* expected;  // substring of the error
};

void PrintTo(const BadInput& b, std::ostream* os) { *os << "hex " << b.hex; }

class ScaleMalformed : public ::testing::TestWithParam<BadInput> {};

TEST_P(ScaleMalformed, FailsWithClearMessage) {
  Bytes in = Hex(GetParam().hex);
  auto r = Decode(in, "value", [](Decoder& d) {
    uint8_t kind = d.U8();
    if (kind == 1) return std::to_string(d.U32());
    if (kind == 2) return std::string(d.Bool() ? "t" : "f");
    if (kind == 3) return std::to_string(d.Option([](Decoder& dd) { return dd.U8(); }).value_or(0));
    if (kind == 4) return std::to_string(d.Vec([](Decoder& dd) { return dd.U64(); }, 8).size());
    if (kind == 5) return d.Str();
    return std::to_string(d.Bytes().size());
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::kBadShape);
  EXPECT_NE(r.error().message.find(GetParam().expected), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.rfind("value: ", 0), 0u) << r.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, ScaleMalformed,
    ::testing::Values(BadInput{"01aabbcc", "truncated input: u32 needs 4 bytes, 3 left"},
                      BadInput{"0202", "invalid bool byte 2"},
                      BadInput{"0305", "invalid Option tag 5"},
                      BadInput{"04feffffff", "exceeds the 0 bytes left"},      // 2^30 - 1 u64s
                      BadInput{"041000000000000000", "length 4 exceeds the 7 bytes left"}, // 4 u64s in 7 bytes
                      BadInput{"0508ff80", "not valid UTF-8"},
                      BadInput{"06080102ff", "1 unexpected trailing bytes"},
                      BadInput{"0603", "truncated input: compact big integer"},
                      BadInput{"", "truncated input: u8"}));

}  // namespace
}  // namespace kinitro::chain::scale
