// The policy-server HTTP protocol (spec/miner.md §1): request/response types and their JSON.
// Compatible with the reference evaluator and template; two optional extensions, each used only
// when the server advertises it in /health:
//   "image_encodings": ["nested", "base64"]  images as base64 of raw bytes instead of nested lists
//   "sessions": true                         /reset returns an episode_id that /act sends back,
//                                            so concurrent episodes keep separate policy state
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace kinitro::policy {

inline constexpr int kImageSize = 84;  // default camera image height and width

// Sent on /reset (spec §1.3); seeds are 64-bit on the wire.
struct TaskConfig {
  std::string env_id;                   // "metaworld/push-v3"
  std::string env_name = "metaworld";
  std::string task_name;                // MetaWorld task name, "push-v3"
  std::optional<int64_t> seed;
  std::optional<int64_t> task_id;
  // kinitro extension: the episode starts from this MetaWorld random vector (one of MetaWorld's
  // Tasks, `kinitro eval --metaworld-tasks`) rather than from `seed`; sent only when set
  std::vector<double> rand_vec;
};

// An RGB camera image: height x width x 3 bytes, row-major, row 0 = top of the picture.
struct Image {
  int height = 0, width = 0;
  std::vector<uint8_t> rgb;
};

enum class ImageEncoding { kNested, kBase64 };

// One /act call. The evaluator sends 4 numbers; servers accept any length.
struct ActRequest {
  std::vector<float> observation;       // (end-effector x, y, z, gripper openness)
  std::map<std::string, Image> images;  // camera name ("corner", "gripper") -> image; may be empty
  std::optional<int64_t> seed;          // set by deployment verification only
  std::string episode_id;               // sessions extension; empty: not sent
};

using ActionVec = std::array<double, 4>;

struct Health {
  std::string status;                        // "healthy"
  bool model_loaded = false;
  double uptime_seconds = 0;
  std::vector<std::string> image_encodings;  // extension; empty for reference servers
  bool sessions = false;                     // extension
};

// ---- client side: what the evaluator sends and how it reads answers ----

std::string EncodeResetRequest(const TaskConfig& config);
// Observation floats are written as the shortest decimal that round-trips the float32 value
// (spec §1.1); images in the chosen encoding.
std::string EncodeActRequest(const ActRequest& request, ImageEncoding encoding);
// The action of an /act answer: exactly 4 numbers under "action". Errors: kBadJson (not JSON),
// kBadShape (missing, wrong type or length), kNonFinite (NaN/Infinity literals or overflow).
// Finite values outside [-1, 1] are returned as they are (the caller clips and counts them).
Result<ActionVec> DecodeActResponse(std::string_view body);
// The /health answer; unknown fields are ignored, missing extension fields mean "not supported".
Result<Health> DecodeHealth(std::string_view body);
// The episode_id of a /reset answer, or "" when absent or the body is not JSON (the body is
// otherwise ignored: spec §6 item 10).
std::string DecodeResetEpisodeId(std::string_view body);

// ---- server side: what a policy server accepts and answers ----

// Errors are kBadJson / kBadShape / kNonFinite with a message fit for a 422 detail.
Result<TaskConfig> DecodeResetRequest(std::string_view body);
Result<ActRequest> DecodeActRequest(std::string_view body);
std::string EncodeHealth(const Health& health);
std::string EncodeResetResponse(const std::string& episode_id);
std::string EncodeActResponse(const ActionVec& action);

}  // namespace kinitro::policy
