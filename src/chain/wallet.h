// Bittensor wallet files (spec/chain.md §11; btwallet 4): <path>/<wallet>/hotkeys/<hotkey> and
// <path>/<wallet>/coldkeypub.txt, plain JSON or "$NACL"-encrypted. Kinitro signs with the hotkey
// and never needs the coldkey's secret.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "chain/bytes.h"
#include "chain/sr25519.h"
#include "chain/ss58.h"
#include "util/result.h"

namespace kinitro::chain {

struct WalletLocation {
  std::string path;               // directory holding the wallets, "~" expanded by the loaders
  std::string name = "default";   // wallet (coldkey) name
  std::string hotkey = "default"; // hotkey name
};

// ~/.bittensor/wallets, default, default, each overridden by BT_WALLET_PATH, BT_WALLET_NAME and
// BT_WALLET_HOTKEY; callers then apply --wallet-path and friends.
WalletLocation DefaultWalletLocation();

std::string HotkeyFile(const WalletLocation& location);      // <path>/<name>/hotkeys/<hotkey>
std::string ColdkeyPubFile(const WalletLocation& location);  // <path>/<name>/coldkeypub.txt

enum class KeyfileFormat {
  kPlainJson,     // the JSON of §11.2
  kNacl,          // "$NACL" ‖ nonce ‖ secretbox (§11.3)
  kAnsibleVault,  // "$ANSIBLE_VAULT" (legacy, unsupported)
  kLegacyFernet,  // "gAAAAA" (bittensor <= 6, unsupported)
};

KeyfileFormat DetectKeyfileFormat(ByteSpan contents);
std::string_view KeyfileFormatName(KeyfileFormat format);  // "plain JSON", "NaCl", ...

// Argon2i (opslimit 8, memlimit 512 MiB, bittensor's fixed salt) + XSalsa20-Poly1305 open.
// Takes ~2 s and 512 MiB. kInvalidArgument for a wrong password, kBadShape for a short file,
// kIo if Argon2i cannot get its memory.
Result<Bytes> DecryptNaclKeyfile(ByteSpan contents, std::string_view password);

struct Keyfile {
  AccountId public_key;
  std::string ss58_address;               // prefix 42
  std::optional<Sr25519Keypair> keypair;  // absent for public-only files (coldkeypub.txt)
};

// Parses keyfile bytes of any format. Encrypted files need `password` (kInvalidArgument if it is
// missing or wrong); Ansible Vault and Fernet files are refused naming the format. Secrets are
// read in btwallet's priority secretPhrase → secretSeed → privateKey, public-only files by
// publicKey/accountId/ss58Address; any stated public key must match the secret (kBadShape).
// `source` names the file in messages. Nullable: password.
Result<Keyfile> ParseKeyfile(ByteSpan contents, const std::optional<std::string>& password,
                             std::string_view source);

// Reads and parses one keyfile; kIo if it cannot be read. Nullable: password.
Result<Keyfile> LoadKeyfile(const std::string& file, const std::optional<std::string>& password);

// The hotkey of `location` (its secret is required: kBadShape for a public-only hotkey file).
Result<Keyfile> LoadHotkey(const WalletLocation& location,
                           const std::optional<std::string>& password = std::nullopt);

// The coldkey's public part from coldkeypub.txt.
Result<Keyfile> LoadColdkeyPub(const WalletLocation& location);

}  // namespace kinitro::chain
