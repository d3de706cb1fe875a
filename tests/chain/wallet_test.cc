// Tests for chain/wallet.cc: Bittensor keyfiles in a temp wallet directory — plain JSON in each
// of btwallet's secret forms, coldkeypub.txt, the spec/chain.md §11.3 $NACL vector, a $NACL hotkey
// encrypted here with libsodium in bittensor's format, and the errors for wrong passwords, legacy
// formats and inconsistent files.
#include "chain/wallet.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "chain/suri.h"

namespace kinitro::chain {
namespace {

namespace fs = std::filesystem;

// the dev phrase's root key (spec/chain.md §10.4)
constexpr char kMini[] = "fac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e";
constexpr char kPublic[] = "0x46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a";
constexpr char kSs58[] = "5DfhGyQdFobKM8NsWvEeAKk5EQQgYe9AydgJ7rMB6E1EqRzV";

class WalletTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/kinitro-wallet-test-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    location_ = {root_.string(), "w", "hk"};
    fs::create_directories(root_ / "w" / "hotkeys");
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const fs::path& file, std::string_view contents) {
    std::ofstream(file, std::ios::binary) << contents;
  }
  void WriteHotkey(std::string_view contents) { Write(HotkeyFile(location_), contents); }

  // btwallet's full hotkey JSON for the dev phrase root key
  static nlohmann::json FullKeyfile() {
    Sr25519Keypair kp = Sr25519FromSuri(std::string(kDevPhrase)).value();
    Bytes priv(kp.secret.begin(), kp.secret.end());
    priv.insert(priv.end(), kp.nonce.begin(), kp.nonce.end());
    return {{"accountId", kPublic}, {"publicKey", kPublic}, {"privateKey", ToHex(priv)},
            {"secretPhrase", std::string(kDevPhrase)}, {"secretSeed", std::string("0x") + kMini},
            {"ss58Address", kSs58}};
  }

  fs::path root_;
  WalletLocation location_;
};

void ExpectDevRootKey(const Result<Keyfile>& k) {
  ASSERT_TRUE(k.ok()) << k.error().message;
  ASSERT_TRUE(k->keypair.has_value());
  EXPECT_EQ(ToHex(k->public_key), kPublic);
  EXPECT_EQ(k->ss58_address, kSs58);
  EXPECT_EQ(k->keypair->public_key, k->public_key);
}

TEST_F(WalletTest, PlainHotkeyInEverySecretForm) {
  nlohmann::json full = FullKeyfile();
  WriteHotkey(full.dump());
  ExpectDevRootKey(LoadHotkey(location_));
  // each secret alone, in btwallet's priority order; null fields are accepted
  for (const char* only : {"secretPhrase", "secretSeed", "privateKey"}) {
    SCOPED_TRACE(only);
    nlohmann::json j = {{"accountId", nullptr}, {only, full[only]}};
    WriteHotkey(j.dump());
    ExpectDevRootKey(LoadHotkey(location_));
  }
  // secretSeed without 0x
  WriteHotkey(nlohmann::json{{"secretSeed", kMini}}.dump());
  ExpectDevRootKey(LoadHotkey(location_));
}

TEST_F(WalletTest, ColdkeyPubAndPublicOnlyHotkey) {
  nlohmann::json pub = {{"accountId", kPublic}, {"publicKey", kPublic}, {"ss58Address", kSs58}};
  Write(root_ / "w" / "coldkeypub.txt", pub.dump());
  Result<Keyfile> cold = LoadColdkeyPub(location_);
  ASSERT_TRUE(cold.ok()) << cold.error().message;
  EXPECT_FALSE(cold->keypair.has_value());
  EXPECT_EQ(cold->ss58_address, kSs58);
  WriteHotkey(pub.dump());
  Result<Keyfile> hot = LoadHotkey(location_);
  ASSERT_FALSE(hot.ok());
  EXPECT_NE(hot.error().message.find("only a public key"), std::string::npos);
}

TEST_F(WalletTest, InconsistentOrBrokenFilesAreRejected) {
  nlohmann::json j = FullKeyfile();
  j["publicKey"] = "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
  WriteHotkey(j.dump());
  Result<Keyfile> k = LoadHotkey(location_);
  ASSERT_FALSE(k.ok());
  EXPECT_EQ(k.error().kind, ErrorKind::kBadShape);
  EXPECT_NE(k.error().message.find("disagrees"), std::string::npos) << k.error().message;

  WriteHotkey("{not json");
  EXPECT_EQ(LoadHotkey(location_).error().kind, ErrorKind::kBadJson);
  WriteHotkey(R"({"secretSeed":"0x1234"})");
  EXPECT_NE(LoadHotkey(location_).error().message.find("'secretSeed' has 2 bytes, expected 32"), std::string::npos);
  WriteHotkey(R"({"secretSeed":5})");
  EXPECT_NE(LoadHotkey(location_).error().message.find("not a string"), std::string::npos);
  WriteHotkey("{}");
  EXPECT_NE(LoadHotkey(location_).error().message.find("has no secretPhrase"), std::string::npos);

  WalletLocation missing = location_;
  missing.hotkey = "nope";
  Result<Keyfile> m = LoadHotkey(missing);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().kind, ErrorKind::kIo);
  EXPECT_NE(m.error().message.find("hotkeys/nope"), std::string::npos);
}

