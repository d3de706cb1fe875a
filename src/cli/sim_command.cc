// `kinitro sim list|run|render`: the simulator on its own, no policy server involved.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli/commands.h"
#include "sim/assets.h"
#include "sim/controllers.h"
#include "sim/engine.h"
#include "sim/metaworld_tasks.h"
#include "sim/episode.h"
#include "sim/model.h"
#include "sim/png.h"
#include "sim/renderer.h"
#include "sim/tasks/registry.h"

namespace kinitro::cli {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

struct SimFlags {
  std::optional<fs::path> assets;
  std::string env_id;
  uint64_t seed = 0;
  std::string policy = "expert";
  int episodes = 10;
  int jobs = 1;
  bool json = false;
  bool stop_on_success = false;
  std::string metaworld_tasks;  // MetaWorld task source (sim::ParseMetaWorldTaskSource)
  bool episodes_given = false;
  // sim render
  fs::path out_dir;
  int every = 50;
  int steps = sim::kMaxEpisodeSteps;
  int width = 84, height = 84;
  std::string quality = "fast";
};

void AddAssetsFlag(CLI::App* cmd, SimFlags& f) {
  cmd->add_option("--assets", f.assets, "MetaWorld asset directory (default: $KINITRO_ASSETS, installed, dev copy)");
}

void RunList(const SimFlags& f) {
  json out = json::array();
  for (const sim::TaskSpec* t : sim::AllTasks()) {
    out.push_back({{"env_id", t->env_id}, {"metaworld_task", t->name}, {"xml", t->xml}});
  }
  if (f.json) {
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::printf("%-28s %-26s %s\n", "ENV ID", "METAWORLD TASK", "MODEL");
  for (const auto& t : out) {
    std::printf("%-28s %-26s %s\n", t["env_id"].get<std::string>().c_str(),
                t["metaworld_task"].get<std::string>().c_str(), t["xml"].get<std::string>().c_str());
  }
}

// runs `n` episodes with seeds seed, seed+1, ... (starting from tasks[i] when tasks are given),
// split over `jobs` threads sharing one model; results in episode order
std::vector<sim::EpisodeResult> RunEpisodes(const SimFlags& f, std::shared_ptr<const sim::Model> model, int n,
                                            const std::vector<sim::MetaWorldTask>& tasks) {
  std::vector<sim::EpisodeResult> results(n);
  std::vector<std::exception_ptr> errors(f.jobs);
  auto worker = [&](int job) {
    try {
      sim::Env env(model);
      auto controller = sim::MakeController(f.policy);
      for (int i = job; i < n; i += f.jobs) {
        sim::EpisodeOptions options{.stop_on_success = f.stop_on_success};
        if (!tasks.empty()) options.rand_vec = tasks[i].rand_vec;
        results[i] = sim::RunEpisode(env, *controller, f.seed + i, options);
        if (!f.json) std::fprintf(stderr, "\r%d/%d episodes", i + 1, n);
      }
    } catch (...) {
      errors[job] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (int j = 1; j < f.jobs; ++j) threads.emplace_back(worker, j);
  worker(0);
  for (auto& t : threads) t.join();
  if (!f.json) std::fprintf(stderr, "\r%*s\r", 24, "");
  for (auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  return results;
}

void RunRun(const SimFlags& f) {
  sim::MakeController(f.policy);  // validate before loading anything
  sim::ModelCache cache(sim::FindAssetDir(f.assets));
  auto model = cache.Get(f.env_id);
  std::vector<sim::MetaWorldTask> tasks;
  int n = f.episodes;
  if (!f.metaworld_tasks.empty()) {
    tasks = sim::ParseMetaWorldTaskSource(f.metaworld_tasks, model->spec());
    n = sim::EpisodesOnTasks(f.episodes_given ? f.episodes : 0, tasks.size(), f.metaworld_tasks, model->spec());
  }
  auto results = RunEpisodes(f, model, n, tasks);

  int successes = 0;
  json episodes = json::array();
  for (size_t i = 0; i < results.size(); ++i) {
    const sim::EpisodeResult& r = results[i];
    successes += r.success;
    char digest[17];
    std::snprintf(digest, sizeof digest, "%016llx", static_cast<unsigned long long>(r.digest));
    episodes.push_back({{"seed", r.seed},
                        {"task_index", tasks.empty() ? json(nullptr) : json(i)},
                        {"rand_vec", r.rand_vec},
                        {"success", r.success},
                        {"steps", r.steps},
                        {"first_success_step", r.first_success_step < 0 ? json(nullptr) : json(r.first_success_step)},
                        {"return", r.total_reward},
                        {"digest", digest}});
  }
  double rate = n > 0 ? double(successes) / n : 0.0;
  if (f.json) {
    json out = {{"env", model->spec().env_id}, {"metaworld_task", model->spec().name}, {"engine", sim::EngineName()},
                {"policy", f.policy}, {"seed", f.seed},
                {"metaworld_tasks", f.metaworld_tasks.empty() ? json(nullptr) : json(f.metaworld_tasks)},
                {"success_rate", rate}, {"episodes", episodes}};
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::printf("%s  policy=%s\n", std::string(model->spec().env_id).c_str(), f.policy.c_str());
  std::printf("%10s %8s %6s %13s %10s  %s\n", "SEED", "SUCCESS", "STEPS", "FIRST_SUCCESS", "RETURN", "DIGEST");
  for (const auto& e : episodes) {
    std::string first = e["first_success_step"].is_null() ? "-" : std::to_string(e["first_success_step"].get<int>());
    std::printf("%10llu %8s %6d %13s %10.2f  %s\n", static_cast<unsigned long long>(e["seed"].get<uint64_t>()),
                e["success"].get<bool>() ? "yes" : "no", e["steps"].get<int>(), first.c_str(),
                e["return"].get<double>(), e["digest"].get<std::string>().c_str());
  }
  std::printf("success rate: %.3f (%d/%d)\n", rate, successes, n);
}

// renders both cameras at reset and every `every` steps of one episode driven by `policy`
void RunRender(const SimFlags& f) {
  auto controller = sim::MakeController(f.policy);
  sim::ModelCache cache(sim::FindAssetDir(f.assets));
  sim::Env env(cache.Get(f.env_id));
  sim::Renderer renderer(env.mj_model(), {.width = f.width,
                                          .height = f.height,
                                          .quality = f.quality == "metaworld" ? sim::RenderQuality::kMetaWorld
                                                                              : sim::RenderQuality::kFast});
  fs::create_directories(f.out_dir);
  std::vector<uint8_t> rgb(renderer.frame_bytes());
  int written = 0;
  auto snapshot = [&](int step) {
    for (auto [cam, name] : {std::pair{sim::Camera::kCorner, "corner"}, std::pair{sim::Camera::kGripper, "gripper"}}) {
      renderer.Render(env.mj_model(), env.mj_data(), cam, rgb);
      char file[64];
      std::snprintf(file, sizeof file, "%s_step%03d.png", name, step);
      sim::WritePng(f.out_dir / file, f.width, f.height, rgb);
      ++written;
    }
  };
  env.Reset(f.seed);
  controller->Reset(f.seed);
  snapshot(0);
  bool success = false;
  for (int t = 1; t <= f.steps && !env.episode_over(); ++t) {
    success |= env.Step(controller->Act(env)).eval.success;
    if (t % f.every == 0) snapshot(t);
  }
  std::printf("wrote %d images (%dx%d, corner and gripper, every %d steps) to %s; success: %s\n", written, f.width,
              f.height, f.every, f.out_dir.string().c_str(), success ? "yes" : "no");
}

}  // namespace

void AddSimCommands(CLI::App& app) {
  auto flags = std::make_shared<SimFlags>();
  SimFlags& f = *flags;
  CLI::App* sim = app.add_subcommand("sim", "run the MetaWorld simulator locally");
  sim->require_subcommand(1);

  CLI::App* list = sim->add_subcommand("list", "list the environments kinitro can simulate");
  list->add_flag("--json", f.json, "print JSON");
  list->callback([flags] { RunList(*flags); });

  CLI::App* run = sim->add_subcommand("run", "run seeded episodes with a built-in policy");
  AddAssetsFlag(run, f);
  run->add_option("--env", f.env_id, "environment id, e.g. metaworld/push-v3 (see `kinitro sim list`)")->required();
  run->add_option("--seed", f.seed, "seed of the first episode; episode i uses seed+i");
  run->add_option("--policy", f.policy, "expert | random | zero")->check(CLI::IsMember({"expert", "random", "zero"}));
  run->add_option("--episodes", f.episodes, "number of episodes")->check(CLI::PositiveNumber);
  run->add_option("--jobs", f.jobs, "worker threads (results do not depend on it)")->check(CLI::Range(1, 256));
  run->add_flag("--stop-on-success", f.stop_on_success, "end an episode at its first success (evaluator runs all 500 steps)");
  run->add_flag("--json", f.json, "print one JSON object on stdout");
  run->add_option("--metaworld-tasks", f.metaworld_tasks,
                  "start episodes from MetaWorld's own tasks: MT1:SEED, ML1-train:SEED, ML1-test:SEED or a FILE "
                  "(pickle of metaworld Tasks, or JSON); episode i uses task i and seed+i (all tasks unless --episodes)");
  run->callback([flags, run] {
    flags->episodes_given = run->count("--episodes") > 0;
    RunRun(*flags);
  });

  CLI::App* render = sim->add_subcommand("render", "write corner and gripper camera PNGs of one episode");
  AddAssetsFlag(render, f);
  render->add_option("--env", f.env_id, "environment id")->required();
  render->add_option("--seed", f.seed, "episode seed");
  render->add_option("--out", f.out_dir, "output directory (created if missing)")->required();
  render->add_option("--every", f.every, "also render every K steps")->check(CLI::PositiveNumber);
  render->add_option("--steps", f.steps, "steps to run (at most 500)")->check(CLI::Range(0, sim::kMaxEpisodeSteps));
  render->add_option("--policy", f.policy, "expert | random | zero")->check(CLI::IsMember({"expert", "random", "zero"}));
  render->add_option("--width", f.width, "image width")->check(CLI::Range(8, 4096));
  render->add_option("--height", f.height, "image height")->check(CLI::Range(8, 4096));
  render->add_option("--quality", f.quality, "fast (default) | metaworld (shadows, reflections, 4x MSAA; ~10x slower)")
      ->check(CLI::IsMember({"fast", "metaworld"}));
  render->callback([flags] { RunRender(*flags); });
}

}  // namespace kinitro::cli
