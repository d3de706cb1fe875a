// The restricted pickle machine of sim/pickle_reader.h: Python's pickle opcodes of protocols 2-5
// (each is documented in CPython's Lib/pickletools.py) over an arena of plain values.
#include "sim/pickle_reader.h"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <stdexcept>
#include <unordered_map>

namespace kinitro::sim {
namespace {

using Kind = PickleValue::Kind;

// bounds far above what task files need (MT50's 2,500 tasks are about 30,000 values) and far
// below what could exhaust memory or time
constexpr size_t kMaxCells = size_t{1} << 21;  // values + container items + memo entries
constexpr size_t kMaxStack = 100000;           // pickle itself batches APPENDS/SETITEMS by 1,000
constexpr size_t kMaxMarks = 1000;
constexpr int kMaxDepth = 100;  // levels of containers and objects

// the name of every pickle opcode, so refused ones are named in errors (nullptr: not an opcode)
const char* OpcodeName(uint8_t op) {
  switch (op) {
    case '(': return "MARK";            case '.': return "STOP";          case '0': return "POP";
    case '1': return "POP_MARK";        case '2': return "DUP";           case 'F': return "FLOAT";
    case 'I': return "INT";             case 'J': return "BININT";        case 'K': return "BININT1";
    case 'L': return "LONG";            case 'M': return "BININT2";       case 'N': return "NONE";
    case 'P': return "PERSID";          case 'Q': return "BINPERSID";     case 'R': return "REDUCE";
    case 'S': return "STRING";          case 'T': return "BINSTRING";     case 'U': return "SHORT_BINSTRING";
    case 'V': return "UNICODE";         case 'X': return "BINUNICODE";    case 'a': return "APPEND";
    case 'b': return "BUILD";           case 'c': return "GLOBAL";        case 'd': return "DICT";
    case '}': return "EMPTY_DICT";      case 'e': return "APPENDS";       case 'g': return "GET";
    case 'h': return "BINGET";          case 'i': return "INST";          case 'j': return "LONG_BINGET";
    case 'l': return "LIST";            case ']': return "EMPTY_LIST";    case 'o': return "OBJ";
    case 'p': return "PUT";             case 'q': return "BINPUT";        case 'r': return "LONG_BINPUT";
    case 's': return "SETITEM";         case 't': return "TUPLE";         case ')': return "EMPTY_TUPLE";
    case 'u': return "SETITEMS";        case 'G': return "BINFLOAT";      case 0x80: return "PROTO";
    case 0x81: return "NEWOBJ";         case 0x82: return "EXT1";         case 0x83: return "EXT2";
    case 0x84: return "EXT4";           case 0x85: return "TUPLE1";       case 0x86: return "TUPLE2";
    case 0x87: return "TUPLE3";         case 0x88: return "NEWTRUE";      case 0x89: return "NEWFALSE";
    case 0x8a: return "LONG1";          case 0x8b: return "LONG4";        case 'B': return "BINBYTES";
    case 'C': return "SHORT_BINBYTES";  case 0x8c: return "SHORT_BINUNICODE";
    case 0x8d: return "BINUNICODE8";    case 0x8e: return "BINBYTES8";    case 0x8f: return "EMPTY_SET";
    case 0x90: return "ADDITEMS";       case 0x91: return "FROZENSET";    case 0x92: return "NEWOBJ_EX";
    case 0x93: return "STACK_GLOBAL";   case 0x94: return "MEMOIZE";      case 0x95: return "FRAME";
    case 0x96: return "BYTEARRAY8";     case 0x97: return "NEXT_BUFFER";  case 0x98: return "READONLY_BUFFER";
    default: return nullptr;
  }
}

std::string DescribeValue(std::span<const PickleValue> values, PickleId id) {
  const PickleValue& v = values[id];
  switch (v.kind) {
    case Kind::kNone: return "None";
    case Kind::kBool: return v.boolean ? "True" : "False";
    case Kind::kInt: return "the int " + std::to_string(v.integer);
    case Kind::kFloat: return "a float";
    case Kind::kStr: return "the str '" + v.text.substr(0, 40) + (v.text.size() > 40 ? "...'" : "'");
    case Kind::kBytes: return std::to_string(v.text.size()) + " bytes";
    case Kind::kList: return "a list of " + std::to_string(v.items.size());
    case Kind::kTuple: return "a tuple of " + std::to_string(v.items.size());
    case Kind::kDict: return "a dict of " + std::to_string(v.items.size() / 2);
    case Kind::kGlobal: return "the global " + v.text;
    case Kind::kObject: return "an object made by " + values[v.items[0]].text;
  }
  return "a value";
}

std::string Hex(uint8_t byte) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02x", byte);
  return buf;
}

class Machine {
 public:
  Machine(std::span<const std::byte> data, const PickleGlobals& globals) : data_(data), globals_(globals) {}

