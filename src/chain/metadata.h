// Runtime metadata v14/v15 (spec/chain.md §5): the type registry, pallets with their call, event
// and error types, storage entries and the signed-extension list. Everything kinitro sends or reads
// on chain is looked up here by name, so the same code works against any subtensor runtime.
// Thread: a parsed Metadata is immutable and may be shared between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chain/bytes.h"
#include "chain/hashing.h"
#include "util/result.h"

namespace kinitro::chain {

//---- Type registry (scale-info PortableRegistry) ----

// The numbering of scale-info's TypeDefPrimitive.
enum class Primitive : uint8_t {
  kBool = 0, kChar = 1, kStr = 2, kU8 = 3, kU16 = 4, kU32 = 5, kU64 = 6, kU128 = 7, kU256 = 8,
  kI8 = 9, kI16 = 10, kI32 = 11, kI64 = 12, kI128 = 13, kI256 = 14,
};

struct TypeField {
  std::string name;       // "" for tuple-struct fields
  uint32_t type = 0;      // registry id
  std::string type_name;  // the Rust type as written ("NetUid", "Vec<u16>"), "" if absent
};

struct TypeVariant {
  std::string name;
  uint8_t index = 0;  // the encoded discriminant
  std::vector<TypeField> fields;
};

// The numbering of scale-info's TypeDef.
enum class TypeKind : uint8_t {
  kComposite = 0, kVariant = 1, kSequence = 2, kArray = 3, kTuple = 4, kPrimitive = 5,
  kCompact = 6, kBitSequence = 7,
};

struct TypeInfo {
  std::vector<std::string> path;     // e.g. {"sp_runtime", "DispatchError"}
  TypeKind kind = TypeKind::kTuple;
  std::vector<TypeField> fields;     // kComposite
  std::vector<TypeVariant> variants; // kVariant
  std::vector<uint32_t> tuple;       // kTuple element types
  uint32_t element = 0;              // kSequence/kArray element, kCompact inner, kBitSequence store
  uint32_t length = 0;               // kArray length
  uint32_t bit_order = 0;            // kBitSequence order type
  Primitive primitive = Primitive::kBool;  // kPrimitive
};

class TypeRegistry {
 public:
  // Precondition for the accessors: ids come from this metadata (Parse checks every reference).
  const TypeInfo& Get(uint32_t id) const { return types_.at(id); }
  size_t size() const { return types_.size(); }
  // True if values of `id` always encode to zero bytes (empty tuple/composite, recursively).
  bool IsZeroSized(uint32_t id) const;
  // "sp_runtime::DispatchError", or the kind for anonymous types ("(u16, u16)", "Vec<#12>").
  std::string Describe(uint32_t id) const;

 private:
  friend class MetadataParser;
  std::vector<TypeInfo> types_;  // indexed by id (the registry's ids are 0..n-1)
};

//---- Pallets ----

struct StorageEntryInfo {
  std::string name;
  bool optional = false;               // modifier Optional (OptionQuery): missing means "no value"
  std::vector<Hasher> hashers;         // empty for a plain value
  std::vector<uint32_t> key_types;     // one per hasher
  uint32_t value_type = 0;
  Bytes default_value;                 // the value of a missing ValueQuery entry
};

struct ConstantInfo {
  std::string name;
  uint32_t type = 0;
  Bytes value;
};

struct PalletInfo {
  std::string name;                     // construct_runtime! name ("SubtensorModule")
  uint8_t index = 0;                    // first byte of its calls and events
  std::string storage_prefix;           // hashed with twox128 in storage keys
  std::vector<StorageEntryInfo> storage;
  std::optional<uint32_t> calls_type;   // Variant of the pallet's calls
  std::optional<uint32_t> event_type;   // Variant of its events
  std::optional<uint32_t> error_type;   // Variant of its errors
  std::vector<ConstantInfo> constants;
};

struct SignedExtensionInfo {
  std::string identifier;    // "CheckMortality", "ChargeTransactionPayment", ...
  uint32_t type = 0;         // the explicit part, sent in the extrinsic
  uint32_t additional = 0;   // the implicit part, only signed
};

// A call found by name: its two index bytes and its arguments in order.
struct CallInfo {
  uint8_t pallet_index = 0;
  uint8_t call_index = 0;
  std::vector<TypeField> args;
};

//---- Metadata ----

struct Metadata {
  uint8_t version = 0;              // 14 or 15
  TypeRegistry types;
  std::vector<PalletInfo> pallets;
  uint8_t extrinsic_version = 0;    // 4 for the runtimes we sign for
  std::vector<SignedExtensionInfo> signed_extensions;  // in metadata (= signing) order

  // Lookups by name; kInvalidArgument naming what is missing and what exists.
  Result<const PalletInfo*> Pallet(std::string_view name) const;
  Result<CallInfo> Call(std::string_view pallet, std::string_view call) const;
  Result<const StorageEntryInfo*> Storage(std::string_view pallet, std::string_view item) const;
  // The pallet with construct_runtime! index `index`; nullptr if none. Nullable.
  const PalletInfo* PalletByIndex(uint8_t index) const;
  // "Pallet.ErrorName" for a DispatchError::Module, or a description with the raw indices when
  // the metadata does not know them.
  std::string ErrorName(uint8_t pallet_index, uint8_t error_index) const;
};

// Parses "meta" ‖ version ‖ RuntimeMetadataV14|V15 (the SCALE bytes of state_getMetadata or of
// Metadata_metadata_at_version). kBadShape with the byte offset for malformed input, kInvalidArgument
// for another version. Fields after `extrinsic` that kinitro does not use (v15 runtime APIs, outer
// enums, custom) are not parsed.
Result<Metadata> ParseMetadata(ByteSpan bytes);

}  // namespace kinitro::chain
