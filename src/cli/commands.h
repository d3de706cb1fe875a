// Each subcommand group registers itself on the root app; main() runs the chosen one.
#pragma once

#include <CLI/CLI.hpp>

namespace kinitro::cli {

// `kinitro sim list|run|render`
void AddSimCommands(CLI::App& app);

}  // namespace kinitro::cli
