// SS58 addresses (spec/chain.md §3) for 32-byte account ids: base58(prefix ‖ account ‖ checksum),
// checksum = blake2b-512("SS58PRE" ‖ prefix ‖ account)[0..2]. Prefixes 0..63 take one byte,
// 64..16383 two bytes. Bittensor uses 42.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "chain/bytes.h"
#include "util/result.h"

namespace kinitro::chain {

using AccountId = std::array<uint8_t, 32>;  // an sr25519 public key

inline constexpr uint16_t kBittensorSs58Prefix = 42;

struct Ss58Address {
  AccountId account;  // the 32-byte public key
  uint16_t prefix;    // network prefix, 0..16383
};

// Base58 (Bitcoin alphabet) of arbitrary bytes; leading zero bytes become '1'.
std::string Base58Encode(ByteSpan bytes);
// Inverse of Base58Encode; kInvalidArgument naming the first character outside the alphabet.
Result<Bytes> Base58Decode(std::string_view text);

// The SS58 text of `account` under `prefix`; throws std::invalid_argument for prefix > 16383.
std::string Ss58Encode(const AccountId& account, uint16_t prefix = kBittensorSs58Prefix);

// Decodes any-prefix SS58 for a 32-byte account; kInvalidArgument on bad base58, a length other
// than a 32-byte account's, a reserved prefix byte or a checksum mismatch.
Result<Ss58Address> Ss58Decode(std::string_view address);

// Ss58Decode plus a check that the prefix is `expected_prefix`.
Result<AccountId> Ss58DecodeAccount(std::string_view address,
                                    uint16_t expected_prefix = kBittensorSs58Prefix);

}  // namespace kinitro::chain
