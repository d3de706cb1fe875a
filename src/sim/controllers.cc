#include "sim/controllers.h"

#include <random>
#include <stdexcept>
#include <string>

namespace kinitro::sim {
namespace {

// privileged: uses the env's goal, which the policy under evaluation never sees
class ExpertController final : public Controller {
 public:
  void Reset(uint64_t) override {}
  Action Act(const Env& env) override { return env.ExpertAction(); }
};

// uniform in [-1, 1]^4; the stream depends only on the episode seed
class RandomController final : public Controller {
 public:
  void Reset(uint64_t seed) override {
    std::seed_seq seq{uint32_t(seed), uint32_t(seed >> 32), 0x72616e64u /* "rand" */};
    rng_.seed(seq);
  }
  Action Act(const Env&) override {
    Action a;
    for (double& x : a) x = -1.0 + 2.0 * (double(rng_() >> 11) * 0x1.0p-53);
    return a;
  }

 private:
  std::mt19937_64 rng_;
};

class ZeroController final : public Controller {
 public:
  void Reset(uint64_t) override {}
  Action Act(const Env&) override { return {0, 0, 0, 0}; }
};

}  // namespace

std::unique_ptr<Controller> MakeController(std::string_view name) {
  if (name == "expert") return std::make_unique<ExpertController>();
  if (name == "random") return std::make_unique<RandomController>();
  if (name == "zero") return std::make_unique<ZeroController>();
  throw std::invalid_argument("unknown policy '" + std::string(name) + "' (valid: expert, random, zero)");
}

}  // namespace kinitro::sim