TEST_F(WalletTest, LegacyFormatsAreNamed) {
  WriteHotkey("$ANSIBLE_VAULT;1.1;AES256\n6162636465\n");
  Result<Keyfile> vault = LoadHotkey(location_, "pw");
  ASSERT_FALSE(vault.ok());
  EXPECT_NE(vault.error().message.find("Ansible Vault"), std::string::npos) << vault.error().message;
  WriteHotkey("gAAAAABkZXhhbXBsZQ==");
  Result<Keyfile> fernet = LoadHotkey(location_, "pw");
  ASSERT_FALSE(fernet.ok());
  EXPECT_NE(fernet.error().message.find("Fernet"), std::string::npos) << fernet.error().message;
}

TEST(NaclKeyfile, SpecVector) {
  // spec/chain.md §11.3: password kinitro-test, nonce 00..17
  Bytes file = FromHex(
      "244e41434c000102030405060708090a0b0c0d0e0f101112131415161770388643b0da1903e9495ec0eefc9e0b418a98f2"
      "7fc776d3431cf7c6b8dfd3b629d19fd4f49b4790a62eeb8a032b188aaf793222e5bdc508c213a1d60672b9db5a29667ba3"
      "5a63ba0668beb751ac7370dd593e6c305e08eea10ebdc82fa5fea54e76").value();
  ASSERT_EQ(file.size(), 127u);
  EXPECT_EQ(DetectKeyfileFormat(file), KeyfileFormat::kNacl);
  Result<Keyfile> k = ParseKeyfile(file, std::string("kinitro-test"), "spec vector");
  ASSERT_TRUE(k.ok()) << k.error().message;
  EXPECT_EQ(k->ss58_address, "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
  EXPECT_FALSE(k->keypair.has_value());
}

TEST_F(WalletTest, NaclHotkeyEncryptedHereOpensWithTheRightPasswordOnly) {
  // bittensor's format made independently with libsodium: "$NACL" ‖ nonce ‖ secretbox(json)
  ASSERT_GE(sodium_init(), 0);
  const std::string password = "correct horse";
  const uint8_t salt[16] = {0x13, 0x71, 0x83, 0xdf, 0xf1, 0x5a, 0x09, 0xbc,
                            0x9c, 0x90, 0xb5, 0x51, 0x87, 0x39, 0xe9, 0xb1};
  uint8_t key[crypto_secretbox_KEYBYTES];
  ASSERT_EQ(crypto_pwhash(key, sizeof key, password.data(), password.size(), salt,
                          crypto_pwhash_argon2i_OPSLIMIT_SENSITIVE, crypto_pwhash_argon2i_MEMLIMIT_SENSITIVE,
                          crypto_pwhash_ALG_ARGON2I13),
            0);
  std::string plain = FullKeyfile().dump();
  uint8_t nonce[crypto_secretbox_NONCEBYTES];
  randombytes_buf(nonce, sizeof nonce);
  std::string file = "$NACL";
  file.append(reinterpret_cast<char*>(nonce), sizeof nonce);
  std::string boxed(plain.size() + crypto_secretbox_MACBYTES, '\0');
  crypto_secretbox_easy(reinterpret_cast<uint8_t*>(boxed.data()), reinterpret_cast<const uint8_t*>(plain.data()),
                        plain.size(), nonce, key);
  file += boxed;
  WriteHotkey(file);

  ExpectDevRootKey(LoadHotkey(location_, password));
  Result<Keyfile> wrong = LoadHotkey(location_, std::string("wrong horse"));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(wrong.error().message.find("wrong password"), std::string::npos) << wrong.error().message;
  Result<Keyfile> none = LoadHotkey(location_);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("a password is needed"), std::string::npos);
  // a truncated file fails before any key derivation
  WriteHotkey(file.substr(0, 30));
  EXPECT_NE(LoadHotkey(location_, password).error().message.find("truncated"), std::string::npos);
}

TEST(WalletLocation, EnvironmentOverridesAndHomeExpansion) {
  setenv("BT_WALLET_PATH", "~/custom", 1);
  setenv("BT_WALLET_NAME", "cold", 1);
  unsetenv("BT_WALLET_HOTKEY");
  setenv("HOME", "/home/tester", 1);
  WalletLocation w = DefaultWalletLocation();
  EXPECT_EQ(HotkeyFile(w), "/home/tester/custom/cold/hotkeys/default");
  EXPECT_EQ(ColdkeyPubFile(w), "/home/tester/custom/cold/coldkeypub.txt");
  unsetenv("BT_WALLET_PATH");
  unsetenv("BT_WALLET_NAME");
  EXPECT_EQ(HotkeyFile(DefaultWalletLocation()), "/home/tester/.bittensor/wallets/default/hotkeys/default");
}

}  // namespace
}  // namespace kinitro::chain
