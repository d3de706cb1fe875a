// Tests for chain/ss58.cc: the spec/chain.md §3 vector, polkadot-js encode/decode for one- and
// two-byte prefixes, and errors for bad base58, length, checksum and prefix.
#include "chain/ss58.h"

#include <gtest/gtest.h>

#include <random>

#include "oracle.h"

namespace kinitro::chain {
namespace {

constexpr std::string_view kAlice = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

AccountId AliceKey() {
  Bytes b = FromHex("d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d").value();
  AccountId a{};
  std::copy(b.begin(), b.end(), a.begin());
  return a;
}

TEST(Ss58, SpecVectorAlice) {
  EXPECT_EQ(Ss58Encode(AliceKey()), kAlice);
  Result<Ss58Address> d = Ss58Decode(kAlice);
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->account, AliceKey());
  EXPECT_EQ(d->prefix, 42);
  EXPECT_EQ(Ss58DecodeAccount(kAlice).value(), AliceKey());
}

TEST(Ss58, MatchesOracleForManyKeysAndPrefixes) {
  std::mt19937 rng(42);
  std::vector<std::pair<AccountId, uint16_t>> cases;
  for (uint16_t prefix : {0, 1, 2, 42, 63, 64, 255, 1000, 16383}) {
    for (int i = 0; i < 4; ++i) {
      AccountId a{};
      for (uint8_t& b : a) b = static_cast<uint8_t>(rng());
      if (i == 0) a.fill(0);  // leading zero bytes exercise base58's '1' padding only with prefix 0
      cases.emplace_back(a, prefix);
    }
  }
  nlohmann::json requests = nlohmann::json::array();
  for (auto& [a, p] : cases) requests.push_back({{"op", "ss58_encode"}, {"key", ToHex(a)}, {"prefix", p}});
  nlohmann::json answers = testing::RunOracle(requests);
  nlohmann::json decode_requests = nlohmann::json::array();
  for (size_t i = 0; i < cases.size(); ++i) {
    auto& [a, p] = cases[i];
    SCOPED_TRACE("prefix " + std::to_string(p) + " key " + ToHex(a));
    std::string ours = Ss58Encode(a, p);
    EXPECT_EQ(ours, answers[i].get<std::string>());
    Result<Ss58Address> back = Ss58Decode(answers[i].get<std::string>());
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back->account, a);
    EXPECT_EQ(back->prefix, p);
    decode_requests.push_back({{"op", "ss58_decode"}, {"address", ours}});
  }
  nlohmann::json decoded = testing::RunOracle(decode_requests);
  for (size_t i = 0; i < cases.size(); ++i) EXPECT_EQ(decoded[i].get<std::string>(), ToHex(cases[i].first));
}

TEST(Ss58, ErrorsNameTheProblem) {
  auto message = [](std::string_view address) {
    Result<Ss58Address> r = Ss58Decode(address);
    EXPECT_FALSE(r.ok()) << address;
    return r.ok() ? std::string() : r.error().message;
  };
  EXPECT_NE(message("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKut0Y").find("invalid base58 character '0'"),
            std::string::npos);
  EXPECT_NE(message("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQZ").find("checksum mismatch"),
            std::string::npos);
  EXPECT_NE(message("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKut").find("expected 35"), std::string::npos);
  EXPECT_NE(message("").find("empty"), std::string::npos);
  // a valid Polkadot (prefix 0) address is not a Bittensor one
  std::string polkadot = Ss58Encode(AliceKey(), 0);
  Result<AccountId> wrong = Ss58DecodeAccount(polkadot);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message.find("has prefix 0, expected 42"), std::string::npos) << wrong.error().message;
  EXPECT_THROW(Ss58Encode(AliceKey(), 16384), std::invalid_argument);
}

TEST(Base58, LeadingZerosAndRoundTrip) {
  Bytes b = {0, 0, 1, 2, 255};
  EXPECT_EQ(Base58Encode(b).substr(0, 2), "11");
  EXPECT_EQ(Base58Decode(Base58Encode(b)).value(), b);
  EXPECT_EQ(Base58Encode({}), "");
}

}  // namespace
}  // namespace kinitro::chain
