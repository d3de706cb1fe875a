// How numpy pickles an array (numpy/_core/src/multiarray/methods.c, array_reduce_ex), read back
// from a PickleTree without numpy.
#include "sim/numpy_pickle.h"

#include <bit>
#include <stdexcept>
#include <string>

namespace kinitro::sim {
namespace {

using Kind = PickleValue::Kind;

[[noreturn]] void Fail(std::string_view what, const std::string& problem) {
  throw std::invalid_argument(std::string(what) + ": " + problem);
}

// the items of a tuple of `n` values (any n if n is 0)
const std::vector<PickleId>& Tuple(const PickleTree& tree, PickleId id, size_t n, std::string_view what,
                                   std::string_view part) {
  const PickleValue& v = tree[id];
  if (v.kind != Kind::kTuple || (n != 0 && v.items.size() != n)) {
    Fail(what, std::string(part) + " is " + DescribePickleValue(tree, id) +
                   (n != 0 ? ", not a tuple of " + std::to_string(n) : ", not a tuple"));
  }
  return v.items;
}

const std::string& Str(const PickleTree& tree, PickleId id, std::string_view what, std::string_view part) {
  if (tree[id].kind != Kind::kStr) Fail(what, std::string(part) + " is " + DescribePickleValue(tree, id) + ", not a str");
  return tree[id].text;
}

// numpy.dtype(name, align, copy) with BUILD state (version, byte order, ...), as "<f8", ">i4", ...
std::string DtypeString(const PickleTree& tree, PickleId id, std::string_view what) {
  const PickleValue& v = tree[id];
  if (PickleCallable(tree, id) != "numpy.dtype") Fail(what, "dtype is " + DescribePickleValue(tree, id) + ", not a numpy.dtype");
  const std::string& name = Str(tree, Tuple(tree, v.items[1], 3, what, "dtype arguments")[0], what, "dtype name");
  if (v.items.size() < 3) Fail(what, "dtype " + name + " has no state (byte order)");
  const std::vector<PickleId>& state = Tuple(tree, v.items[2], 0, what, "dtype state");
  if (state.size() < 2) Fail(what, "dtype " + name + " has a state without its byte order");
  const std::string& order = Str(tree, state[1], what, "dtype byte order");
  bool has_order = !name.empty() && std::string_view("<>=|").find(name[0]) != std::string_view::npos;
  return has_order ? name : order + name;
}

// the one dimension of a 1-D shape tuple
size_t Length(const PickleTree& tree, PickleId shape, std::string_view what) {
  const std::vector<PickleId>& dims = Tuple(tree, shape, 0, what, "shape");
  if (dims.size() != 1) Fail(what, "is an array of " + std::to_string(dims.size()) + " dimensions, not a 1-D vector");
  const PickleValue& n = tree[dims[0]];
  if (n.kind != Kind::kInt || n.integer < 0) Fail(what, "shape holds " + DescribePickleValue(tree, dims[0]));
  return size_t(n.integer);
}

std::vector<double> Float64s(const PickleTree& tree, PickleId dtype, size_t n, PickleId raw, std::string_view what) {
  std::string dtype_string = DtypeString(tree, dtype, what);
  if (dtype_string != "<f8") Fail(what, "has dtype '" + dtype_string + "'; only float64 ('<f8') is accepted");
  std::string bytes = PickleBytes(tree, raw, std::string(what) + " data");
  if (bytes.size() != 8 * n) {
    Fail(what, "holds " + std::to_string(bytes.size()) + " bytes of data for " + std::to_string(n) + " float64 values");
  }
  std::vector<double> out(n);
  for (size_t i = 0; i < n; ++i) {
    uint64_t bits = 0;
    for (size_t b = 8; b-- > 0;) bits = (bits << 8) | uint8_t(bytes[8 * i + b]);
    out[i] = std::bit_cast<double>(bits);
  }
  return out;
}

}  // namespace

bool IsNumpyArrayGlobal(std::string_view module, std::string_view name) {
  if (module == "numpy") return name == "ndarray" || name == "dtype";
  for (std::string_view core : {"numpy.core.", "numpy._core."}) {  // numpy 1.x, 2.x
    if (!module.starts_with(core)) continue;
    std::string_view sub = module.substr(core.size());
    return (sub == "multiarray" && name == "_reconstruct") || (sub == "numeric" && name == "_frombuffer");
  }
  return false;
}

std::vector<double> NumpyFloat64Vector(const PickleTree& tree, PickleId id, std::string_view what) {
  const PickleValue& v = tree[id];
  std::string_view made_by = PickleCallable(tree, id);
  size_t dot = made_by.rfind('.');
  std::string_view name = dot == std::string_view::npos ? "" : made_by.substr(dot + 1);
  if (!IsNumpyArrayGlobal(made_by.substr(0, dot), name)) name = "";
  // protocol 5: _frombuffer(buffer, dtype, shape, order)
  if (name == "_frombuffer") {
    const std::vector<PickleId>& args = Tuple(tree, v.items[1], 4, what, "_frombuffer arguments");
    return Float64s(tree, args[1], Length(tree, args[2], what), args[0], what);
  }
  // protocols 2-4: _reconstruct(ndarray, (0,), b"b"), then BUILD ([version,] shape, dtype, is_fortran, data)
  if (name == "_reconstruct") {
    const std::vector<PickleId>& args = Tuple(tree, v.items[1], 3, what, "_reconstruct arguments");
    if (tree[args[0]].kind != Kind::kGlobal || tree[args[0]].text != "numpy.ndarray") {
      Fail(what, "is an array of class " + DescribePickleValue(tree, args[0]) + ", not numpy.ndarray");
    }
    if (v.items.size() < 3) Fail(what, "is an ndarray without its state (shape, dtype, data)");
    const std::vector<PickleId>& state = Tuple(tree, v.items[2], 0, what, "ndarray state");
    if (state.size() != 4 && state.size() != 5) Fail(what, "ndarray state has " + std::to_string(state.size()) + " items, not 4 or 5");
    size_t first = state.size() - 4;  // numpy writes a leading version (1); old pickles have none
    return Float64s(tree, state[first + 1], Length(tree, state[first], what), state[first + 3], what);
  }
  Fail(what, "is " + DescribePickleValue(tree, id) + ", not a numpy array");
}

}  // namespace kinitro::sim
