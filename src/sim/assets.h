// Finds the MetaWorld asset directory (the folder holding sawyer_xyz/, scene/, objects/, textures/).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kinitro::sim {

// One place that was searched, in order, and why it was rejected (empty if it was used).
struct AssetCandidate {
  std::string origin;           // e.g. "--assets", "KINITRO_ASSETS", "installed", "development copy"
  std::filesystem::path path;
  std::string rejected_because;
};

// Resolves the asset directory in this order: `explicit_dir` (the --assets flag),
// $KINITRO_ASSETS, the installed share directory, then ../shared/metaworld/assets next to the
// source tree. Throws std::runtime_error naming every place searched and how to get the assets.
// An explicit_dir or KINITRO_ASSETS that is set but invalid is an error, not skipped.
std::filesystem::path FindAssetDir(const std::optional<std::filesystem::path>& explicit_dir = {});

// The candidate list FindAssetDir walks, for diagnostics (`kinitro sim list` shows it).
std::vector<AssetCandidate> AssetSearchPath(const std::optional<std::filesystem::path>& explicit_dir = {});

}  // namespace kinitro::sim
