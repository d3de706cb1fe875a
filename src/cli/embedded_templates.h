// The miner templates (templates/ in the source tree), compiled into the binary.
#pragma once

#include <string_view>
#include <vector>

namespace kinitro::cli {

struct EmbeddedFile {
  std::string_view path;   // relative to templates/, e.g. "python/server.py"
  std::string_view bytes;
};

// Every template file, sorted by path.
const std::vector<EmbeddedFile>& EmbeddedTemplateFiles();

}  // namespace kinitro::cli
