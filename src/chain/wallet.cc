#include "chain/wallet.h"

#include <sodium.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "chain/mnemonic.h"

namespace kinitro::chain {
namespace {

// spec/chain.md §11.3: btwallet's Argon2i parameters and fixed salt
constexpr unsigned long long kArgonOpsLimit = 8;          // argon2i OPSLIMIT_SENSITIVE
constexpr size_t kArgonMemLimitBytes = 536870912;          // argon2i MEMLIMIT_SENSITIVE
constexpr uint8_t kNaclSalt[16] = {0x13, 0x71, 0x83, 0xdf, 0xf1, 0x5a, 0x09, 0xbc,
                                   0x9c, 0x90, 0xb5, 0x51, 0x87, 0x39, 0xe9, 0xb1};
constexpr std::string_view kNaclMagic = "$NACL";
constexpr size_t kMaxKeyfileBytes = 1 << 20;

bool StartsWith(ByteSpan b, std::string_view prefix) {
  return b.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), b.begin());
}

std::string ExpandHome(const std::string& path) {
  if (path == "~" || path.starts_with("~/")) {
    const char* home = std::getenv("HOME");
    return std::string(home ? home : "") + path.substr(1);
  }
  return path;
}

std::string EnvOr(const char* name, std::string fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : std::move(fallback);
}

// a string field or nullopt for absent/null; a non-string is an error
Result<std::optional<std::string>> StringField(const nlohmann::json& j, const char* key, std::string_view source) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) {
    return Error{ErrorKind::kBadShape, std::string(source) + ": field '" + key + "' is not a string"};
  }
  return std::optional<std::string>(it->get<std::string>());
}

Result<Bytes> HexField(const std::string& value, size_t bytes, const char* key, std::string_view source) {
  Result<Bytes> b = FromHex(value);
  if (!b) return Error{ErrorKind::kBadShape, std::string(source) + ": field '" + key + "': " + b.error().message};
  if (b->size() != bytes) {
    return Error{ErrorKind::kBadShape, std::string(source) + ": field '" + key + "' has " +
                                           std::to_string(b->size()) + " bytes, expected " + std::to_string(bytes)};
  }
  return b;
}

Result<Keyfile> ParseKeyfileJson(std::string_view text, std::string_view source) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) {
    return Error{ErrorKind::kBadJson, std::string(source) + ": not a JSON object (nor an encrypted keyfile)"};
  }
  std::optional<std::string> fields[6];
  const char* names[6] = {"secretPhrase", "secretSeed", "privateKey", "publicKey", "accountId", "ss58Address"};
  for (int i = 0; i < 6; ++i) {
    Result<std::optional<std::string>> f = StringField(j, names[i], source);
    if (!f) return f.error();
    fields[i] = *f;
  }
  const auto& [phrase, seed, private_key, public_key, account_id, ss58] = fields;

  // the secret, in btwallet 4's priority order (§11.2)
  Keyfile out{};
  if (phrase) {
    Result<Bytes> entropy = MnemonicToEntropy(*phrase);
    if (!entropy) return Error{ErrorKind::kBadShape, std::string(source) + ": secretPhrase: " + entropy.error().message};
    out.keypair = Sr25519FromMiniSecret(MiniSecretFromEntropy(*entropy));
  } else if (seed) {
    Result<Bytes> s = HexField(*seed, 32, "secretSeed", source);
    if (!s) return s.error();
    out.keypair = Sr25519FromMiniSecret(std::span<const uint8_t, 32>(s->data(), 32));
  } else if (private_key) {
    Result<Bytes> s = HexField(*private_key, 64, "privateKey", source);
    if (!s) return s.error();
    Result<Sr25519Keypair> kp = Sr25519FromSecretBytes(*s);
    if (!kp) return Error{ErrorKind::kBadShape, std::string(source) + ": privateKey: " + kp.error().message};
    out.keypair = *kp;
  }

  // every public key the file states must agree (with the secret, if there is one)
  std::optional<AccountId> stated;
  std::string stated_from;
  auto agree = [&](const AccountId& key, const char* from) -> Status {
    if (stated && *stated != key) {
      return Error{ErrorKind::kBadShape, std::string(source) + ": '" + from + "' " + ToHex(key) +
                                             " disagrees with '" + stated_from + "' " + ToHex(*stated)};
    }
    stated = key;
    stated_from = from;
    return Ok{};
  };
  if (out.keypair) {
    Status s = agree(out.keypair->public_key, "the secret's public key");
    if (!s) return s.error();
  }
  for (auto [value, name] : {std::pair{&public_key, "publicKey"}, std::pair{&account_id, "accountId"}}) {
    if (!*value) continue;
    Result<Bytes> b = HexField(**value, 32, name, source);
    if (!b) return b.error();
    AccountId key{};
    std::copy(b->begin(), b->end(), key.begin());
    Status s = agree(key, name);
    if (!s) return s.error();
  }
  if (ss58) {
    Result<Ss58Address> a = Ss58Decode(*ss58);
    if (!a) return Error{ErrorKind::kBadShape, std::string(source) + ": ss58Address: " + a.error().message};
    Status s = agree(a->account, "ss58Address");
    if (!s) return s.error();
  }
  if (!stated) {
    return Error{ErrorKind::kBadShape, std::string(source) +
                                           ": keyfile has no secretPhrase, secretSeed, privateKey, publicKey, "
                                           "accountId or ss58Address"};
  }
  out.public_key = *stated;
  out.ss58_address = Ss58Encode(out.public_key);
  return out;
}

}  // namespace

