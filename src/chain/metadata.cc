// Parser for frame-metadata v14/v15 (paritytech/frame-metadata @ 285e5bdc, spec/chain.md §5.2).
#include "chain/metadata.h"

#include <functional>

#include "chain/scale.h"

namespace kinitro::chain {

namespace {

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

//---- TypeRegistry ----

bool TypeRegistry::IsZeroSized(uint32_t id) const {
  // depth guard: a recursive type cannot be zero-sized through itself
  std::function<bool(uint32_t, int)> zero = [&](uint32_t t, int depth) {
    if (depth > 32) return false;
    const TypeInfo& info = Get(t);
    switch (info.kind) {
      case TypeKind::kComposite:
        for (const TypeField& f : info.fields)
          if (!zero(f.type, depth + 1)) return false;
        return true;
      case TypeKind::kTuple:
        for (uint32_t e : info.tuple)
          if (!zero(e, depth + 1)) return false;
        return true;
      case TypeKind::kArray:
        return info.length == 0 || zero(info.element, depth + 1);
      default:
        return false;
    }
  };
  return zero(id, 0);
}

std::string TypeRegistry::Describe(uint32_t id) const {
  const TypeInfo& info = Get(id);
  if (!info.path.empty()) {
    std::string out;
    for (const std::string& p : info.path) out += (out.empty() ? "" : "::") + p;
    return out;
  }
  static constexpr const char* kPrimitiveNames[] = {"bool", "char", "str", "u8", "u16", "u32", "u64",
                                                    "u128", "u256", "i8", "i16", "i32", "i64", "i128", "i256"};
  switch (info.kind) {
    case TypeKind::kPrimitive: return kPrimitiveNames[static_cast<int>(info.primitive)];
    case TypeKind::kSequence: return "Vec<" + Describe(info.element) + ">";
    case TypeKind::kArray: return "[" + Describe(info.element) + "; " + std::to_string(info.length) + "]";
    case TypeKind::kCompact: return "Compact<" + Describe(info.element) + ">";
    case TypeKind::kBitSequence: return "BitVec";
    case TypeKind::kTuple: {
      std::string out = "(";
      for (size_t i = 0; i < info.tuple.size(); ++i) out += (i ? ", " : "") + Describe(info.tuple[i]);
      return out + ")";
    }
    default: return "#" + std::to_string(id);
  }
}

//---- Metadata lookups ----

Result<const PalletInfo*> Metadata::Pallet(std::string_view name) const {
  std::vector<std::string> names;
  for (const PalletInfo& p : pallets) {
    if (p.name == name) return &p;
    names.push_back(p.name);
  }
  return Error{ErrorKind::kInvalidArgument,
               "runtime has no pallet '" + std::string(name) + "' (pallets: " + JoinNames(names) + ")"};
}

const PalletInfo* Metadata::PalletByIndex(uint8_t index) const {
  for (const PalletInfo& p : pallets)
    if (p.index == index) return &p;
  return nullptr;
}

Result<CallInfo> Metadata::Call(std::string_view pallet, std::string_view call) const {
  auto p = Pallet(pallet);
  if (!p) return p.error();
  if (!(*p)->calls_type)
    return Error{ErrorKind::kInvalidArgument, "pallet " + std::string(pallet) + " has no calls"};
  const TypeInfo& calls = types.Get(*(*p)->calls_type);
  std::vector<std::string> names;
  for (const TypeVariant& v : calls.variants) {
    if (v.name == call) return CallInfo{(*p)->index, v.index, v.fields};
    names.push_back(v.name);
  }
  return Error{ErrorKind::kInvalidArgument, "runtime has no call " + std::string(pallet) + "." +
                                                std::string(call) + " (" + std::to_string(names.size()) +
                                                " calls in that pallet)"};
}

Result<const StorageEntryInfo*> Metadata::Storage(std::string_view pallet, std::string_view item) const {
  auto p = Pallet(pallet);
  if (!p) return p.error();
  for (const StorageEntryInfo& e : (*p)->storage)
    if (e.name == item) return &e;
  return Error{ErrorKind::kInvalidArgument,
               "runtime has no storage item " + std::string(pallet) + "." + std::string(item)};
}

std::string Metadata::ErrorName(uint8_t pallet_index, uint8_t error_index) const {
  const PalletInfo* p = PalletByIndex(pallet_index);
  if (p == nullptr)
    return "Module(pallet " + std::to_string(pallet_index) + ", error " + std::to_string(error_index) + ")";
  if (p->error_type) {
    for (const TypeVariant& v : types.Get(*p->error_type).variants)
      if (v.index == error_index) return p->name + "." + v.name;
  }
  return p->name + ".<error " + std::to_string(error_index) + ">";
}

//---- Parser ----

class MetadataParser {
 public:
  explicit MetadataParser(scale::Decoder& d) : d_(d) {}