  PickleTree Run() {
    if (data_.size() > kMaxPickleBytes) {
      Fail("input of " + std::to_string(data_.size()) + " bytes is over the limit of " +
           std::to_string(kMaxPickleBytes));
    }
    for (;;) {
      op_offset_ = pos_;
      if (pos_ >= data_.size()) Fail("truncated: the data ends before STOP");
      uint8_t op = uint8_t(data_[pos_++]);
      if (op == '.') break;
      Execute(op);
    }
    // STOP: the one value left is the result
    PickleId root = Pop();
    if (!stack_.empty() || !marks_.empty()) Fail("STOP leaves values or marks on the stack");
    if (pos_ != data_.size()) {
      Fail(std::to_string(data_.size() - pos_) + " bytes follow STOP (a file must hold exactly one pickle)");
    }
    return PickleTree{std::move(values_), root};
  }

 private:
  [[noreturn]] void Fail(const std::string& what) const {
    throw std::invalid_argument("pickle: " + what + " at offset " + std::to_string(op_offset_));
  }

  void Execute(uint8_t op) {
    switch (op) {
      // framing and protocol
      case 0x80: {  // PROTO
        uint64_t protocol = ReadLE(1);
        if (protocol < 2 || protocol > 5) Fail("protocol " + std::to_string(protocol) + " is not supported (2-5)");
        return;
      }
      case 0x95: {  // FRAME: only a hint for buffered readers; the data is all here
        uint64_t n = ReadLE(8);
        if (n > Remaining()) Fail("truncated: a FRAME of " + std::to_string(n) + " bytes has " + std::to_string(Remaining()));
        return;
      }
      // stack and marks
      case '(':
        if (marks_.size() >= kMaxMarks) Fail("more than " + std::to_string(kMaxMarks) + " nested MARKs");
        marks_.push_back(stack_.size());
        return;
      case '0': Pop(); return;
      case '1': PopMark(); return;
      case '2': Push(Top()); return;
      // scalars
      case 'N': Push(New({.kind = Kind::kNone})); return;
      case 0x88: Push(New({.kind = Kind::kBool, .boolean = true})); return;
      case 0x89: Push(New({.kind = Kind::kBool, .boolean = false})); return;
      case 'J': Push(Int(int32_t(uint32_t(ReadLE(4))))); return;
      case 'K': Push(Int(int64_t(ReadLE(1)))); return;
      case 'M': Push(Int(int64_t(ReadLE(2)))); return;
      case 0x8a: Push(Long(ReadLE(1))); return;
      case 0x8b: Push(Long(ReadLE(4))); return;
      case 'G': Push(New({.kind = Kind::kFloat, .number = std::bit_cast<double>(ReadBE8())})); return;
      case 'X': Push(Text(Kind::kStr, ReadLE(4))); return;
      case 0x8c: Push(Text(Kind::kStr, ReadLE(1))); return;
      case 0x8d: Push(Text(Kind::kStr, ReadLE(8))); return;
      case 'B': Push(Text(Kind::kBytes, ReadLE(4))); return;
      case 'C': Push(Text(Kind::kBytes, ReadLE(1))); return;
      case 0x8e: Push(Text(Kind::kBytes, ReadLE(8))); return;
      case 0x96: Push(Text(Kind::kBytes, ReadLE(8))); return;  // BYTEARRAY8 (protocol 5 numpy buffers)
      // containers
      case ']': Push(New({.kind = Kind::kList})); return;
      case ')': Push(New({.kind = Kind::kTuple})); return;
      case '}': Push(New({.kind = Kind::kDict})); return;
      case 'l': Push(New({.kind = Kind::kList, .items = PopMark()})); return;
      case 't': Push(New({.kind = Kind::kTuple, .items = PopMark()})); return;
      case 'd': Push(New({.kind = Kind::kDict, .items = PopPairs()})); return;
      case 0x85: case 0x86: case 0x87: {  // TUPLE1..3
        std::vector<PickleId> items(op - 0x84);
        for (size_t i = items.size(); i-- > 0;) items[i] = Pop();
        Push(New({.kind = Kind::kTuple, .items = std::move(items)}));
        return;
      }
      case 'a': { PickleId v = Pop(); AddItems(Top(), Kind::kList, {&v, 1}); return; }
      case 'e': { auto v = PopMark(); AddItems(Top(), Kind::kList, v); return; }
      case 's': {
        PickleId pair[2];
        pair[1] = Pop();
        pair[0] = Pop();
        AddItems(Top(), Kind::kDict, pair);
        return;
      }
      case 'u': { auto v = PopPairs(); AddItems(Top(), Kind::kDict, v); return; }
      // names and objects: recorded, never looked up or called
      case 'c': {
        std::string module(ReadLine()), name(ReadLine());
        Push(Global(module, name));
        return;
      }
      case 0x93: {  // STACK_GLOBAL
        PickleId name = Pop(), module = Pop();
        if (values_[module].kind != Kind::kStr || values_[name].kind != Kind::kStr) Fail("STACK_GLOBAL of non-str names");
        Push(Global(values_[module].text, values_[name].text));
        return;
      }
      case 'R': case 0x81: {  // REDUCE callable(*args), NEWOBJ cls.__new__(cls, *args)
        PickleId args = Pop(), callable = Pop();
        if (values_[callable].kind != Kind::kGlobal) Fail(std::string(OpcodeName(op)) + " of " + Describe(callable) + ", not a global");
        if (values_[args].kind != Kind::kTuple) Fail(std::string(OpcodeName(op)) + " with " + Describe(args) + " as arguments, not a tuple");
        Push(New({.kind = Kind::kObject, .items = {callable, args}}));
        return;
      }
      case 'b': {  // BUILD: obj.__setstate__(state)
        PickleId state = Pop(), obj = Top();
        if (values_[obj].kind != Kind::kObject) Fail("BUILD on " + Describe(obj));
        if (values_[obj].items.size() != 2) Fail("BUILD on an object that already has a state");
        AddItems(obj, Kind::kObject, {&state, 1});
        return;
      }
      // memo
      case 'q': Memoize(ReadLE(1)); return;
      case 'r': Memoize(ReadLE(4)); return;
      case 0x94: Memoize(memo_.size()); return;
      case 'h': Push(Recall(ReadLE(1))); return;
      case 'j': Push(Recall(ReadLE(4))); return;
      default:
        if (const char* name = OpcodeName(op)) Fail("unsupported opcode " + std::string(name) + " (" + Hex(op) + ")");
        Fail("unknown opcode " + Hex(op));
    }
  }

