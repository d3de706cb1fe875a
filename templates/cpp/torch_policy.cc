// A policy that runs a TorchScript model, built only with -DMINER_WITH_TORCH=ON (see README.md).
// Export your model with torch.jit.script(model).save("model.pt") or torch.jit.trace(...).
#include <torch/script.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "policy.h"

namespace miner {
namespace {

// One episode's view of the shared model. The model is stateless here: the action depends on the
// observation only, which is what spot checks need (see MyPolicy::Act for seeded randomness).
class TorchPolicy : public kinitro::policy::Policy {
 public:
  explicit TorchPolicy(std::shared_ptr<torch::jit::Module> model) : model_(std::move(model)) {}

  void Reset(const kinitro::policy::TaskConfig&) override {}

  kinitro::policy::ActionVec Act(const kinitro::policy::Observation& obs) override {
    // float32 (1, obs_dim) in, the first 4 outputs out, clamped to the action range
    std::vector<float> input(obs.proprio.begin(), obs.proprio.end());
    c10::InferenceMode inference;
    torch::Tensor x = torch::from_blob(input.data(), {1, static_cast<int64_t>(input.size())}, torch::kFloat32);
    torch::Tensor y = model_->forward({x}).toTensor().to(torch::kFloat64).flatten().contiguous();
    if (y.numel() < 4) {
      throw std::runtime_error("model returned " + std::to_string(y.numel()) + " numbers; expected 4");
    }
    kinitro::policy::ActionVec action{};
    for (int i = 0; i < 4; ++i) {
      double a = y[i].item<double>();
      if (!std::isfinite(a)) throw std::runtime_error("model returned a non-finite action");
      action[i] = std::clamp(a, -1.0, 1.0);
    }
    return action;
  }

 private:
  std::shared_ptr<torch::jit::Module> model_;  // shared by all episodes; inference only
};

}  // namespace

kinitro::policy::PolicyFactory MakeTorchPolicyFactory(const std::string& model_path) {
  auto model = std::make_shared<torch::jit::Module>();
  try {
    *model = torch::jit::load(model_path, torch::Device(torch::kCPU));
  } catch (const c10::Error& e) {
    throw std::runtime_error("cannot load TorchScript model '" + model_path + "': " + e.what_without_backtrace());
  }
  model->eval();
  // one intra-op thread: small models answer faster, and results do not depend on thread count
  at::set_num_threads(1);
  return [model] { return std::make_unique<TorchPolicy>(model); };
}

}  // namespace miner
