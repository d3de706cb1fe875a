// Registry-driven SCALE codec (spec/chain.md §2, §5).
#include "chain/scale_value.h"

#include <stdexcept>

#include "chain/hashing.h"

namespace kinitro::chain {

//---- Value ----

Value Value::Bool(bool v) {
  Value out;
  out.kind = Kind::kBool;
  out.boolean = v;
  return out;
}
Value Value::Uint(scale::U128 v) {
  Value out;
  out.kind = Kind::kUint;
  out.uint = v;
  return out;
}
Value Value::Text(std::string v) {
  Value out;
  out.kind = Kind::kText;
  out.text = std::move(v);
  return out;
}
Value Value::Raw(Bytes v) {
  Value out;
  out.kind = Kind::kBytes;
  out.bytes = std::move(v);
  return out;
}
Value Value::Tuple(std::vector<Value> items) {
  Value out;
  out.kind = Kind::kComposite;
  out.names.assign(items.size(), "");
  out.items = std::move(items);
  return out;
}
Value Value::Sequence(std::vector<Value> items) {
  Value out;
  out.kind = Kind::kSequence;
  out.items = std::move(items);
  return out;
}
Value Value::Variant(std::string name, std::vector<Value> fields) {
  Value out;
  out.kind = Kind::kVariant;
  out.text = std::move(name);
  out.names.assign(fields.size(), "");
  out.items = std::move(fields);
  return out;
}

const Value* Value::Field(std::string_view name) const {
  for (size_t i = 0; i < names.size() && i < items.size(); ++i)
    if (names[i] == name) return &items[i];
  return nullptr;
}

const Value& Value::Unwrapped() const {
  const Value* v = this;
  while (v->kind == Kind::kComposite && v->items.size() == 1) v = &v->items[0];
  return *v;
}

std::string Value::Describe() const {
  switch (kind) {
    case Kind::kBool: return boolean ? "true" : "false";
    case Kind::kUint: return scale::U128ToString(uint);
    case Kind::kInt: return sint < 0 ? "-" + scale::U128ToString(static_cast<scale::U128>(-sint))
                                     : scale::U128ToString(static_cast<scale::U128>(sint));
    case Kind::kText: return "\"" + text + "\"";
    case Kind::kBytes: return ToHex(bytes);
    case Kind::kVariant: return text + (items.empty() ? "" : "(...)");
    case Kind::kSequence: return "[" + std::to_string(items.size()) + " items]";
    case Kind::kComposite: return "{" + std::to_string(items.size()) + " fields}";
  }
  return "?";
}

//---- decoding ----

namespace {

constexpr int kMaxDepth = 64;

bool IsU8(const TypeRegistry& types, uint32_t id) {
  const TypeInfo& t = types.Get(id);
  return t.kind == TypeKind::kPrimitive && t.primitive == Primitive::kU8;
}

Value DecodeAt(const TypeRegistry& types, uint32_t type, scale::Decoder& d, int depth);

Value DecodeFields(const TypeRegistry& types, const std::vector<TypeField>& fields, scale::Decoder& d, int depth,
                   Value out) {
  for (const TypeField& f : fields) {
    out.names.push_back(f.name);
    out.items.push_back(DecodeAt(types, f.type, d, depth + 1));
  }
  return out;
}

Value DecodePrimitive(Primitive p, scale::Decoder& d) {
  Value v;
  v.kind = Value::Kind::kUint;
  switch (p) {
    case Primitive::kBool: return Value::Bool(d.Bool());
    case Primitive::kChar: {
      uint32_t c = d.U32();
      return Value::Text(std::string(1, static_cast<char>(c < 128 ? c : '?')));
    }
    case Primitive::kStr: return Value::Text(d.Str());
    case Primitive::kU8: v.uint = d.U8(); return v;
    case Primitive::kU16: v.uint = d.U16(); return v;
    case Primitive::kU32: v.uint = d.U32(); return v;
    case Primitive::kU64: v.uint = d.U64(); return v;
    case Primitive::kU128: v.uint = d.U128(); return v;
    case Primitive::kU256:
    case Primitive::kI256: {
      ByteSpan raw = d.Raw(32, "256-bit integer");
      return Value::Raw(Bytes(raw.begin(), raw.end()));
    }
    default: break;
  }
  v.kind = Value::Kind::kInt;
  switch (p) {
    case Primitive::kI8: v.sint = d.I8(); break;
    case Primitive::kI16: v.sint = d.I16(); break;
    case Primitive::kI32: v.sint = d.I32(); break;
    case Primitive::kI64: v.sint = d.I64(); break;
    default: v.sint = static_cast<__int128>(d.U128()); break;  // i128
  }
  return v;
}

// Byte size of one store unit of a bit sequence (u8/u16/u32/u64).
size_t StoreBytes(const TypeRegistry& types, uint32_t store) {
  const TypeInfo& t = types.Get(store);
  if (t.kind == TypeKind::kPrimitive) {
    switch (t.primitive) {
      case Primitive::kU8: return 1;
      case Primitive::kU16: return 2;
      case Primitive::kU32: return 4;
      case Primitive::kU64: return 8;
      default: break;
    }
  }
  throw scale::DecodeError("unsupported bit sequence store type " + types.Describe(store));
}

Value DecodeAt(const TypeRegistry& types, uint32_t type, scale::Decoder& d, int depth) {
  if (depth > kMaxDepth) throw scale::DecodeError("value nested deeper than 64 levels");
  const TypeInfo& t = types.Get(type);
  switch (t.kind) {
    case TypeKind::kComposite: return DecodeFields(types, t.fields, d, depth, Value::Tuple({}));
    case TypeKind::kVariant: {
      uint8_t index = d.U8();
      for (const TypeVariant& v : t.variants) {
        if (v.index != index) continue;
        Value out = Value::Variant(v.name);
        out.variant_index = index;
        return DecodeFields(types, v.fields, d, depth, std::move(out));
      }
      throw scale::DecodeError("variant index " + std::to_string(index) + " is not in " + types.Describe(type) +
                               " at offset " + std::to_string(d.offset() - 1));
    }
    case TypeKind::kSequence: {
      if (IsU8(types, t.element)) return Value::Raw(d.Bytes());
      bool zero = types.IsZeroSized(t.element);
      uint64_t n = d.CompactU64("sequence length");
      // a hostile length cannot make us allocate: every non-empty element takes a byte
      if (!zero && n > d.remaining()) throw scale::DecodeError("sequence length exceeds the input");
      if (zero && n > 1'000'000) throw scale::DecodeError("sequence of zero-sized items too long");
      Value out = Value::Sequence({});
      for (uint64_t i = 0; i < n; ++i) out.items.push_back(DecodeAt(types, t.element, d, depth + 1));
      return out;
    }
    case TypeKind::kArray: {
      if (IsU8(types, t.element)) {
        ByteSpan raw = d.Raw(t.length, "byte array");
        return Value::Raw(Bytes(raw.begin(), raw.end()));
      }
      Value out = Value::Sequence({});
      for (uint32_t i = 0; i < t.length; ++i) out.items.push_back(DecodeAt(types, t.element, d, depth + 1));
      return out;
    }
    case TypeKind::kTuple: {
      Value out = Value::Tuple({});
      for (uint32_t e : t.tuple) {
        out.names.push_back("");
        out.items.push_back(DecodeAt(types, e, d, depth + 1));
      }
      return out;
    }
    case TypeKind::kPrimitive: return DecodePrimitive(t.primitive, d);
    case TypeKind::kCompact: return Value::Uint(d.Compact());
    case TypeKind::kBitSequence: {
      uint64_t bits = d.CompactU64("bit sequence length");
      size_t unit = StoreBytes(types, t.element);
      uint64_t units = (bits + 8 * unit - 1) / (8 * unit);
      if (units > d.remaining()) throw scale::DecodeError("bit sequence exceeds the input");
      ByteSpan raw = d.Raw(units * unit, "bit sequence");
      return Value::Raw(Bytes(raw.begin(), raw.end()));
    }
  }
  throw scale::DecodeError("unknown type kind");
}

}  // namespace

Value DecodeValue(const TypeRegistry& types, uint32_t type, scale::Decoder& d) { return DecodeAt(types, type, d, 0); }

Result<Value> DecodeValueBytes(const TypeRegistry& types, uint32_t type, ByteSpan bytes, std::string_view what) {
  return scale::Decode(bytes, what, [&](scale::Decoder& d) { return DecodeValue(types, type, d); });
}

//---- encoding ----

namespace {

[[noreturn]] void Mismatch(const TypeRegistry& types, uint32_t type, const Value& value, const std::string& why) {
  throw std::invalid_argument("value " + value.Describe() + " does not fit " + types.Describe(type) + ": " + why);
}

void EncodeFields(const TypeRegistry& types, uint32_t type, const std::vector<uint32_t>& field_types,
                  const std::vector<std::string>& field_names, const Value& value, scale::Encoder& out) {
  // by name when the value names its fields, else by position
  bool by_name = !value.names.empty() && !value.names[0].empty();
  for (size_t i = 0; i < field_types.size(); ++i) {
    const Value* item = nullptr;
    if (by_name) {
      item = value.Field(field_names[i]);
      if (item == nullptr) Mismatch(types, type, value, "missing field '" + field_names[i] + "'");
    } else {
      item = &value.items[i];
    }
    EncodeValue(types, field_types[i], *item, out);
  }
}

void EncodeUint(const TypeRegistry& types, uint32_t type, const Value& value, int bytes, scale::Encoder& out) {
  const Value& v = value.Unwrapped();
  if (v.kind != Value::Kind::kUint) Mismatch(types, type, value, "expected an unsigned integer");
  if (bytes < 16 && v.uint >> (8 * bytes) != 0) Mismatch(types, type, value, "out of range");
  for (int i = 0; i < bytes; ++i) out.U8(static_cast<uint8_t>(v.uint >> (8 * i)));
}

}  // namespace

void EncodeValue(const TypeRegistry& types, uint32_t type, const Value& value, scale::Encoder& out) {
  const TypeInfo& t = types.Get(type);
  switch (t.kind) {
    case TypeKind::kComposite:
    case TypeKind::kTuple: {
      std::vector<uint32_t> field_types;
      std::vector<std::string> field_names;
      if (t.kind == TypeKind::kComposite) {
        for (const TypeField& f : t.fields) {
          field_types.push_back(f.type);
          field_names.push_back(f.name);
        }
      } else {
        field_types = t.tuple;
        field_names.assign(t.tuple.size(), "");
      }
      bool fits = value.kind == Value::Kind::kComposite && value.items.size() == field_types.size();
      if (fits) return EncodeFields(types, type, field_types, field_names, value, out);
      // a newtype takes its inner value directly
      if (field_types.size() == 1) return EncodeValue(types, field_types[0], value, out);
      Mismatch(types, type, value, "expected " + std::to_string(field_types.size()) + " fields");
    }
    case TypeKind::kVariant: {
      const Value& v = value.Unwrapped();
      if (v.kind != Value::Kind::kVariant) Mismatch(types, type, value, "expected a variant");
      for (const TypeVariant& var : t.variants) {
        if (var.name != v.text) continue;
        if (v.items.size() != var.fields.size())
          Mismatch(types, type, value, "variant " + var.name + " has " + std::to_string(var.fields.size()) + " fields");
        out.U8(var.index);
        std::vector<uint32_t> ft;
        std::vector<std::string> fn;
        for (const TypeField& f : var.fields) {
          ft.push_back(f.type);
          fn.push_back(f.name);
        }
        return EncodeFields(types, type, ft, fn, v, out);
      }
      Mismatch(types, type, value, "no variant named '" + v.text + "'");
    }
    case TypeKind::kSequence: {
      const Value& v = value.Unwrapped();
      if (v.kind == Value::Kind::kBytes && IsU8(types, t.element)) return out.Bytes(v.bytes);
      if (v.kind != Value::Kind::kSequence) Mismatch(types, type, value, "expected a sequence");
      out.Compact(v.items.size());
      for (const Value& item : v.items) EncodeValue(types, t.element, item, out);
      return;
    }
    case TypeKind::kArray: {
      const Value& v = value.Unwrapped();
      size_t n = v.kind == Value::Kind::kBytes ? v.bytes.size() : v.items.size();
      if (n != t.length) Mismatch(types, type, value, "expected " + std::to_string(t.length) + " elements");
      if (v.kind == Value::Kind::kBytes && IsU8(types, t.element)) return out.Raw(v.bytes);
      if (v.kind != Value::Kind::kSequence) Mismatch(types, type, value, "expected an array");
      for (const Value& item : v.items) EncodeValue(types, t.element, item, out);
      return;
    }
    case TypeKind::kPrimitive: {
      switch (t.primitive) {
        case Primitive::kBool: {
          const Value& v = value.Unwrapped();
          if (v.kind != Value::Kind::kBool) Mismatch(types, type, value, "expected a bool");
          return out.Bool(v.boolean);
        }
        case Primitive::kStr: {
          const Value& v = value.Unwrapped();
          if (v.kind != Value::Kind::kText) Mismatch(types, type, value, "expected text");
          return out.Str(v.text);
        }
        case Primitive::kU8: return EncodeUint(types, type, value, 1, out);
        case Primitive::kU16: return EncodeUint(types, type, value, 2, out);
        case Primitive::kU32: return EncodeUint(types, type, value, 4, out);
        case Primitive::kU64: return EncodeUint(types, type, value, 8, out);
        case Primitive::kU128: return EncodeUint(types, type, value, 16, out);
        default: Mismatch(types, type, value, "encoding this primitive is not supported");
      }
    }
    case TypeKind::kCompact: {
      const Value& v = value.Unwrapped();
      if (v.kind != Value::Kind::kUint) Mismatch(types, type, value, "expected an unsigned integer");
      return out.Compact(v.uint);
    }
    case TypeKind::kBitSequence: Mismatch(types, type, value, "encoding bit sequences is not supported");
  }
}

Result<Bytes> EncodeValueBytes(const TypeRegistry& types, uint32_t type, const Value& value, std::string_view what) {
  try {
    scale::Encoder e;
    EncodeValue(types, type, value, e);
    return e.Take();
  } catch (const std::invalid_argument& e) {
    return Error{ErrorKind::kInvalidArgument, std::string(what) + ": " + e.what()};
  }
}

//---- calls and storage ----

Result<Bytes> EncodeCall(const Metadata& metadata, std::string_view pallet, std::string_view call,
                         const std::vector<CallArg>& args) {
  auto info = metadata.Call(pallet, call);
  if (!info) return info.error();
  std::string where = std::string(pallet) + "." + std::string(call);
  for (const CallArg& a : args) {
    bool known = false;
    for (const TypeField& f : info->args) known = known || f.name == a.name;
    if (!known) return Error{ErrorKind::kInvalidArgument, where + " has no argument '" + a.name + "'"};
  }
  scale::Encoder e;
  e.U8(info->pallet_index);
  e.U8(info->call_index);
  for (const TypeField& f : info->args) {
    const CallArg* given = nullptr;
    for (const CallArg& a : args)
      if (a.name == f.name) given = &a;
    if (given == nullptr)
      return Error{ErrorKind::kInvalidArgument, where + ": argument '" + f.name + "' (" + f.type_name + ") not given"};
    try {
      EncodeValue(metadata.types, f.type, given->value, e);
    } catch (const std::invalid_argument& ex) {
      return Error{ErrorKind::kInvalidArgument, where + " argument '" + f.name + "': " + ex.what()};
    }
  }
  return e.Take();
}

Result<Bytes> StorageKeyFor(const Metadata& metadata, std::string_view pallet, std::string_view item,
                            const std::vector<Value>& keys) {
  auto entry = metadata.Storage(pallet, item);
  if (!entry) return entry.error();
  std::string where = std::string(pallet) + "." + std::string(item);
  if (keys.size() > (*entry)->hashers.size())
    return Error{ErrorKind::kInvalidArgument, where + " takes " + std::to_string((*entry)->hashers.size()) +
                                                  " keys, not " + std::to_string(keys.size())};
  std::vector<StorageMapKey> parts;
  for (size_t i = 0; i < keys.size(); ++i) {
    auto encoded = EncodeValueBytes(metadata.types, (*entry)->key_types[i], keys[i], where + " key " + std::to_string(i));
    if (!encoded) return encoded.error();
    parts.push_back({(*entry)->hashers[i], std::move(*encoded)});
  }
  auto pallet_info = metadata.Pallet(pallet);
  return StorageKey((*pallet_info)->storage_prefix, item, parts);
}

Result<std::optional<Value>> DecodeStorageValue(const Metadata& metadata, std::string_view pallet,
                                                std::string_view item, const std::optional<Bytes>& raw) {
  auto entry = metadata.Storage(pallet, item);
  if (!entry) return entry.error();
  if (!raw && (*entry)->optional) return std::optional<Value>();
  const Bytes& bytes = raw ? *raw : (*entry)->default_value;
  auto value = DecodeValueBytes(metadata.types, (*entry)->value_type, bytes, std::string(pallet) + "." + std::string(item));
  if (!value) return value.error();
  return std::optional<Value>(std::move(*value));
}

}  // namespace kinitro::chain