  Metadata Parse() {
    Metadata m;
    if (d_.U32() != 0x6174656d) throw scale::DecodeError("metadata does not start with the magic \"meta\"");
    m.version = d_.U8();
    if (m.version != 14 && m.version != 15)
      throw VersionError("metadata version " + std::to_string(m.version) + " is not supported (14 or 15)");
    m.types = Registry();
    uint64_t n = d_.CompactU64("pallet count");
    for (uint64_t i = 0; i < n; ++i) m.pallets.push_back(Pallet(m.version));
    Extrinsic(m);
    d_.CompactU32("runtime type");
    CheckReferences(m);
    return m;
  }

  struct VersionError : std::runtime_error {
    using std::runtime_error::runtime_error;
  };

 private:
  std::vector<std::string> Strings() {
    return d_.Vec([](scale::Decoder& d) { return d.Str(); });
  }
  std::optional<std::string> OptionalString() {
    return d_.Option([](scale::Decoder& d) { return d.Str(); });
  }
  uint32_t TypeId() { return d_.CompactU32("type id"); }

  std::vector<TypeField> Fields() {
    uint64_t n = d_.CompactU64("field count");
    std::vector<TypeField> out;
    for (uint64_t i = 0; i < n; ++i) {
      TypeField f;
      f.name = OptionalString().value_or("");
      f.type = TypeId();
      f.type_name = OptionalString().value_or("");
      Strings();  // docs
      out.push_back(std::move(f));
    }
    return out;
  }

  TypeRegistry Registry() {
    TypeRegistry reg;
    uint64_t n = d_.CompactU64("type count");
    for (uint64_t i = 0; i < n; ++i) {
      uint32_t id = TypeId();
      if (id != i) throw scale::DecodeError("type ids are not sequential at " + std::to_string(i));
      TypeInfo t;
      t.path = Strings();
      uint64_t params = d_.CompactU64("type parameter count");
      for (uint64_t p = 0; p < params; ++p) {
        d_.Str();
        d_.Option([this](scale::Decoder&) { return TypeId(); });
      }
      uint8_t kind = d_.U8();
      switch (kind) {
        case 0: t.fields = Fields(); break;
        case 1: {
          uint64_t nv = d_.CompactU64("variant count");
          for (uint64_t v = 0; v < nv; ++v) {
            TypeVariant var;
            var.name = d_.Str();
            var.fields = Fields();
            var.index = d_.U8();
            Strings();  // docs
            t.variants.push_back(std::move(var));
          }
          break;
        }
        case 2: t.element = TypeId(); break;
        case 3: t.length = d_.U32(); t.element = TypeId(); break;
        case 4: t.tuple = d_.Vec([this](scale::Decoder&) { return TypeId(); }); break;
        case 5: {
          uint8_t p = d_.U8();
          if (p > 14) throw scale::DecodeError("unknown primitive " + std::to_string(p));
          t.primitive = static_cast<Primitive>(p);
          break;
        }
        case 6: t.element = TypeId(); break;
        case 7: t.element = TypeId(); t.bit_order = TypeId(); break;
        default: throw scale::DecodeError("unknown TypeDef " + std::to_string(kind) + " for type " + std::to_string(id));
      }
      t.kind = static_cast<TypeKind>(kind);
      Strings();  // docs
      reg.types_.push_back(std::move(t));
    }
    return reg;
  }

  PalletInfo Pallet(uint8_t version) {
    PalletInfo p;
    p.name = d_.Str();
    if (d_.U8() == 1) {  // Option<storage>
      p.storage_prefix = d_.Str();
      uint64_t n = d_.CompactU64("storage entry count");
      for (uint64_t i = 0; i < n; ++i) p.storage.push_back(StorageEntry());
    }
    p.calls_type = d_.Option([this](scale::Decoder&) { return TypeId(); });
    p.event_type = d_.Option([this](scale::Decoder&) { return TypeId(); });
    uint64_t nc = d_.CompactU64("constant count");
    for (uint64_t i = 0; i < nc; ++i) {
      ConstantInfo c;
      c.name = d_.Str();
      c.type = TypeId();
      c.value = d_.Bytes();
      Strings();
      p.constants.push_back(std::move(c));
    }
    p.error_type = d_.Option([this](scale::Decoder&) { return TypeId(); });
    p.index = d_.U8();
    if (version >= 15) Strings();  // pallet docs
    return p;
  }

