// One scored episode of the simulator against a remote policy endpoint, with the evaluator's
// rules for misbehaving endpoints (documented in the README, "What a misbehaving endpoint costs").
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "policy/client.h"
#include "sim/env.h"
#include "sim/renderer.h"

namespace kinitro::eval {

struct EpisodeRules {
  // this many failed /act calls in a row end the episode (failed, "aborted"): a dead endpoint
  // costs seconds, not 500 timeouts
  int max_consecutive_failures = 5;
  // wall-clock limit of one episode (reference: 300 s); expiry ends it as failed ("deadline")
  double deadline_s = 300;
  // send camera images with every /act (rendered headless), in this encoding
  bool images = false;
  policy::ImageEncoding encoding = policy::ImageEncoding::kNested;
  // send /reset's episode_id back on /act (the server advertised sessions)
  bool sessions = false;
};

struct EpisodeRecord {
  std::string env_id;
  uint64_t seed = 0;
  int task_index = -1;         // index into the MetaWorld tasks the episode started from; -1: from the seed
  bool success = false;        // latched; false whenever the episode did not finish normally
  int steps = 0;               // env steps executed
  int first_success_step = -1;
  double total_reward = 0;
  bool unavailable = false;    // /reset failed: nothing was simulated
  bool aborted = false;        // too many consecutive /act failures
  bool deadline = false;       // the episode deadline passed
  std::map<std::string, int> errors;  // kind -> count (timeout, refused, http_status, ..., out_of_range)
  std::string first_error;            // message of the first error, for the report
  std::vector<double> act_ms;         // round-trip time of each successful /act
};

// Where one episode starts: placements drawn from `seed`, or MetaWorld's `rand_vec` when it is
// not empty (one of MetaWorld's own tasks; the seed is then still sent to the policy).
struct EpisodeStart {
  uint64_t seed = 0;
  std::span<const double> rand_vec;
};

// Runs one episode: /reset, env reset, then up to 500 steps of /act + env step. A failed /act
// steps the env with the zero action and is counted. Never throws for endpoint behaviour;
// renderer may be null unless rules.images.
EpisodeRecord RunRemoteEpisode(sim::Env& env, policy::PolicyClient& client, sim::Renderer* renderer,
                               const EpisodeStart& start, const EpisodeRules& rules);

}  // namespace kinitro::eval
