#include "policy/builtin.h"

#include <algorithm>
#include <random>
#include <stdexcept>
#include <string>

#include "sim/env.h"

namespace kinitro::policy {
namespace {

class ZeroPolicy final : public Policy {
 public:
  void Reset(const TaskConfig&) override {}
  ActionVec Act(const Observation&) override { return {0, 0, 0, 0}; }
};

class RandomPolicy final : public Policy {
 public:
  void Reset(const TaskConfig& config) override { Seed(rng_, config.seed.value_or(0)); }
  ActionVec Act(const Observation& obs) override {
    if (obs.seed) {  // verification: a function of the seed alone
      std::mt19937_64 rng;
      Seed(rng, *obs.seed);
      return Draw(rng);
    }
    return Draw(rng_);
  }

 private:
  static void Seed(std::mt19937_64& rng, int64_t seed) {
    std::seed_seq seq{uint32_t(seed), uint32_t(uint64_t(seed) >> 32)};
    rng.seed(seq);
  }
  static ActionVec Draw(std::mt19937_64& rng) {
    ActionVec a;
    for (double& x : a) x = -1.0 + 2.0 * (double(rng() >> 11) * 0x1.0p-53);
    return a;
  }
  std::mt19937_64 rng_;
};

class OraclePolicy final : public Policy {
 public:
  explicit OraclePolicy(sim::ModelCache* models) : models_(models) {}

  void Reset(const TaskConfig& config) override {
    if (!config.seed) throw std::invalid_argument("oracle needs task_config.seed to replay the episode");
    // the env id names the task; MetaWorld task names are accepted too
    auto model = models_->Get(config.env_id.empty() ? config.task_name : config.env_id);
    env_ = std::make_unique<sim::Env>(model);
    env_->Reset(uint64_t(*config.seed), config.rand_vec);  // throws for a bad vector
  }

  ActionVec Act(const Observation& obs) override {
    if (!env_) throw std::logic_error("oracle: /act before /reset (it needs the task config)");
    if (env_->episode_over()) return {0, 0, 0, 0};
    sim::Action a = env_->ExpertAction();
    for (double& x : a) x = std::clamp(x, -1.0, 1.0);  // what the evaluator will apply
    // a seeded request is a verification probe, not an episode step: answer without advancing,
    // so the same seed and state give the same action
    if (!obs.seed) env_->Step(a);
    return {a[0], a[1], a[2], a[3]};
  }

 private:
  sim::ModelCache* models_;
  std::unique_ptr<sim::Env> env_;
};

}  // namespace

PolicyFactory MakeBuiltinPolicy(std::string_view name, sim::ModelCache* models) {
  if (name == "zero") return [] { return std::make_unique<ZeroPolicy>(); };
  if (name == "random") return [] { return std::make_unique<RandomPolicy>(); };
  if (name == "oracle") {
    if (models == nullptr) throw std::invalid_argument("the oracle policy needs the MetaWorld assets");
    return [models] { return std::make_unique<OraclePolicy>(models); };
  }
  throw std::invalid_argument("unknown policy '" + std::string(name) + "' (valid: zero, random, oracle)");
}

}  // namespace kinitro::policy