  StorageEntryInfo StorageEntry() {
    StorageEntryInfo e;
    e.name = d_.Str();
    uint8_t modifier = d_.U8();
    if (modifier > 1) throw scale::DecodeError("unknown storage modifier " + std::to_string(modifier));
    e.optional = modifier == 0;
    uint8_t kind = d_.U8();
    if (kind == 0) {
      e.value_type = TypeId();
    } else if (kind == 1) {
      std::vector<uint8_t> hashers = d_.Vec([](scale::Decoder& d) { return d.U8(); });
      for (uint8_t h : hashers) {
        auto hasher = HasherFromIndex(h);
        if (!hasher) throw scale::DecodeError(hasher.error().message);
        e.hashers.push_back(*hasher);
      }
      uint32_t key = TypeId();
      e.value_type = TypeId();
      // a multi-key map's key is a tuple whose elements pair with the hashers; split in
      // CheckReferences once every type is known
      e.key_types = {key};
    } else {
      throw scale::DecodeError("unknown storage entry type " + std::to_string(kind));
    }
    e.default_value = d_.Bytes();
    Strings();
    return e;
  }

  std::vector<SignedExtensionInfo> SignedExtensions() {
    uint64_t n = d_.CompactU64("signed extension count");
    std::vector<SignedExtensionInfo> out;
    for (uint64_t i = 0; i < n; ++i) {
      SignedExtensionInfo s;
      s.identifier = d_.Str();
      s.type = TypeId();
      s.additional = TypeId();
      out.push_back(std::move(s));
    }
    return out;
  }

  void Extrinsic(Metadata& m) {
    if (m.version == 14) {
      TypeId();  // extrinsic type
      m.extrinsic_version = d_.U8();
    } else {
      m.extrinsic_version = d_.U8();
      for (int i = 0; i < 4; ++i) TypeId();  // address, call, signature, extra
    }
    m.signed_extensions = SignedExtensions();
  }

  // Every type id must exist; multi-key maps get their key tuple split now that types are known.
  void CheckReferences(Metadata& m) {
    auto check = [&](uint32_t id, const std::string& where) {
      if (id >= m.types.size()) throw scale::DecodeError(where + " refers to unknown type " + std::to_string(id));
    };
    for (const TypeInfo& t : m.types.types_) {
      for (const TypeField& f : t.fields) check(f.type, "a field");
      for (const TypeVariant& v : t.variants)
        for (const TypeField& f : v.fields) check(f.type, "variant " + v.name);
      for (uint32_t e : t.tuple) check(e, "a tuple");
      if (t.kind == TypeKind::kSequence || t.kind == TypeKind::kArray || t.kind == TypeKind::kCompact ||
          t.kind == TypeKind::kBitSequence)
        check(t.element, "a type");
    }
    for (PalletInfo& p : m.pallets) {
      for (StorageEntryInfo& e : p.storage) {
        check(e.value_type, p.name + "." + e.name);
        for (uint32_t k : e.key_types) check(k, p.name + "." + e.name);
      }
      for (auto id : {p.calls_type, p.event_type, p.error_type})
        if (id) check(*id, p.name);
    }
    for (const SignedExtensionInfo& s : m.signed_extensions) {
      check(s.type, s.identifier);
      check(s.additional, s.identifier);
    }
    for (PalletInfo& p : m.pallets) {
      for (StorageEntryInfo& e : p.storage) {
        if (e.hashers.size() <= 1) continue;
        const TypeInfo& kt = m.types.Get(e.key_types.at(0));
        if (kt.kind != TypeKind::kTuple || kt.tuple.size() != e.hashers.size())
          throw scale::DecodeError("storage " + p.name + "." + e.name + ": key type does not match its " +
                                   std::to_string(e.hashers.size()) + " hashers");
        e.key_types = kt.tuple;
      }
    }
  }

 private:
  scale::Decoder& d_;
};

Result<Metadata> ParseMetadata(ByteSpan bytes) {
  try {
    scale::Decoder d(bytes);
    MetadataParser parser(d);
    return parser.Parse();
  } catch (const MetadataParser::VersionError& e) {
    return Error{ErrorKind::kInvalidArgument, e.what()};
  } catch (const scale::DecodeError& e) {
    return Error{ErrorKind::kBadShape, std::string("runtime metadata: ") + e.what()};
  } catch (const std::out_of_range& e) {
    return Error{ErrorKind::kBadShape, std::string("runtime metadata: bad type reference: ") + e.what()};
  }
}

}  // namespace kinitro::chain
