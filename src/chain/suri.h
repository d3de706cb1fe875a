// Secret URIs "phrase//hard/soft///password" (spec/chain.md §10.5) as sp_core parses them: the
// phrase is a BIP-39 mnemonic, a 0x-hex 32-byte mini secret, or empty for the dev phrase.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chain/sr25519.h"
#include "util/result.h"

namespace kinitro::chain {

// Substrate's development phrase (//Alice, //Bob, ... derive from it).
inline constexpr std::string_view kDevPhrase =
    "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

struct DeriveJunction {
  ChainCode chain_code;  // the junction's 32-byte chain code
  bool hard;             // "//x" is hard, "/x" soft
};

// Chain code of junction text `x` (without slashes): a decimal u64 → its 8 bytes LE, otherwise
// SCALE(String); padded with zeros to 32 bytes, or blake2_256 of it when longer than 32.
DeriveJunction MakeJunction(std::string_view text, bool hard);

struct SecretUri {
  std::string phrase;                  // mnemonic, "0x…" seed, or empty (dev phrase)
  std::vector<DeriveJunction> path;    // in order
  std::optional<std::string> password; // after "///"; salts the mnemonic KDF
};

// Splits a URI; kInvalidArgument for an empty junction or a phrase with characters other than
// letters, digits and spaces.
Result<SecretUri> ParseSecretUri(std::string_view suri);

// The key pair of a URI, hard and soft junctions applied in order. kInvalidArgument for a bad
// mnemonic, a hex seed that is not 32 bytes, or a malformed URI. A password with a hex seed is
// ignored, as in sp_core.
Result<Sr25519Keypair> Sr25519FromSuri(std::string_view suri);

}  // namespace kinitro::chain
