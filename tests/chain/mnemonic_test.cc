// Tests for chain/mnemonic.cc: the embedded word list (spec/chain.md §11.5 hash), the dev-phrase
// vector, checksum rejection, and entropy / mini secrets of oracle-generated phrases.
#include "chain/mnemonic.h"

#include <gtest/gtest.h>
#include <sodium.h>

#include "chain/suri.h"
#include "oracle.h"

namespace kinitro::chain {
namespace {

TEST(Bip39, EmbeddedWordListIsTheStandardOne) {
  std::span<const std::string_view> words = Bip39EnglishWords();
  ASSERT_EQ(words.size(), 2048u);
  std::string file;
  for (std::string_view w : words) file.append(w).push_back('\n');
  std::array<uint8_t, 32> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const uint8_t*>(file.data()), file.size());
  EXPECT_EQ(ToHex(digest, false), "2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda");
}

TEST(Bip39, DevPhraseVector) {
  Result<Bytes> entropy = MnemonicToEntropy(kDevPhrase);
  ASSERT_TRUE(entropy.ok()) << entropy.error().message;
  EXPECT_EQ(ToHex(*entropy, false), "1a486a5fbe53639984cb64b070755f7b");
  EXPECT_EQ(ToHex(MiniSecretFromEntropy(*entropy), false),
            "fac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e");
  EXPECT_EQ(EntropyToMnemonic(*entropy), kDevPhrase);
  // extra whitespace is allowed between words
  EXPECT_TRUE(MnemonicToEntropy("  bottom drive obey lake curtain smoke\tbasket hold race lonely fit walk\n").ok());
}

TEST(Bip39, RejectsBadWordsCountsAndChecksums) {
  Result<Bytes> swapped = MnemonicToEntropy("drive bottom obey lake curtain smoke basket hold race lonely fit walk");
  ASSERT_FALSE(swapped.ok());
  EXPECT_NE(swapped.error().message.find("checksum mismatch"), std::string::npos);
  Result<Bytes> unknown = MnemonicToEntropy("bottom drive obey lake curtain smoke basket hold race lonely fit walks");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("word 12 'walks'"), std::string::npos) << unknown.error().message;
  Result<Bytes> short_phrase = MnemonicToEntropy("bottom drive obey");
  ASSERT_FALSE(short_phrase.ok());
  EXPECT_NE(short_phrase.error().message.find("has 3 words"), std::string::npos);
}

TEST(Bip39, OracleGeneratedPhrasesOfEveryLength) {
  nlohmann::json requests = nlohmann::json::array();
  for (int words : {12, 15, 18, 21, 24}) {
    requests.push_back({{"op", "mnemonic_generate"}, {"words", words}});
    requests.push_back({{"op", "mnemonic_generate"}, {"words", words}, {"password", "pässword 1"}});
  }
  nlohmann::json answers = testing::RunOracle(requests);
  for (size_t i = 0; i < answers.size(); ++i) {
    std::string phrase = answers[i]["phrase"];
    SCOPED_TRACE(phrase);
    Result<Bytes> entropy = MnemonicToEntropy(phrase);
    ASSERT_TRUE(entropy.ok()) << entropy.error().message;
    EXPECT_EQ(ToHex(*entropy), answers[i]["entropy"]);
    EXPECT_EQ(EntropyToMnemonic(*entropy), phrase);
    std::string password = requests[i].value("password", "");
    EXPECT_EQ(ToHex(MiniSecretFromEntropy(*entropy, password)), answers[i]["mini"]);
  }
}

}  // namespace
}  // namespace kinitro::chain