WalletLocation DefaultWalletLocation() {
  WalletLocation w;
  w.path = EnvOr("BT_WALLET_PATH", "~/.bittensor/wallets");
  w.name = EnvOr("BT_WALLET_NAME", "default");
  w.hotkey = EnvOr("BT_WALLET_HOTKEY", "default");
  return w;
}

std::string HotkeyFile(const WalletLocation& location) {
  return ExpandHome(location.path) + "/" + location.name + "/hotkeys/" + location.hotkey;
}

std::string ColdkeyPubFile(const WalletLocation& location) {
  return ExpandHome(location.path) + "/" + location.name + "/coldkeypub.txt";
}

KeyfileFormat DetectKeyfileFormat(ByteSpan contents) {
  if (StartsWith(contents, kNaclMagic)) return KeyfileFormat::kNacl;
  if (StartsWith(contents, "$ANSIBLE_VAULT")) return KeyfileFormat::kAnsibleVault;
  if (StartsWith(contents, "gAAAAA")) return KeyfileFormat::kLegacyFernet;
  return KeyfileFormat::kPlainJson;
}

std::string_view KeyfileFormatName(KeyfileFormat format) {
  switch (format) {
    case KeyfileFormat::kPlainJson: return "plain JSON";
    case KeyfileFormat::kNacl: return "NaCl ($NACL)";
    case KeyfileFormat::kAnsibleVault: return "Ansible Vault ($ANSIBLE_VAULT)";
    case KeyfileFormat::kLegacyFernet: return "legacy Fernet (gAAAAA…)";
  }
  return "unknown";
}

