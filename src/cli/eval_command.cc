// `kinitro eval`: run exactly what validators run against a policy endpoint, locally.
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <sstream>

#include "cli/commands.h"
#include "cli/env_list.h"
#include "eval/evaluation.h"
#include "sim/assets.h"
#include "sim/tasks/registry.h"

namespace kinitro::cli {
namespace {

using nlohmann::json;

struct EvalFlags {
  std::string endpoint;
  std::string envs = "all";
  int episodes = 10;
  uint64_t seed = 0;
  bool images = false;
  int concurrency = 0;
  bool force_concurrency = false;
  std::string json_file;
  std::optional<std::filesystem::path> assets;
  int act_timeout_ms = 500, reset_timeout_ms = 5000;
  int max_consecutive_failures = 5;
  std::string metaworld_tasks;
  bool episodes_given = false;
};

json ReportJson(const eval::EvalReport& r) {
  json envs = json::object();
  for (const auto& s : r.envs) {
    envs[s.env_id] = {{"success_rate", s.success_rate}, {"episodes", s.episodes},    {"successes", s.successes},
                      {"ci95", {s.ci95.first, s.ci95.second}}, {"mean_steps", s.mean_steps},
                      {"act_ms_p50", s.act_ms_p50}, {"act_ms_p99", s.act_ms_p99}, {"errors", s.errors}};
  }
  json episodes = json::array();
  for (const auto& e : r.episodes) {
    episodes.push_back({{"env_id", e.env_id},
                        {"seed", e.seed},
                        {"task_index", e.task_index < 0 ? json(nullptr) : json(e.task_index)},
                        {"success", e.success},
                        {"steps", e.steps},
                        {"first_success_step", e.first_success_step < 0 ? json(nullptr) : json(e.first_success_step)},
                        {"return", e.total_reward},
                        {"unavailable", e.unavailable},
                        {"aborted", e.aborted},
                        {"errors", e.errors},
                        {"first_error", e.first_error}});
  }
  const auto& c = r.config;
  json settings = {{"engine", r.engine},
                   {"endpoint", c.endpoint},         {"env_ids", c.env_ids},
                   {"episodes", c.episodes},         {"seed", c.seed},
                   {"metaworld_tasks", c.metaworld_tasks.empty() ? json(nullptr) : json(c.metaworld_tasks)},
                   {"images", c.images},             {"image_encoding", r.image_encoding},
                   {"concurrency", r.concurrency},   {"act_timeout_ms", c.client.act_timeout_ms},
                   {"reset_timeout_ms", c.client.reset_timeout_ms},
                   {"max_consecutive_failures", c.rules.max_consecutive_failures}};
  json health = r.health ? json{{"status", r.health->status},
                                {"model_loaded", r.health->model_loaded},
                                {"image_encodings", r.health->image_encodings},
                                {"sessions", r.health->sessions}}
                         : json{{"error", r.health_error}};
  return {{"settings", settings}, {"health", health}, {"envs", envs}, {"episodes", episodes}, {"wall_seconds", r.wall_s}};
}

void PrintTable(const eval::EvalReport& r) {
  std::printf("%-27s %8s %15s %6s %8s %8s  %s\n", "ENV", "SUCCESS", "95% CI", "STEPS", "ACT p50", "ACT p99", "ERRORS");
  for (const auto& s : r.envs) {
    std::string errors;
    for (const auto& [kind, n] : s.errors) errors += (errors.empty() ? "" : " ") + kind + "=" + std::to_string(n);
    char ci[32];
    std::snprintf(ci, sizeof ci, "[%.2f, %.2f]", s.ci95.first, s.ci95.second);
    std::printf("%-27s %3d/%-4d %15s %6.0f %6.1fms %6.1fms  %s\n", s.env_id.c_str(), s.successes, s.episodes, ci,
                s.mean_steps, s.act_ms_p50, s.act_ms_p99, errors.empty() ? "-" : errors.c_str());
  }
  int successes = 0, total = 0;
  for (const auto& s : r.envs) successes += s.successes, total += s.episodes;
  std::printf("overall: %d/%d episodes succeeded in %.1f s (concurrency %d, images %s)\n", successes, total, r.wall_s,
              r.concurrency, r.image_encoding.c_str());
  for (const auto& e : r.episodes) {
    if (!e.first_error.empty()) {
      std::printf("first error: %s seed %llu: %s\n", e.env_id.c_str(), static_cast<unsigned long long>(e.seed),
                  e.first_error.c_str());
      break;
    }
  }
}

void RunEval(const EvalFlags& f) {
  eval::EvalConfig config;
  config.endpoint = f.endpoint;
  config.env_ids = ParseEnvList(f.envs);
  config.metaworld_tasks = f.metaworld_tasks;
  // with MetaWorld tasks and no --episodes, every task of each env runs once
  config.episodes = !f.metaworld_tasks.empty() && !f.episodes_given ? 0 : f.episodes;
  config.seed = f.seed;
  config.images = f.images;
  config.concurrency = f.concurrency;
  config.force_concurrency = f.force_concurrency;
  config.client.act_timeout_ms = f.act_timeout_ms;
  config.client.reset_timeout_ms = f.reset_timeout_ms;
  config.rules.max_consecutive_failures = f.max_consecutive_failures;
  policy::PolicyClient validate(config.endpoint);  // a malformed URL fails here, before any work

  sim::ModelCache models(sim::FindAssetDir(f.assets));
  bool tty = ::isatty(STDERR_FILENO);
  std::mutex mu;
  auto started = std::chrono::steady_clock::now();
  auto progress = [&](int done, int total) {
    if (!tty) return;
    std::lock_guard lock(mu);
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    int width = 30, filled = width * done / total;
    std::fprintf(stderr, "\r[%s%s] %d/%d episodes, %.0f s left ", std::string(filled, '#').c_str(),
                 std::string(width - filled, ' ').c_str(), done, total, elapsed / done * (total - done));
    if (done == total) std::fprintf(stderr, "\r%*s\r", 72, "");
  };
  eval::EvalReport report = eval::RunEvaluation(config, models, progress);

  if (!report.health) std::fprintf(stderr, "warning: /health failed: %s\n", report.health_error.c_str());
  PrintTable(report);
  if (!f.json_file.empty()) {
    std::ofstream out(f.json_file);
    out << ReportJson(report).dump(2) << "\n";
    if (!out) throw std::runtime_error("cannot write " + f.json_file);
  }
}

}  // namespace

void AddEvalCommands(CLI::App& app) {
  auto flags = std::make_shared<EvalFlags>();
  EvalFlags& f = *flags;
  CLI::App* cmd = app.add_subcommand("eval", "evaluate a policy endpoint on seeded simulator episodes, as validators do");
  cmd->add_option("--endpoint", f.endpoint, "policy server base URL, e.g. http://127.0.0.1:8001")->required();
  cmd->add_option("--env", f.envs, "all, or comma-separated env ids (see `kinitro sim list`)");
  cmd->add_option("--episodes", f.episodes, "episodes per env; episode i uses seed S+i")->check(CLI::Range(1, 100000));
  cmd->add_option("--seed", f.seed, "seed of the first episode");
  cmd->add_flag("--images,!--no-images", f.images, "send corner and gripper camera images with every /act (default: no)");
  cmd->add_option("--concurrency", f.concurrency,
                  "episodes in flight (default: 4 if the server advertises sessions, else 1)")
      ->check(CLI::Range(1, 64));
  cmd->add_flag("--force-concurrency", f.force_concurrency, "allow --concurrency > 1 on a server without sessions");
  cmd->add_option("--json", f.json_file, "also write machine-readable results to FILE");
  cmd->add_option("--act-timeout-ms", f.act_timeout_ms, "end-to-end budget of one /act (default 500)")
      ->check(CLI::Range(1, 600000));
  cmd->add_option("--reset-timeout-ms", f.reset_timeout_ms, "budget of one /reset (default 5000)")->check(CLI::Range(1, 600000));
  cmd->add_option("--max-consecutive-failures", f.max_consecutive_failures,
                  "failed /act calls in a row that end an episode (default 5)")
      ->check(CLI::Range(1, 500));
  cmd->add_option("--metaworld-tasks", f.metaworld_tasks,
                  "start episodes from MetaWorld's own tasks: MT1:SEED, ML1-train:SEED, ML1-test:SEED (generated "
                  "exactly as metaworld.MT1/ML1 do) or a FILE (pickle of metaworld Tasks, or JSON); episode i of an "
                  "env uses its task i (all of them unless --episodes)");
  cmd->add_option("--assets", f.assets, "MetaWorld asset directory");
  cmd->callback([flags, cmd] {
    flags->episodes_given = cmd->count("--episodes") > 0;
    RunEval(*flags);
  });
}

}  // namespace kinitro::cli
