// `kinitro eval`: seeded episodes of every requested env against one live endpoint, K at a time.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "eval/remote_episode.h"
#include "policy/client.h"
#include "sim/model.h"

namespace kinitro::eval {

struct EvalConfig {
  std::string endpoint;
  std::vector<std::string> env_ids;  // Kinitro env ids
  int episodes = 10;                 // per env; episode i uses seed + i (0 with tasks: all of them)
  uint64_t seed = 0;
  // MetaWorld task source (sim::ParseMetaWorldTaskSource: "MT1:SEED", "ML1-test:SEED" or a task
  // file): episode i of an env starts from that env's task i instead of from seed + i
  std::string metaworld_tasks;
  bool images = false;
  int concurrency = 0;               // 0: auto (4 if the server advertises sessions, else 1)
  bool force_concurrency = false;    // allow K > 1 on a server without sessions
  int image_size = 84;
  policy::ClientOptions client;
  EpisodeRules rules;                // images, encoding and sessions are decided by RunEvaluation
};

struct EnvSummary {
  std::string env_id;
  int episodes = 0, successes = 0;
  double success_rate = 0;
  std::pair<double, double> ci95{0, 1};
  double mean_steps = 0;
  double act_ms_p50 = 0, act_ms_p99 = 0;
  std::map<std::string, int> errors;  // kind -> count over all episodes (+ "unavailable" episodes)
};

struct EvalReport {
  EvalConfig config;
  std::string engine;                    // physics engine the episodes ran on (sim::EngineName())
  std::optional<policy::Health> health;  // empty when /health failed
  std::string health_error;
  int concurrency = 1;
  std::string image_encoding;            // "none", "nested" or "base64"
  std::vector<EpisodeRecord> episodes;   // env-major, then seed order
  std::vector<EnvSummary> envs;
  double wall_s = 0;
};

// Runs the evaluation. Throws std::invalid_argument for a bad configuration (unknown env,
// K > 1 on a server without sessions unless forced); endpoint failures never throw, they are
// recorded per episode. `progress(done, total)` is called from worker threads (may be null).
EvalReport RunEvaluation(const EvalConfig& config, sim::ModelCache& models,
                         const std::function<void(int, int)>& progress = {});

// Per-env summaries of episode records, in the order envs first appear.
std::vector<EnvSummary> Summarize(const std::vector<EpisodeRecord>& episodes);

}  // namespace kinitro::eval
