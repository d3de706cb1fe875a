#include "sim/numpy_legacy_random.h"

namespace kinitro::sim {

double NumpyLegacyRandom::RandomDouble() {
  // numpy/random/src/mt19937/mt19937.h, mt19937_next_double (the legacy double)
  uint32_t a = uint32_t(mt_()) >> 5, b = uint32_t(mt_()) >> 6;
  return (a * 67108864.0 + b) / 9007199254740992.0;
}

double NumpyLegacyRandom::Uniform(double low, double high) {
  // numpy's random_uniform(lower, range) with range = high - low computed first, as
  // RandomState.uniform does; separate statements so no compiler fuses them into an FMA
  double range = high - low;
  double scaled = range * RandomDouble();
  return low + scaled;
}

}  // namespace kinitro::sim
