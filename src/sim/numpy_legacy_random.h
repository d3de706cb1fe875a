// numpy's legacy global random generator (np.random.seed, np.random.uniform: RandomState on
// MT19937), reproduced bit for bit so MetaWorld's benchmark tasks can be generated natively.
#pragma once

#include <cstdint>
#include <random>

namespace kinitro::sim {

class NumpyLegacyRandom {
 public:
  // = np.random.seed(seed): MT19937's init_genrand, which is how std::mt19937 seeds too.
  explicit NumpyLegacyRandom(uint32_t seed) : mt_(seed) {}

  // = np.random.random_sample(): 53 random bits from two 32-bit outputs, in [0, 1).
  double RandomDouble();

  // = one element of np.random.uniform(low, high): low + (high - low) * RandomDouble().
  double Uniform(double low, double high);

 private:
  std::mt19937 mt_;
};

}  // namespace kinitro::sim
