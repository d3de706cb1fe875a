// drand timelock encryption as the subtensor runtime decrypts it (spec/chain.md §7.4): ideal-lab5
// `tle` over BLS12-381 (identity = sha256 of the round, signatures on G1, beacon key on G2) with an
// AES-256-GCM body, in the ark-serialize layout of L + 244 bytes for an L-byte plaintext.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "chain/bytes.h"
#include "util/result.h"

namespace kinitro::chain {

//---- drand quicknet (spec/chain.md §7.1) ----

// quicknet's public key: compressed G2, 96 bytes as hex
inline constexpr std::string_view kQuicknetPublicKeyHex =
    "83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc2"
    "2b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a";
inline constexpr uint64_t kQuicknetGenesisTime_s = 1692803367;  // Unix time of round 1
inline constexpr uint64_t kQuicknetPeriod_s = 3;                // seconds per round
// RFC 9380 domain separation tag of drand's G1 signatures
inline constexpr std::string_view kDrandG1Dst = "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_";

// The identity of a round: sha256(round as u64 big-endian).
std::array<uint8_t, 32> DrandRoundId(uint64_t round);

// Encrypts `plaintext` so that the beacon's signature for `round` decrypts it; fresh randomness
// from OpenSSL's RAND_bytes. An invalid beacon key (wrong length, not a G2 subgroup point) is
// kInvalidArgument.
Result<Bytes> TimelockEncrypt(ByteSpan beacon_public_key_g2, uint64_t round, ByteSpan plaintext);

// Decrypts a ciphertext of TimelockEncrypt with the round's signature σ (compressed G1). A
// malformed ciphertext or signature is kInvalidArgument; a signature of another round or key
// (the consistency check on U or the AES-GCM tag fails) is kBadShape.
Result<Bytes> TimelockDecrypt(ByteSpan ciphertext, ByteSpan signature_g1);

}  // namespace kinitro::chain
