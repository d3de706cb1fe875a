#include "sim/assets.h"

#include <cstdlib>
#include <stdexcept>

namespace kinitro::sim {
namespace fs = std::filesystem;
namespace {

// a usable asset dir has the scene XMLs and the shared scene file they include
std::string Problem(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return "does not exist";
  if (!fs::is_directory(dir, ec)) return "is not a directory";
  if (!fs::exists(dir / "sawyer_xyz" / "sawyer_reach_v3.xml", ec)) return "has no sawyer_xyz/sawyer_reach_v3.xml";
  if (!fs::exists(dir / "scene" / "basic_scene.xml", ec)) return "has no scene/basic_scene.xml";
  return {};
}

}  // namespace

std::vector<AssetCandidate> AssetSearchPath(const std::optional<fs::path>& explicit_dir) {
  std::vector<AssetCandidate> out;
  if (explicit_dir) out.push_back({"--assets", *explicit_dir, {}});
  if (const char* env = std::getenv("KINITRO_ASSETS"); env && *env) out.push_back({"KINITRO_ASSETS", env, {}});
  out.push_back({"installed", KINITRO_INSTALLED_ASSETS, {}});
  out.push_back({"project copy", KINITRO_PROJECT_ASSETS, {}});  // scripts/setup: complete, from PyPI
  out.push_back({"development copy", KINITRO_DEV_ASSETS, {}});
  for (auto& c : out) c.rejected_because = Problem(c.path);
  return out;
}

fs::path FindAssetDir(const std::optional<fs::path>& explicit_dir) {
  auto candidates = AssetSearchPath(explicit_dir);
  for (const auto& c : candidates) {
    // a directory the user named explicitly must be right: falling through would hide the typo
    bool user_named = c.origin == "--assets" || c.origin == "KINITRO_ASSETS";
    if (c.rejected_because.empty()) return fs::weakly_canonical(c.path);
    if (user_named) {
      throw std::runtime_error("MetaWorld assets: " + c.origin + " points to " + c.path.string() + ", which " +
                               c.rejected_because +
                               " (it must be MetaWorld's metaworld/assets folder; get it with scripts/fetch-assets)");
    }
  }
  std::string msg = "MetaWorld assets not found. Searched:\n";
  for (const auto& c : candidates) msg += "  " + c.origin + ": " + c.path.string() + " (" + c.rejected_because + ")\n";
  msg +=
      "Get them with `scripts/fetch-assets` (downloads the pinned MetaWorld release and verifies checksums; "
      "it also accepts a local archive or folder), then pass --assets DIR or set KINITRO_ASSETS.";
  throw std::runtime_error(msg);
}

}  // namespace kinitro::sim
