// Signed extrinsic v4 (spec/chain.md §8.1-8.4).
#include "chain/extrinsic.h"

#include <algorithm>
#include <bit>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "chain/hashing.h"
#include "chain/scale.h"
#include "chain/scale_value.h"

namespace kinitro::chain {

MortalEra MakeMortalEra(uint64_t period, uint64_t current_block) {
  // §8.4: period a power of two in [4, 65536], phase quantized for long periods
  period = std::clamp<uint64_t>(std::bit_ceil(std::max<uint64_t>(period, 1)), 4, 65536);
  uint64_t phase = current_block % period;
  uint64_t q = std::max<uint64_t>(period >> 12, 1);
  phase = phase / q * q;
  uint64_t low = std::min<uint64_t>(std::max<uint64_t>(std::countr_zero(period) - 1, 1), 15);
  uint16_t encoded = static_cast<uint16_t>(low | ((phase / q) << 4));
  uint64_t birth = (std::max(current_block, phase) - phase) / period * period + phase;
  return {{static_cast<uint8_t>(encoded & 0xff), static_cast<uint8_t>(encoded >> 8)}, birth};
}

namespace {

// What one extension contributes: nullopt parts must be zero-sized in the metadata.
struct ExtensionValues {
  std::optional<Value> extra;
  std::optional<Value> implicit;
  bool raw_extra = false;  // `extra` holds pre-encoded bytes (Era has a hand-written codec)
};

std::optional<ExtensionValues> KnownExtension(const std::string& id, const SigningParams& p) {
  // spec/chain.md §8.2: explicit and implicit parts of each extension kinitro knows
  if (id == "CheckNonZeroSender" || id == "CheckWeight") return ExtensionValues{};
  if (id == "CheckSpecVersion") return ExtensionValues{std::nullopt, Value::Uint(p.spec_version)};
  if (id == "CheckTxVersion") return ExtensionValues{std::nullopt, Value::Uint(p.transaction_version)};
  if (id == "CheckGenesis")
    return ExtensionValues{std::nullopt, Value::Raw(Bytes(p.genesis_hash.begin(), p.genesis_hash.end()))};
  if (id == "CheckMortality" || id == "CheckEra")
    return ExtensionValues{Value::Raw(p.era), Value::Raw(Bytes(p.birth_hash.begin(), p.birth_hash.end())), true};
  if (id == "CheckNonce") return ExtensionValues{Value::Uint(p.nonce), std::nullopt};
  if (id == "ChargeTransactionPayment" || id == "ChargeTransactionPaymentWrapper")
    return ExtensionValues{Value::Uint(p.tip), std::nullopt};
  // metadata hash checking off: mode Disabled, no hash
  if (id == "CheckMetadataHash") return ExtensionValues{Value::Variant("Disabled"), Value::Variant("None")};
  return std::nullopt;
}

}  // namespace

Result<ExtensionBytes> EncodeExtensions(const Metadata& metadata, const SigningParams& params) {
  ExtensionBytes out;
  for (const SignedExtensionInfo& ext : metadata.signed_extensions) {
    const TypeRegistry& types = metadata.types;
    auto known = KnownExtension(ext.identifier, params);
    if (!known) {
      // zero-sized extensions (SubtensorSignedExtension, CommitmentsSignedExtension, ...) add nothing
      if (types.IsZeroSized(ext.type) && types.IsZeroSized(ext.additional)) continue;
      return Error{ErrorKind::kInvalidArgument,
                   "cannot sign for this runtime: transaction extension '" + ext.identifier +
                       "' has explicit type " + types.Describe(ext.type) + " and implicit type " +
                       types.Describe(ext.additional) + ", which kinitro does not know how to fill"};
    }
    auto part = [&](const std::optional<Value>& value, uint32_t type, bool raw, Bytes& sink,
                    const char* which) -> Status {
      if (!value) {
        if (!types.IsZeroSized(type))
          return Error{ErrorKind::kInvalidArgument, "transaction extension '" + ext.identifier + "': its " + which +
                                                        " part has type " + types.Describe(type) +
                                                        " where kinitro expects none"};
        return Ok{};
      }
      if (raw) {
        sink.insert(sink.end(), value->bytes.begin(), value->bytes.end());
        return Ok{};
      }
      auto bytes = EncodeValueBytes(types, type, *value, "transaction extension '" + ext.identifier + "' " + which);
      if (!bytes) return bytes.error();
      sink.insert(sink.end(), bytes->begin(), bytes->end());
      return Ok{};
    };
    if (auto s = part(known->extra, ext.type, known->raw_extra, out.extra, "explicit"); !s) return s.error();
    if (auto s = part(known->implicit, ext.additional, false, out.implicit, "implicit"); !s) return s.error();
  }
  return out;
}

Bytes SigningPayload(ByteSpan call, const ExtensionBytes& extensions) {
  Bytes payload(call.begin(), call.end());
  payload.insert(payload.end(), extensions.extra.begin(), extensions.extra.end());
  payload.insert(payload.end(), extensions.implicit.begin(), extensions.implicit.end());
  // §8.1: longer than 256 bytes → sign its blake2-256 (exactly 256 is signed as is)
  if (payload.size() > 256) {
    auto h = Blake2_256(payload);
    return Bytes(h.begin(), h.end());
  }
  return payload;
}

Bytes AssembleSignedExtrinsic(const AccountId& signer, const Sr25519Signature& signature, ByteSpan extra,
                              ByteSpan call) {
  scale::Encoder body;
  body.U8(0x84);  // signed | version 4
  body.U8(0x00);  // MultiAddress::Id
  body.Raw(signer);
  body.U8(0x01);  // MultiSignature::Sr25519
  body.Raw(signature);
  body.Raw(extra);
  body.Raw(call);
  scale::Encoder out;
  out.Bytes(body.bytes());
  return out.Take();
}

Result<Bytes> BuildSignedExtrinsic(const Metadata& metadata, const SigningParams& params, const AccountId& signer,
                                   const PayloadSigner& sign, ByteSpan call) {
  if (metadata.extrinsic_version != 4)
    return Error{ErrorKind::kInvalidArgument, "runtime uses extrinsic format v" +
                                                  std::to_string(metadata.extrinsic_version) + "; kinitro signs v4 only"};
  auto ext = EncodeExtensions(metadata, params);
  if (!ext) return ext.error();
  Bytes payload = SigningPayload(call, *ext);
  return AssembleSignedExtrinsic(signer, sign(payload), ext->extra, call);
}

size_t SignatureOffset(ByteSpan extrinsic) {
  scale::Decoder d(extrinsic);
  d.CompactU64("extrinsic length");
  return d.offset() + 1 + 33 + 1;
}

}  // namespace kinitro::chain
