// The miner's on-chain commitment {"m": repo, "r": revision, "d": deployment id}
// (spec/miner.md §4), validated the same way when committing and when reading: one miner's bad
// data is that miner's problem, never the cycle's.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace kinitro::miner {

inline constexpr size_t kMaxCommitmentBytes = 128;  // one Raw data field on chain

struct Commitment {
  std::string repo;           // Hugging Face repo id "namespace/name"
  std::string revision;       // 40 lowercase hex characters (a commit SHA)
  std::string deployment_id;  // Basilica deployment: a canonical lowercase UUID
};

// Which deployments an operator accepts besides Basilica UUIDs: full http(s) URLs whose
// scheme://host[:port] prefix is listed (e.g. "http://127.0.0.1:8001" for a local test net).
// Empty on mainnet: no requests to arbitrary or internal addresses.
struct DeploymentPolicy {
  std::vector<std::string> allowed_url_prefixes;
};

// Checks the three fields (spec §4.7 rules); kInvalidArgument naming the field and the rule.
Status ValidateCommitment(const Commitment& c, const DeploymentPolicy& policy = {});

// The compact JSON committed on chain ({"m":…,"r":…,"d":…}, ASCII, no spaces). Fails with the
// size and the limit when over 128 bytes, or when a field is invalid.
Result<std::string> EncodeCommitment(const Commitment& c, const DeploymentPolicy& policy = {});

// Parses a raw on-chain string: the JSON form with exactly the keys m, r, d (long names model,
// revision, deployment_id accepted too), or the legacy "repo:revision:deployment" form; every
// field must pass validation. Errors say why, for the scheduler's log.
Result<Commitment> ParseCommitment(std::string_view raw, const DeploymentPolicy& policy = {});

// The endpoint the evaluator calls: https://<uuid>.deployments.basilica.ai, or the allow-listed
// URL itself. Precondition: the commitment passed validation with the same policy.
std::string EndpointUrl(const Commitment& c);

}  // namespace kinitro::miner
