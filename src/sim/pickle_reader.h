// A restricted pickle reader: turns Python pickle bytes (protocols 2-5) into a tree of plain
// values and never executes anything, for reading MetaWorld task files (sim/metaworld_tasks.h).
//
// GLOBAL/STACK_GLOBAL only record a dotted name (and only names the caller allows); REDUCE,
// NEWOBJ and BUILD only record "this callable, these arguments, this state". Interpreting the
// tree is the caller's job. Input size, values, memo, stack, marks and nesting are bounded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kinitro::sim {

using PickleId = uint32_t;  // index of a value in PickleTree::values

// One unpickled value. Containers and objects refer to other values by id, so memoised (shared)
// and even cyclic structures are plain data, and nothing ever walks the tree recursively.
struct PickleValue {
  enum class Kind { kNone, kBool, kInt, kFloat, kStr, kBytes, kList, kTuple, kDict, kGlobal, kObject };
  Kind kind = Kind::kNone;
  bool boolean = false;  // kBool
  int64_t integer = 0;   // kInt (pickle integers beyond 64 bits are refused)
  double number = 0;     // kFloat
  std::string text;      // kStr: UTF-8 text; kBytes: the bytes (bytes or bytearray); kGlobal: "module.name"
  // kList/kTuple: the elements; kDict: key, value, key, value, ... in insertion order;
  // kObject: the callable (always a kGlobal), its argument tuple and, after BUILD, the state
  std::vector<PickleId> items;
};

// What a pickle stands for: values[root] is the object pickle.loads would return.
struct PickleTree {
  std::vector<PickleValue> values;
  PickleId root = 0;

  const PickleValue& operator[](PickleId id) const { return values.at(id); }
};

// Which GLOBAL names a pickle may mention; any other name is refused when its opcode is read.
struct PickleGlobals {
  bool (*allow)(std::string_view module, std::string_view name) = nullptr;
  std::string_view description;  // what is allowed, for the error message ("numpy arrays and ...")
};

inline constexpr size_t kMaxPickleBytes = size_t{64} << 20;  // 64 MiB

// Reads one pickle that must fill `data` exactly (trailing bytes or values left on the stack are
// refused). Throws std::invalid_argument naming the problem and its byte offset: truncated data,
// an unknown or unsupported opcode (with its byte value), a GLOBAL `globals` refuses, a protocol
// outside 2-5, input over kMaxPickleBytes, or too many values, memo entries, stack items, marks
// or nesting levels.
PickleTree ReadPickle(std::span<const std::byte> data, const PickleGlobals& globals);

// The bytes a value stands for: bytes or bytearray, or protocol 2's encoding of bytes,
// `_codecs.encode(text, "latin1")` (PickleGlobals must allow IsPickleBytesEncoder for that).
// Throws std::invalid_argument (starting with `what`) for anything else.
std::string PickleBytes(const PickleTree& tree, PickleId id, std::string_view what);

// True for protocol 2's bytes encoder, _codecs.encode, for use in PickleGlobals::allow.
bool IsPickleBytesEncoder(std::string_view module, std::string_view name);

// The value under a str key of a dict (the last one, as Python keeps), or nullopt.
// Throws std::invalid_argument (starting with `what`) unless `dict` is a dict.
std::optional<PickleId> PickleDictFind(const PickleTree& tree, PickleId dict, std::string_view key,
                                       std::string_view what);

// The dotted name of the callable that made an object ("numpy.dtype"), or "" for other values.
std::string_view PickleCallable(const PickleTree& tree, PickleId id);

// "a tuple", "an int", "the global os.system", "an object made by numpy.dtype": one level only,
// for error messages.
std::string DescribePickleValue(const PickleTree& tree, PickleId id);

}  // namespace kinitro::sim