  // reading the bytes
  size_t Remaining() const { return data_.size() - pos_; }
  std::span<const std::byte> Take(uint64_t n) {
    if (n > Remaining()) {
      Fail("truncated: " + std::string(OpcodeName(uint8_t(data_[op_offset_]))) + " needs " + std::to_string(n) +
           " more bytes, " + std::to_string(Remaining()) + " left");
    }
    auto out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
  }
  uint64_t ReadLE(size_t n) {
    uint64_t v = 0;
    auto bytes = Take(n);
    for (size_t i = n; i-- > 0;) v = (v << 8) | uint8_t(bytes[i]);
    return v;
  }
  uint64_t ReadBE8() {
    uint64_t v = 0;
    for (std::byte b : Take(8)) v = (v << 8) | uint8_t(b);
    return v;
  }
  std::string_view ReadLine() {
    auto rest = data_.subspan(pos_);
    auto nl = std::find(rest.begin(), rest.end(), std::byte{'\n'});
    if (nl == rest.end()) Fail("truncated: GLOBAL name without its newline");
    size_t n = size_t(nl - rest.begin());
    pos_ += n + 1;
    return {reinterpret_cast<const char*>(rest.data()), n};
  }

  // values
  PickleId New(PickleValue v) {
    int depth = 0;
    for (PickleId child : v.items) depth = std::max(depth, depth_[child] + 1);
    Count(1 + v.items.size());
    if (depth > kMaxDepth) Fail("values nested deeper than " + std::to_string(kMaxDepth) + " levels");
    values_.push_back(std::move(v));
    depth_.push_back(depth);
    return PickleId(values_.size() - 1);
  }
  PickleId Int(int64_t v) { return New({.kind = Kind::kInt, .integer = v}); }
  PickleId Long(uint64_t n) {
    // little-endian two's complement of n bytes; MetaWorld's files need no big integers
    if (n > 8) Fail("integer of " + std::to_string(n) + " bytes is out of range (at most 8)");
    uint64_t v = ReadLE(n);
    if (n > 0 && n < 8 && (v >> (8 * n - 1)) != 0) v |= ~uint64_t{0} << (8 * n);  // sign-extend
    return Int(int64_t(v));
  }
  PickleId Text(Kind kind, uint64_t n) {
    auto bytes = Take(n);
    return New({.kind = kind, .text = std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size())});
  }
  PickleId Global(std::string_view module, std::string_view name) {
    if (globals_.allow == nullptr || !globals_.allow(module, name)) {
      Fail("GLOBAL '" + std::string(module) + "." + std::string(name) + "' is refused (allowed: " +
           std::string(globals_.description) + ")");
    }
    return New({.kind = Kind::kGlobal, .text = std::string(module) + "." + std::string(name)});
  }
  void AddItems(PickleId container, Kind kind, std::span<const PickleId> items) {
    if (values_[container].kind != kind) Fail("adds items to " + Describe(container));
    Count(items.size());
    for (PickleId child : items) {
      depth_[container] = std::max(depth_[container], depth_[child] + 1);
      values_[container].items.push_back(child);
    }
    if (depth_[container] > kMaxDepth) Fail("values nested deeper than " + std::to_string(kMaxDepth) + " levels");
  }
  void Count(size_t cells) {
    cells_ += cells;
    if (cells_ > kMaxCells) Fail("more than " + std::to_string(kMaxCells) + " values");
  }
  std::string Describe(PickleId id) const { return DescribeValue(values_, id); }