Result<Bytes> DecryptNaclKeyfile(ByteSpan contents, std::string_view password) {
  if (sodium_init() < 0) return Error{ErrorKind::kIo, "libsodium failed to initialise"};
  // "$NACL" ‖ nonce (24) ‖ MAC (16) ‖ ciphertext
  size_t header = kNaclMagic.size() + crypto_secretbox_NONCEBYTES;
  if (!StartsWith(contents, kNaclMagic) || contents.size() < header + crypto_secretbox_MACBYTES) {
    return Error{ErrorKind::kBadShape, "NaCl keyfile is truncated (" + std::to_string(contents.size()) +
                                           " bytes, at least " + std::to_string(header + crypto_secretbox_MACBYTES) +
                                           " needed)"};
  }
  std::array<uint8_t, crypto_secretbox_KEYBYTES> key{};
  if (crypto_pwhash(key.data(), key.size(), password.data(), password.size(), kNaclSalt, kArgonOpsLimit,
                    kArgonMemLimitBytes, crypto_pwhash_ALG_ARGON2I13) != 0) {
    return Error{ErrorKind::kIo, "Argon2i key derivation failed (it needs 512 MiB of memory)"};
  }
  ByteSpan nonce = contents.subspan(kNaclMagic.size(), crypto_secretbox_NONCEBYTES);
  ByteSpan boxed = contents.subspan(header);
  Bytes plain(boxed.size() - crypto_secretbox_MACBYTES);
  int rc = crypto_secretbox_open_easy(plain.data(), boxed.data(), boxed.size(), nonce.data(), key.data());
  sodium_memzero(key.data(), key.size());
  if (rc != 0) {
    return Error{ErrorKind::kInvalidArgument, "wrong password for the NaCl-encrypted keyfile (or the file is corrupt)"};
  }
  return plain;
}

Result<Keyfile> ParseKeyfile(ByteSpan contents, const std::optional<std::string>& password, std::string_view source) {
  KeyfileFormat format = DetectKeyfileFormat(contents);
  switch (format) {
    case KeyfileFormat::kPlainJson:
      return ParseKeyfileJson({reinterpret_cast<const char*>(contents.data()), contents.size()}, source);
    case KeyfileFormat::kNacl: {
      if (!password) {
        return Error{ErrorKind::kInvalidArgument,
                     std::string(source) + " is encrypted (NaCl); a password is needed to open it"};
      }
      Result<Bytes> plain = DecryptNaclKeyfile(contents, *password);
      if (!plain) return Error{plain.error().kind, std::string(source) + ": " + plain.error().message};
      Result<Keyfile> k = ParseKeyfileJson({reinterpret_cast<const char*>(plain->data()), plain->size()}, source);
      sodium_memzero(plain->data(), plain->size());
      return k;
    }
    case KeyfileFormat::kAnsibleVault:
    case KeyfileFormat::kLegacyFernet:
      return Error{ErrorKind::kInvalidArgument,
                   std::string(source) + " uses the legacy " + std::string(KeyfileFormatName(format)) +
                       " keyfile format, which kinitro does not read; re-encrypt it with a current btcli "
                       "(`btcli wallet update`) or regenerate the key from its mnemonic"};
  }
  return Error{ErrorKind::kBadShape, std::string(source) + ": unknown keyfile format"};
}

Result<Keyfile> LoadKeyfile(const std::string& file, const std::optional<std::string>& password) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error{ErrorKind::kIo, "cannot open keyfile " + file + " (check --wallet-path, wallet and hotkey names)"};
  std::ostringstream buf;
  buf << in.rdbuf();
  std::string contents = buf.str();
  if (contents.size() > kMaxKeyfileBytes) {
    return Error{ErrorKind::kTooLarge, "keyfile " + file + " is " + std::to_string(contents.size()) +
                                           " bytes; keyfiles are at most a few hundred"};
  }
  Result<Keyfile> k = ParseKeyfile(AsBytes(contents), password, file);
  sodium_memzero(contents.data(), contents.size());
  return k;
}

Result<Keyfile> LoadHotkey(const WalletLocation& location, const std::optional<std::string>& password) {
  std::string file = HotkeyFile(location);
  Result<Keyfile> k = LoadKeyfile(file, password);
  if (k && !k->keypair) {
    return Error{ErrorKind::kBadShape, file + " holds only a public key; signing needs the hotkey's secret"};
  }
  return k;
}

Result<Keyfile> LoadColdkeyPub(const WalletLocation& location) { return LoadKeyfile(ColdkeyPubFile(location), std::nullopt); }

}  // namespace kinitro::chain
