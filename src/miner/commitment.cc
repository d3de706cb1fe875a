#include "miner/commitment.h"

#include <nlohmann/json.hpp>

#include <regex>

namespace kinitro::miner {
namespace {

using nlohmann::json;

Error Invalid(std::string msg) { return Error{ErrorKind::kInvalidArgument, std::move(msg)}; }

bool IsUrl(std::string_view s) { return s.starts_with("http://") || s.starts_with("https://"); }

// namespace/name, each part 1-96 of [A-Za-z0-9._-], not starting or ending with - or ., no -- or ..
bool ValidRepoPart(const std::string& p) {
  static const std::regex kPart(R"(^[A-Za-z0-9._-]{1,96}$)");
  if (!std::regex_match(p, kPart)) return false;
  if (p.front() == '-' || p.front() == '.' || p.back() == '-' || p.back() == '.') return false;
  return p.find("--") == std::string::npos && p.find("..") == std::string::npos;
}

}  // namespace

Status ValidateCommitment(const Commitment& c, const DeploymentPolicy& policy) {
  auto slash = c.repo.find('/');
  if (slash == std::string::npos || !ValidRepoPart(c.repo.substr(0, slash)) || !ValidRepoPart(c.repo.substr(slash + 1))) {
    return Invalid("repo '" + c.repo + "' is not a Hugging Face repo id namespace/name ([A-Za-z0-9._-], 1-96 each)");
  }
  static const std::regex kSha(R"(^[0-9a-f]{40}$)");
  if (!std::regex_match(c.revision, kSha)) {
    return Invalid("revision '" + c.revision + "' must be a 40-character lowercase commit SHA (not a branch name)");
  }
  static const std::regex kUuid(R"(^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$)");
  if (std::regex_match(c.deployment_id, kUuid)) return Ok{};
  if (IsUrl(c.deployment_id)) {
    for (const std::string& prefix : policy.allowed_url_prefixes) {
      // the prefix must end the authority: "http://127.0.0.1:8001" must not admit "…:80010" or "…@evil"
      if (c.deployment_id.starts_with(prefix)) {
        std::string_view rest = std::string_view(c.deployment_id).substr(prefix.size());
        if (rest.empty() || rest.front() == '/') return Ok{};
      }
    }
    return Invalid("deployment '" + c.deployment_id + "' is a URL that is not on the operator's allow-list");
  }
  return Invalid("deployment id '" + c.deployment_id + "' is not a Basilica deployment id (a lowercase UUID)");
}

Result<std::string> EncodeCommitment(const Commitment& c, const DeploymentPolicy& policy) {
  if (auto ok = ValidateCommitment(c, policy); !ok) return ok.error();
  // nlohmann keeps insertion order only in ordered_json; m, r, d order matches the reference
  std::string text = nlohmann::ordered_json{{"m", c.repo}, {"r", c.revision}, {"d", c.deployment_id}}.dump(
      -1, ' ', /*ensure_ascii=*/true);
  if (text.size() > kMaxCommitmentBytes) {
    return Invalid("commitment is " + std::to_string(text.size()) + " bytes > " + std::to_string(kMaxCommitmentBytes) +
                   " (the chain's limit; shorten the repo id: with a 40-char SHA and a UUID it may have 30 characters)");
  }
  return text;
}

Result<Commitment> ParseCommitment(std::string_view raw, const DeploymentPolicy& policy) {
  Commitment c;
  std::string_view trimmed = raw.substr(std::min(raw.find_first_not_of(" \t\r\n"), raw.size()));
  if (trimmed.starts_with("{")) {
    json j = json::parse(trimmed, nullptr, false);
    if (!j.is_object()) return Invalid("commitment starts with '{' but is not a JSON object");
    auto field = [&](const char* longer, const char* shorter, std::string& out) -> Status {
      const char* key = j.contains(longer) ? longer : shorter;
      if (!j.contains(key)) return Invalid(std::string("commitment has no \"") + shorter + "\"");
      if (!j[key].is_string()) return Invalid(std::string("commitment field \"") + key + "\" is not a string");
      out = j[key].get<std::string>();
      return Ok{};
    };
    for (auto s : {field("model", "m", c.repo), field("revision", "r", c.revision), field("deployment_id", "d", c.deployment_id)}) {
      if (!s) return s.error();
    }
    for (const auto& [key, _] : j.items()) {
      static const std::vector<std::string> kKnown = {"m", "r", "d", "model", "revision", "deployment_id"};
      if (std::find(kKnown.begin(), kKnown.end(), key) == kKnown.end()) return Invalid("commitment has unknown key \"" + key + "\"");
    }
  } else {
    // legacy repo:revision:deployment[:image]; accepted only when every field is valid
    std::vector<std::string> parts;
    size_t start = 0;
    for (size_t colon; (colon = raw.find(':', start)) != std::string_view::npos; start = colon + 1) {
      parts.emplace_back(raw.substr(start, colon - start));
    }
    parts.emplace_back(raw.substr(start));
    if (parts.size() < 3) return Invalid("commitment is neither JSON nor repo:revision:deployment");
    c = {parts[0], parts[1], parts[2]};
  }
  if (auto ok = ValidateCommitment(c, policy); !ok) return ok.error();
  return c;
}

std::string EndpointUrl(const Commitment& c) {
  if (IsUrl(c.deployment_id)) {
    std::string url = c.deployment_id;
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
  }
  return "https://" + c.deployment_id + ".deployments.basilica.ai";
}

}  // namespace kinitro::miner