  // the stack; nothing pops past the innermost MARK
  void Push(PickleId id) {
    if (stack_.size() >= kMaxStack) Fail("more than " + std::to_string(kMaxStack) + " values on the stack");
    stack_.push_back(id);
  }
  size_t Floor() const { return marks_.empty() ? 0 : marks_.back(); }
  PickleId Top() const {
    if (stack_.size() <= Floor()) Fail("stack underflow");
    return stack_.back();
  }
  PickleId Pop() {
    PickleId id = Top();
    stack_.pop_back();
    return id;
  }
  std::vector<PickleId> PopMark() {
    if (marks_.empty()) Fail("no MARK to pop to");
    std::vector<PickleId> items(stack_.begin() + std::ptrdiff_t(marks_.back()), stack_.end());
    stack_.resize(marks_.back());
    marks_.pop_back();
    return items;
  }
  std::vector<PickleId> PopPairs() {
    std::vector<PickleId> items = PopMark();
    if (items.size() % 2 != 0) Fail("odd number of dict keys and values");
    return items;
  }

  // the memo: the ids of values by memo key
  void Memoize(uint64_t key) {
    if (memo_.find(key) == memo_.end()) Count(1);
    memo_[key] = Top();
  }
  PickleId Recall(uint64_t key) {
    auto it = memo_.find(key);
    if (it == memo_.end()) Fail("memo key " + std::to_string(key) + " was never stored");
    return it->second;
  }

