#include "sim/env.h"

#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

#include "sim/mujoco_guard.h"
#include "sim/rand_vec.h"

namespace kinitro::sim {
namespace {

constexpr int kSettleIterations = 50;  // spec §1.6: _reset_hand runs 50 × frame_skip steps
constexpr double kMocapQuat[4] = {1, 0, 1, 0};
// spec §1.7: observation-space bounds of the hand (both frames) and the gripper
constexpr Vec3 kHandObsLow{-0.525, 0.348, -0.0525};
constexpr Vec3 kHandObsHigh{0.525, 1.025, 0.7};

mjData* MakeData(const mjModel* m) {
  mjData* d = nullptr;
  Guarded([&] { d = mj_makeData(m); });
  if (d == nullptr) throw std::runtime_error("MuJoCo could not allocate mjData");
  return d;
}

}  // namespace

Env::Env(std::shared_ptr<const Model> model, EnvOptions options)
    : model_(std::move(model)),
      options_(options),
      body_pos_(model_->mj()->body_pos, model_->mj()->body_pos + 3 * model_->mj()->nbody),
      site_pos_(model_->mj()->site_pos, model_->mj()->site_pos + 3 * model_->mj()->nsite),
      view_(*model_->mj()),
      d_(MakeData(&view_)),
      scene_(&view_, d_, model_->sawyer()) {
  // the view shares every array with the model except the two that tasks edit per episode
  view_.body_pos = body_pos_.data();
  view_.site_pos = site_pos_.data();
  try {
    task_ = model_->spec().make(*model_);
  } catch (...) {
    mj_deleteData(d_);
    throw;
  }
}

Env::~Env() { mj_deleteData(d_); }

void Env::DrawRandVec(uint64_t seed) {
  const TaskSpec& spec = model_->spec();
  // the stream depends on the env id and the seed only; mt19937_64 and seed_seq are fully
  // specified by the C++ standard, so this is the same on every platform and library
  uint64_t id_hash = XXH64(spec.env_id.data(), spec.env_id.size(), 0);
  std::seed_seq seq{uint32_t(seed), uint32_t(seed >> 32), uint32_t(id_hash), uint32_t(id_hash >> 32)};
  std::mt19937_64 rng(seq);
  auto uniform = [&rng](double low, double high) { return low + (high - low) * (double(rng() >> 11) * 0x1.0p-53); };
  DrawAcceptedRandVec(spec, uniform, rand_vec_);
}

void Env::ValidateRandVec(const TaskSpec& spec, std::span<const double> r) {
  const std::string task(spec.name);
  if (r.size() != spec.rand.size) {
    throw std::invalid_argument(task + " takes a random vector of " + std::to_string(spec.rand.size) +
                                " numbers, got " + std::to_string(r.size()));
  }
  for (size_t i = 0; i < r.size(); ++i) {
    if (!std::isfinite(r[i]) || r[i] < spec.rand.low[i] || r[i] > spec.rand.high[i]) {
      throw std::invalid_argument(task + " random vector component " + std::to_string(i) + " = " +
                                  std::to_string(r[i]) + " lies outside the task's range [" +
                                  std::to_string(spec.rand.low[i]) + ", " + std::to_string(spec.rand.high[i]) + "]");
    }
  }
  if (spec.accept != nullptr && !spec.accept(r)) {
    throw std::invalid_argument(task + " random vector is rejected by the task's placement rule "
                                "(MetaWorld would redraw it forever)");
  }
}

const Observation& Env::Reset(uint64_t seed) {
  seed_ = seed;
  DrawRandVec(seed);
  return ResetToCurrentRandVec();
}

const Observation& Env::ResetWithRandVec(std::span<const double> rand_vec, uint64_t seed) {
  ValidateRandVec(model_->spec(), rand_vec);
  seed_ = seed;
  rand_vec_.assign(rand_vec.begin(), rand_vec.end());
  return ResetToCurrentRandVec();
}

const Observation& Env::ResetToCurrentRandVec() {
  const TaskSpec& spec = model_->spec();

  // spec §1.6, the cheaper exact equivalent of MetaWorld's double reset_model():
  // edit model -> reset data -> settle the hand with objects in place -> edit again -> place objects
  task_->EditModel(scene_, rand_vec_);
  mjModel* m = &view_;
  mjData* d = d_;
  int mocap = model_->sawyer().mocap;
  const Vec3 hand_init = spec.hand_init;
  Guarded([m, d, mocap, hand_init] {
    mj_resetData(m, d);
    for (int it = 0; it < kSettleIterations; ++it) {
      for (int i = 0; i < 3; ++i) d->mocap_pos[3 * mocap + i] = hand_init[i];
      for (int i = 0; i < 4; ++i) d->mocap_quat[4 * mocap + i] = kMocapQuat[i];
      d->ctrl[0] = -1;  // fingers open
      d->ctrl[1] = 1;
      for (int s = 0; s < kFrameSkip; ++s) mj_step(m, d);
    }
  });
  scene_.set_init_tcp(scene_.Tcp());
  task_->EditModel(scene_, rand_vec_);
  goal_ = task_->PlaceObjects(scene_, rand_vec_);

  // reset observation: previous frame = current frame, not clipped
  WriteFrame(std::span<double, 18>(obs_.data(), 18));
  std::copy_n(obs_.begin(), 18, obs_.begin() + 18);
  for (int i = 0; i < 3; ++i) obs_[36 + i] = options_.goal_observable ? goal_[i] : 0.0;
  steps_ = 0;
  return obs_;
}

StepResult Env::Step(std::span<const double> action) {
  if (action.size() != 4) {
    throw std::invalid_argument("action must have 4 components (dx, dy, dz, grip), got " + std::to_string(action.size()));
  }
  return Step(Action{action[0], action[1], action[2], action[3]});
}

StepResult Env::Step(const Action& raw) {
  if (steps_ < 0) throw std::logic_error("Env::Step called before Reset");
  if (episode_over()) {
    throw std::logic_error("episode is over after " + std::to_string(kMaxEpisodeSteps) + " steps; call Reset");
  }
  Action a;
  for (int i = 0; i < 4; ++i) {
    if (!std::isfinite(raw[i])) {
      throw std::invalid_argument("action component " + std::to_string(i) + " is not finite (" + std::to_string(raw[i]) + ")");
    }
    a[i] = std::clamp(raw[i], -1.0, 1.0);
  }

  // spec §1.5: move the mocap (scaled, clipped to the hand box), drive the fingers, 5 physics
  // steps, then MetaWorld's full mj_forward. That forward costs about a sixth physics step, but it
  // is not optional: it recomputes contacts at the post-step state (grasp checks read them) and
  // overwrites the solver warm start, so skipping it (mj_kinematics only, as kinitro did on
  // 2.2.2) moves every later observation by ~1e-14 from step 2 on, measured against MetaWorld
  // itself (tests/sim/metaworld_golden_test.cc). Gymnasium's mj_rnePostConstraint after the
  // steps only fills cacc/cfrc_*, which nothing reads, so it is left out.
  const TaskSpec& spec = model_->spec();
  mjModel* m = &view_;
  mjData* d = d_;
  double* mocap_pos = d->mocap_pos + 3 * model_->sawyer().mocap;
  double* mocap_quat = d->mocap_quat + 4 * model_->sawyer().mocap;
  for (int i = 0; i < 3; ++i) {
    mocap_pos[i] = std::clamp(mocap_pos[i] + kActionScale * a[i], spec.hand_low[i], spec.hand_high[i]);
  }
  for (int i = 0; i < 4; ++i) mocap_quat[i] = kMocapQuat[i];
  d->ctrl[0] = a[3];
  d->ctrl[1] = -a[3];
  Guarded([m, d] {
    for (int s = 0; s < kFrameSkip; ++s) mj_step(m, d);
    mj_forward(m, d);
  });
  ++steps_;

  // frame stacking: the previous frame is the last one written
  std::copy_n(obs_.begin(), 18, obs_.begin() + 18);
  WriteFrame(std::span<double, 18>(obs_.data(), 18));
  ClipObservation();

  StepResult result;
  result.eval = task_->Evaluate(scene_, a, obs_);
  result.truncated = episode_over();
  return result;
}

void Env::WriteFrame(std::span<double, 18> frame) const {
  Vec3 hand = scene_.Hand();
  const double* rc = d_->xpos + 3 * model_->sawyer().right_claw;
  const double* lc = d_->xpos + 3 * model_->sawyer().left_claw;
  double gripper = std::clamp(Norm(ToVec3(rc) - ToVec3(lc)) / 0.1, 0.0, 1.0);
  std::copy(hand.begin(), hand.end(), frame.begin());
  frame[3] = gripper;
  task_->Objects(scene_, frame.subspan<4, 14>());
}

void Env::ClipObservation() {
  for (int f = 0; f < 2; ++f) {
    double* frame = obs_.data() + 18 * f;
    for (int i = 0; i < 3; ++i) frame[i] = std::clamp(frame[i], kHandObsLow[i], kHandObsHigh[i]);
    frame[3] = std::clamp(frame[3], -1.0, 1.0);
  }
  const TaskSpec& spec = model_->spec();
  for (int i = 0; i < 3; ++i) {
    obs_[36 + i] = options_.goal_observable ? std::clamp(goal_[i], spec.goal_low[i], spec.goal_high[i]) : 0.0;
  }
}

std::array<float, 4> Env::KinitroObservation() const {
  return {float(obs_[0]), float(obs_[1]), float(obs_[2]), float(obs_[3])};
}

Action Env::ExpertAction() const {
  Action a = task_->Expert(ObservationWithGoal());
  for (double& x : a) x = double(float(x));
  return a;
}

Observation Env::ObservationWithGoal() const {
  Observation o = obs_;
  for (int i = 0; i < 3; ++i) o[36 + i] = goal_[i];
  return o;
}

}  // namespace kinitro::sim
