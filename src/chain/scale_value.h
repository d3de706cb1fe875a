// A dynamic SCALE value and a codec driven by the metadata's type registry (spec/chain.md §5.3):
// decodes any storage value or event (System.Events must be walked record by record), and encodes
// call arguments and storage keys against the runtime's own types, so a changed layout is an error
// naming the type rather than silently wrong bytes.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chain/bytes.h"
#include "chain/metadata.h"
#include "chain/scale.h"
#include "util/result.h"

namespace kinitro::chain {

struct Value {
  enum class Kind { kBool, kUint, kInt, kText, kBytes, kComposite, kVariant, kSequence };

  Kind kind = Kind::kComposite;
  bool boolean = false;             // kBool
  scale::U128 uint = 0;             // kUint: u8..u128 and compacts
  __int128 sint = 0;                // kInt: i8..i128
  std::string text;                 // kText: str/char; kVariant: the variant's name
  Bytes bytes;                      // kBytes: [u8; N], Vec<u8>, raw u256/i256/bit sequences
  uint8_t variant_index = 0;        // kVariant
  std::vector<std::string> names;   // kComposite/kVariant: field names ("" when unnamed)
  std::vector<Value> items;         // kComposite/kVariant fields, kSequence elements

  static Value Bool(bool v);
  static Value Uint(scale::U128 v);
  static Value Text(std::string v);
  static Value Raw(Bytes v);
  // Unnamed fields (a tuple or tuple struct); matched to a type's fields by position.
  static Value Tuple(std::vector<Value> items);
  static Value Sequence(std::vector<Value> items);
  static Value Variant(std::string name, std::vector<Value> fields = {});

  // The named field of a composite or variant; nullptr if absent. Nullable.
  const Value* Field(std::string_view name) const;
  // Unwraps single-field composites/tuples (newtypes such as NetUid(u16) or H256([u8; 32])).
  const Value& Unwrapped() const;
  // Short text for messages ("Variant Raw3(...)").
  std::string Describe() const;
};

// Decodes one value of type `type` from `d`; throws scale::DecodeError on malformed input or
// nesting deeper than 64.
Value DecodeValue(const TypeRegistry& types, uint32_t type, scale::Decoder& d);

// Decodes exactly `bytes` as `type`; kBadShape naming `what` on failure.
Result<Value> DecodeValueBytes(const TypeRegistry& types, uint32_t type, ByteSpan bytes, std::string_view what);

// Appends the encoding of `value` as `type`. A value that does not fit the type (wrong variant name,
// wrong field count, out-of-range integer) throws std::invalid_argument naming the type. Newtypes are
// unwrapped automatically: Uint(3) encodes as NetUid, Raw(32 bytes) as H256.
void EncodeValue(const TypeRegistry& types, uint32_t type, const Value& value, scale::Encoder& out);

// EncodeValue into fresh bytes; kInvalidArgument naming `what` instead of throwing.
Result<Bytes> EncodeValueBytes(const TypeRegistry& types, uint32_t type, const Value& value, std::string_view what);

//---- calls and storage by name ----

// One named call argument.
struct CallArg {
  std::string name;  // the argument name in the metadata ("netuid", "dests")
  Value value;
};

// pallet index ‖ call index ‖ arguments, each encoded as the metadata's argument type. Every
// argument of the call must be given, by name, in any order; kInvalidArgument names a missing,
// unknown or ill-typed argument.
Result<Bytes> EncodeCall(const Metadata& metadata, std::string_view pallet, std::string_view call,
                         const std::vector<CallArg>& args);

// The storage key of `pallet.item` with the first keys.size() map keys (fewer than the item has
// gives an iteration prefix). Keys are encoded as the metadata's key types and hashed with its hashers.
Result<Bytes> StorageKeyFor(const Metadata& metadata, std::string_view pallet, std::string_view item,
                            const std::vector<Value>& keys = {});

// Decodes a storage value as returned by state_getStorage: nullopt `raw` means the entry is missing,
// which gives the metadata default for a ValueQuery item and nullopt for an OptionQuery item.
Result<std::optional<Value>> DecodeStorageValue(const Metadata& metadata, std::string_view pallet,
                                                std::string_view item, const std::optional<Bytes>& raw);

}  // namespace kinitro::chain
