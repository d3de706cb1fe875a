// numpy arrays inside a restricted pickle (sim/pickle_reader.h): the names numpy's array
// pickles use and the decoding of a 1-D float64 array, for MetaWorld's rand_vec.
#pragma once

#include <string_view>
#include <vector>

#include "sim/pickle_reader.h"

namespace kinitro::sim {

// True for the globals numpy 1.x and 2.x array pickles name: numpy.ndarray, numpy.dtype,
// numpy.core/numpy._core .multiarray._reconstruct and .numeric._frombuffer.
bool IsNumpyArrayGlobal(std::string_view module, std::string_view name);

// The values of a 1-D little-endian float64 array ('<f8') as numpy 1.x or 2.x pickles it
// (protocols 2-4: _reconstruct plus a BUILD state; protocol 5: _frombuffer). Throws
// std::invalid_argument starting with `what` for anything else: not an ndarray, another dtype or
// byte order, another shape, or data whose size does not match the shape.
std::vector<double> NumpyFloat64Vector(const PickleTree& tree, PickleId id, std::string_view what);

}  // namespace kinitro::sim
