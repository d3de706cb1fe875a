// MetaWorld itself is the golden test of src/sim: both sides get MetaWorld's own task (the random
// vector of one of its MT1/ML1 Tasks) and the same actions, and every step must agree.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "sim/engine.h"
#include "sim/env.h"
#include "sim/renderer.h"
#include "tests/sim/metaworld_oracle.h"
#include "tests/sim/test_models.h"

namespace kinitro::sim {
namespace {
using nlohmann::json;
using testing::MetaWorldOracle;

// Largest absolute difference between kinitro and MetaWorld over one episode, per quantity,
// and the first step where anything differed (-1: bit-identical).
struct Divergence {
  double obs = 0, reward = 0;
  int success_mismatches = 0, grasp_mismatches = 0, near_mismatches = 0;
  int first_step = -1;
  int steps = 0;
};

void Note(Divergence& d, int step, double diff, double& slot) {
  slot = std::max(slot, diff);
  if (diff != 0 && d.first_step < 0) d.first_step = step;
}

// One MetaWorld task of env_id, with its observability.
struct MwTask {
  std::vector<double> rand_vec;
  bool partially_observable = true;
};

std::vector<MwTask> MetaWorldTasks(const TaskSpec& spec, const std::string& benchmark, int seed) {
  json reply = MetaWorldOracle::Get().Ask(
      {{"op", "tasks"}, {"env", std::string(spec.name)}, {"benchmark", benchmark}, {"seed", seed}});
  std::vector<MwTask> tasks;
  for (const json& t : reply["tasks"]) tasks.push_back({t["rand_vec"].get<std::vector<double>>(), t["partially_observable"]});
  return tasks;
}

// Replays MetaWorld's episode (its observations, rewards and infos after each of its actions)
// in kinitro and measures where the two differ.
Divergence Replay(const TaskSpec& spec, const MwTask& task, const json& mw) {
  Env env(testing::TestModels().Get(spec.env_id), {.goal_observable = !task.partially_observable});
  Divergence d;
  auto compare_obs = [&](int step, const Observation& o) {
    const auto& want = mw["obs"][step];
    for (int i = 0; i < 39; ++i) Note(d, step, std::abs(o[i] - want[i].get<double>()), d.obs);
  };
  compare_obs(0, env.ResetWithRandVec(task.rand_vec));
  const json& actions = mw["actions"];
  for (size_t t = 0; t < actions.size(); ++t) {
    int step = int(t) + 1;
    StepResult r = env.Step(actions[t].get<std::vector<double>>());
    compare_obs(step, env.observation());
    Note(d, step, std::abs(r.eval.reward - mw["reward"][t].get<double>()), d.reward);
    if (r.eval.success != mw["success"][t].get<bool>()) ++d.success_mismatches;
    if ((r.eval.grasp_success != 0) != mw["grasp_success"][t].get<bool>()) ++d.grasp_mismatches;
    if ((r.eval.near_object != 0) != mw["near_object"][t].get<bool>()) ++d.near_mismatches;
    if (d.success_mismatches + d.grasp_mismatches + d.near_mismatches > 0 && d.first_step < 0) d.first_step = step;
    ++d.steps;
  }
  return d;
}

json MetaWorldEpisode(const TaskSpec& spec, const MwTask& task, const std::string& policy, int action_seed) {
  return MetaWorldOracle::Get().Ask({{"op", "episode"},
                                     {"env", std::string(spec.name)},
                                     {"rand_vec", task.rand_vec},
                                     {"partially_observable", task.partially_observable},
                                     {"policy", policy},
                                     {"action_seed", action_seed}});
}

std::string Describe(const Divergence& d) {
  char text[256];
  std::snprintf(text, sizeof text,
                "max |obs diff| %.3g, max |reward diff| %.3g, success/grasp/near mismatches %d/%d/%d, "
                "first differing step %d of %d",
                d.obs, d.reward, d.success_mismatches, d.grasp_mismatches, d.near_mismatches, d.first_step, d.steps);
  return text;
}

TEST(MetaWorldOracle, RunsTheSameEngineAsKinitro) {
  json v = MetaWorldOracle::Get().Ask({{"op", "version"}});
  EXPECT_EQ(v["mujoco"].get<std::string>(), EngineVersion()) << "MetaWorld's MuJoCo differs from kinitro's engine";
  EXPECT_EQ(v["metaworld"].get<std::string>(), "3.1.1");
}

class Golden : public ::testing::TestWithParam<std::string> {
 protected:
  const TaskSpec& spec() const { return FindTask(GetParam()); }
};

// Open loop: MetaWorld's actions (its expert, and uniform random ones) replayed in kinitro, on
// MT1 tasks (goal observable) and ML1 test tasks (goal hidden, as Kinitro evaluates).
TEST_P(Golden, EveryStepMatchesMetaWorld) {
  std::vector<MwTask> tasks = MetaWorldTasks(spec(), "MT1", 0);
  ASSERT_EQ(tasks.size(), 50u);
  std::vector<MwTask> ml1 = MetaWorldTasks(spec(), "ML1-test", 1);
  std::vector<MwTask> chosen = {tasks[0], tasks[17], tasks[49], ml1[3]};
  for (size_t c = 0; c < chosen.size(); ++c) {
    for (const std::string policy : {"expert", "random"}) {
      json mw = MetaWorldEpisode(spec(), chosen[c], policy, int(c));
      Divergence d = Replay(spec(), chosen[c], mw);
      SCOPED_TRACE(GetParam() + " configuration " + std::to_string(c) + ", " + policy + " actions: " + Describe(d));
      EXPECT_EQ(d.steps, 500);
      EXPECT_EQ(d.obs, 0.0);
      // rewards: equal but for the last bits in rare steps (MetaWorld computes them with numpy,
      // whose vectorised exp/log differ from libm and between CPUs)
      EXPECT_LE(d.reward, 1e-12);
      EXPECT_EQ(d.success_mismatches, 0);
      EXPECT_EQ(d.grasp_mismatches, 0);
      EXPECT_EQ(d.near_mismatches, 0);
    }
  }
}

// Closed loop: each side runs its own scripted expert; success must agree on every configuration.
TEST_P(Golden, ExpertsSucceedOnTheSameConfigurations) {
  std::vector<MwTask> tasks = MetaWorldTasks(spec(), "MT1", 3);
  int agree = 0, mw_successes = 0;
  for (size_t c = 0; c < tasks.size(); c += 5) {
    json mw = MetaWorldEpisode(spec(), tasks[c], "expert", 0);
    bool mw_success = false;
    for (const json& s : mw["success"]) mw_success = mw_success || s.get<bool>();

    Env env(testing::TestModels().Get(spec().env_id), {.goal_observable = !tasks[c].partially_observable});
    env.ResetWithRandVec(tasks[c].rand_vec);
    bool success = false;
    int differing_steps = 0;
    for (int t = 1; !env.episode_over(); ++t) {
      success = env.Step(env.ExpertAction()).eval.success || success;
      differing_steps += env.observation() != mw["obs"][t].get<Observation>();
    }
    EXPECT_EQ(success, mw_success) << GetParam() << " MT1(seed=3) task " << c;
    // both experts take the same float32 actions on identical observations: the same trajectory
    EXPECT_EQ(differing_steps, 0) << GetParam() << " MT1(seed=3) task " << c;
    agree += success == mw_success;
    mw_successes += mw_success;
  }
  std::printf("%s: experts agree on %d/10 configurations; MetaWorld's expert solved %d\n", GetParam().c_str(), agree,
              mw_successes);
}

// Pixel statistics of kinitro's frames against MetaWorld's for the same states.
struct PixelDiff {
  std::vector<int> diffs;  // |kinitro - MetaWorld| per channel value
  double Mean() const {
    double sum = 0;
    for (int d : diffs) sum += d;
    return diffs.empty() ? 0 : sum / double(diffs.size());
  }
  int Percentile(double q) {
    if (diffs.empty()) return 0;
    auto nth = diffs.begin() + std::ptrdiff_t(q * double(diffs.size() - 1));
    std::nth_element(diffs.begin(), nth, diffs.end());
    return *nth;
  }
};

std::vector<uint8_t> FromHex(const std::string& hex) {
  std::vector<uint8_t> bytes(hex.size() / 2);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = uint8_t(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  return bytes;
}

// Both sides render `corner` and `gripperPOV` at 84x84 for the same states of an expert episode;
// kinitro at MetaWorld's shading and at its fast default. The bound on the fast default belongs to
// the cameras issue; this test pins MetaWorld-quality parity and reports both.
TEST_P(Golden, CamerasRenderTheSameStatesLikeMetaWorld) {
  constexpr int kSize = 84;
  const std::vector<int> steps = {0, 60, 150, 300, 500};
  MwTask task = MetaWorldTasks(spec(), "MT1", 0)[5];
  json mw = MetaWorldOracle::Get().Ask({{"op", "episode"}, {"env", std::string(spec().name)},
                                        {"rand_vec", task.rand_vec}, {"partially_observable", true},
                                        {"policy", "expert"}, {"cameras", {"corner", "gripperPOV"}},
                                        {"render_steps", steps}, {"width", kSize}, {"height", kSize}});
  Env env(testing::TestModels().Get(spec().env_id));
  Renderer faithful(env.mj_model(), {.width = kSize, .height = kSize, .quality = RenderQuality::kMetaWorld});
  Renderer fast(env.mj_model(), {.width = kSize, .height = kSize, .quality = RenderQuality::kFast});
  std::map<std::string, PixelDiff> stats;  // "<camera> <quality>"
  std::vector<uint8_t> frame(size_t(kSize) * kSize * 3);
  auto compare = [&](int step) {
    for (auto [cam, name] : {std::pair{Camera::kCorner, "corner"}, std::pair{Camera::kGripper, "gripperPOV"}}) {
      std::vector<uint8_t> want = FromHex(mw["images"][name][std::to_string(step)].get<std::string>());
      ASSERT_EQ(want.size(), frame.size());
      for (auto [renderer, quality] : {std::pair{&faithful, "metaworld"}, std::pair{&fast, "fast"}}) {
        renderer->Render(env.mj_model(), env.mj_data(), cam, frame);
        // MetaWorld's frames are upright (row 0 on top); kinitro's rows follow CameraRowOrder
        bool flip = CameraRowOrder(cam) == RowOrder::kBottomFirst;
        PixelDiff& d = stats[std::string(name) + " " + quality];
        for (int y = 0; y < kSize; ++y) {
          int ky = flip ? kSize - 1 - y : y;
          for (int i = 0; i < kSize * 3; ++i) {
            d.diffs.push_back(std::abs(int(frame[size_t(ky) * kSize * 3 + i]) - int(want[size_t(y) * kSize * 3 + i])));
          }
        }
      }
    }
  };
  env.ResetWithRandVec(task.rand_vec);
  compare(0);
  const json& actions = mw["actions"];
  for (size_t t = 0; t < actions.size(); ++t) {
    env.Step(actions[t].get<std::vector<double>>());
    if (std::find(steps.begin(), steps.end(), int(t) + 1) != steps.end()) compare(int(t) + 1);
  }
  for (auto& [name, d] : stats) {
    std::printf("%s %s: mean |diff| %.2f/255, p99 %d/255, max %d/255\n", GetParam().c_str(), name.c_str(), d.Mean(),
                d.Percentile(0.99), d.Percentile(1.0));
  }
  // same engine, scene, assets and shading: MetaWorld-quality frames are MetaWorld's (with
  // ../shared's stand-in wood texture instead of scripts/setup's copy, peg-insert differs by ~0.2)
  for (const char* cam : {"corner metaworld", "gripperPOV metaworld"}) {
    EXPECT_LT(stats[cam].Mean(), 0.05) << cam;
    EXPECT_LE(stats[cam].Percentile(0.99), 1) << cam;
  }
}

INSTANTIATE_TEST_SUITE_P(Tasks, Golden, ::testing::ValuesIn(testing::AllEnvIds()), testing::IdToTestName);

}  // namespace
}  // namespace kinitro::sim
