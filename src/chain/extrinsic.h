// Signed extrinsics, format v4 (spec/chain.md §8): mortal era, the transaction extensions listed by
// the runtime metadata, the signing payload (blake2-256 when over 256 bytes) and the final bytes.
// An extension kinitro does not know is refused unless its types encode to zero bytes.
#pragma once

#include <array>
#include <cstdint>
#include <functional>

#include "chain/bytes.h"
#include "chain/metadata.h"
#include "chain/sr25519.h"
#include "util/result.h"

namespace kinitro::chain {

using H256 = std::array<uint8_t, 32>;

// Mortality of §8.4: the encoded era and the block whose hash the signature commits to.
struct MortalEra {
  Bytes encoded;         // 2 bytes
  uint64_t birth_block;  // first block the transaction is valid in
};

// Era::mortal(period, current): period rounded up to a power of two in [4, 65536].
MortalEra MakeMortalEra(uint64_t period, uint64_t current_block);

// Chain facts and per-transaction choices the extensions need.
struct SigningParams {
  uint32_t spec_version = 0;         // CheckSpecVersion
  uint32_t transaction_version = 0;  // CheckTxVersion
  H256 genesis_hash{};               // CheckGenesis
  Bytes era;                         // CheckMortality / CheckEra explicit part
  H256 birth_hash{};                 // CheckMortality implicit part (hash of the era's birth block)
  uint32_t nonce = 0;                // CheckNonce
  uint64_t tip = 0;                  // ChargeTransactionPayment (kinitro always sends 0)
};

struct ExtensionBytes {
  Bytes extra;     // explicit parts, in the extrinsic
  Bytes implicit;  // additional-signed parts, only in the signing payload
};

// Encodes every extension of `metadata.signed_extensions` in order. kInvalidArgument naming the
// extension when one is unknown and not zero-sized, or when its metadata type does not fit.
Result<ExtensionBytes> EncodeExtensions(const Metadata& metadata, const SigningParams& params);

// The bytes that get signed: call ‖ extra ‖ implicit, or its blake2-256 when longer than 256 bytes.
Bytes SigningPayload(ByteSpan call, const ExtensionBytes& extensions);

// Compact(len) ‖ 0x84 ‖ 00 signer ‖ 01 signature ‖ extra ‖ call.
Bytes AssembleSignedExtrinsic(const AccountId& signer, const Sr25519Signature& signature, ByteSpan extra,
                              ByteSpan call);

// Signs `payload` (already hashed if needed); a real signer uses fresh randomness, tests inject it.
using PayloadSigner = std::function<Sr25519Signature(ByteSpan payload)>;

// Encodes the extensions, signs and assembles. kInvalidArgument from EncodeExtensions, or when the
// metadata's extrinsic version is not 4.
Result<Bytes> BuildSignedExtrinsic(const Metadata& metadata, const SigningParams& params, const AccountId& signer,
                                   const PayloadSigner& sign, ByteSpan call);

// Offset of the 64 signature bytes inside an extrinsic built above (after the length prefix,
// version byte, address and signature tag); for tests that corrupt a signature on purpose.
size_t SignatureOffset(ByteSpan extrinsic);

}  // namespace kinitro::chain
