// sr25519 as schnorrkel 0.11 and Substrate's sp_core use it (spec/chain.md §10): Schnorr
// signatures over ristretto255 (libsodium) with merlin transcripts, ExpandEd25519 key expansion
// and hard/soft HDKD. Thread: all functions are thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "chain/bytes.h"
#include "chain/ss58.h"
#include "util/result.h"

namespace kinitro::chain {

using MiniSecret = std::array<uint8_t, 32>;
using ChainCode = std::array<uint8_t, 32>;
using Sr25519Signature = std::array<uint8_t, 64>;

// Substrate's signing context (sp_core::sr25519).
inline constexpr std::string_view kSubstrateSigningContext = "substrate";

struct Sr25519Keypair {
  std::array<uint8_t, 32> secret;  // scalar x, canonical little-endian (schnorrkel to_bytes)
  std::array<uint8_t, 32> nonce;   // nonce seed z
  AccountId public_key;            // x·B, compressed ristretto255
};

//---- Keys ----

// ExpandEd25519 (§10.4): h = SHA-512(mini); x = clamp(h[0..32]) / 8; z = h[32..64].
Sr25519Keypair Sr25519FromMiniSecret(std::span<const uint8_t, 32> mini_secret);

// From schnorrkel's 64-byte secret x ‖ z (btwallet `privateKey`); kInvalidArgument for a wrong
// length or a non-canonical x.
Result<Sr25519Keypair> Sr25519FromSecretBytes(ByteSpan secret);

// The polkadot-js / ed25519 serialisation 8·x ‖ z of the secret (§10.4 table).
std::array<uint8_t, 64> Sr25519SecretEd25519Bytes(const Sr25519Keypair& keypair);

//---- Signatures ----

// Signs with fresh randomness (libsodium randombytes), as schnorrkel does.
Sr25519Signature Sr25519Sign(const Sr25519Keypair& keypair, ByteSpan message,
                             std::string_view context = kSubstrateSigningContext);

// Signs with `random` in place of schnorrkel's RNG output; deterministic, for test vectors only.
Sr25519Signature Sr25519SignWithRandom(const Sr25519Keypair& keypair, ByteSpan message,
                                       std::span<const uint8_t, 32> random,
                                       std::string_view context = kSubstrateSigningContext);

// Ok if `signature` is a valid schnorrkel signature of `message` by `public_key`; otherwise an
// Error{kInvalidArgument} saying why (no marker bit, non-canonical s, bad key, mismatch).
Status Sr25519Verify(ByteSpan message, std::span<const uint8_t, 64> signature,
                     const AccountId& public_key,
                     std::string_view context = kSubstrateSigningContext);

//---- Derivation (§10.5) ----

// Hard junction: mini = Transcript("SchnorrRistrettoHDKD") over (chain code, x), expanded.
Sr25519Keypair Sr25519HardDerive(const Sr25519Keypair& keypair, const ChainCode& chain_code);

// Soft junction: x' = x + t, A' = A + t·B with t from the public key and chain code; the new
// nonce seed is random, as in schnorrkel, so only the key and public key are deterministic.
Sr25519Keypair Sr25519SoftDerive(const Sr25519Keypair& keypair, const ChainCode& chain_code);

// Soft junction on a public key alone; kInvalidArgument if `public_key` is not a valid point.
Result<AccountId> Sr25519SoftDerivePublic(const AccountId& public_key, const ChainCode& chain_code);

}  // namespace kinitro::chain
