#include "sim/rand_vec.h"

#include <stdexcept>
#include <string>

namespace kinitro::sim {

void DrawAcceptedRandVec(const TaskSpec& spec, const std::function<double(double, double)>& uniform,
                         std::vector<double>& out) {
  constexpr int kMaxDraws = 10000;
  out.resize(spec.rand.size);
  for (int draw = 0; draw < kMaxDraws; ++draw) {
    for (size_t i = 0; i < out.size(); ++i) out[i] = uniform(spec.rand.low[i], spec.rand.high[i]);
    if (spec.accept == nullptr || spec.accept(out)) return;
  }
  throw std::logic_error("task " + std::string(spec.name) + ": no acceptable random vector after " +
                         std::to_string(kMaxDraws) + " draws (rejection rule inconsistent with ranges)");
}

}  // namespace kinitro::sim