  std::span<const std::byte> data_;
  const PickleGlobals& globals_;
  size_t pos_ = 0;
  size_t op_offset_ = 0;  // where the opcode being run starts, for errors
  std::vector<PickleValue> values_;
  std::vector<int> depth_;     // (values_) nesting levels below each value
  std::vector<PickleId> stack_;
  std::vector<size_t> marks_;  // stack size at each open MARK
  std::unordered_map<uint64_t, PickleId> memo_;
  size_t cells_ = 0;
};

// UTF-8 (as pickle writes str) back to latin-1 bytes; only code points below 256 can occur
std::string Latin1FromUtf8(std::string_view text, std::string_view what) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    uint8_t b = uint8_t(text[i]);
    if (b < 0x80) {
      out += char(b);
    } else if ((b == 0xc2 || b == 0xc3) && i + 1 < text.size() && (uint8_t(text[i + 1]) & 0xc0) == 0x80) {
      out += char(((b & 0x1f) << 6) | (uint8_t(text[++i]) & 0x3f));
    } else {
      throw std::invalid_argument(std::string(what) + ": protocol 2 bytes hold a character outside latin-1");
    }
  }
  return out;
}

}  // namespace

PickleTree ReadPickle(std::span<const std::byte> data, const PickleGlobals& globals) {
  return Machine(data, globals).Run();
}

bool IsPickleBytesEncoder(std::string_view module, std::string_view name) {
  return module == "_codecs" && name == "encode";
}

std::string PickleBytes(const PickleTree& tree, PickleId id, std::string_view what) {
  const PickleValue& v = tree[id];
  if (v.kind == Kind::kBytes) return v.text;
  // protocol 2 writes bytes b as _codecs.encode(b.decode("latin1"), "latin1")
  if (PickleCallable(tree, id) == "_codecs.encode" && v.items.size() == 2) {
    const PickleValue& args = tree[v.items[1]];
    if (args.items.size() == 2 && tree[args.items[0]].kind == Kind::kStr && tree[args.items[1]].kind == Kind::kStr &&
        tree[args.items[1]].text == "latin1") {
      return Latin1FromUtf8(tree[args.items[0]].text, what);
    }
  }
  throw std::invalid_argument(std::string(what) + " is " + DescribePickleValue(tree, id) + ", not bytes");
}

std::optional<PickleId> PickleDictFind(const PickleTree& tree, PickleId dict, std::string_view key,
                                       std::string_view what) {
  const PickleValue& d = tree[dict];
  if (d.kind != Kind::kDict) throw std::invalid_argument(std::string(what) + " is " + DescribePickleValue(tree, dict) + ", not a dict");
  std::optional<PickleId> found;
  for (size_t i = 0; i + 1 < d.items.size(); i += 2) {
    const PickleValue& k = tree[d.items[i]];
    if (k.kind == Kind::kStr && k.text == key) found = d.items[i + 1];
  }
  return found;
}

std::string_view PickleCallable(const PickleTree& tree, PickleId id) {
  const PickleValue& v = tree[id];
  return v.kind == Kind::kObject ? std::string_view(tree[v.items[0]].text) : std::string_view();
}

std::string DescribePickleValue(const PickleTree& tree, PickleId id) { return DescribeValue(tree.values, id); }

}  // namespace kinitro::sim
