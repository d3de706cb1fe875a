// Each subcommand group registers itself on the root app; main() runs the chosen one.
#pragma once

#include <CLI/CLI.hpp>

namespace kinitro::cli {

// `kinitro sim list|run|render`
void AddSimCommands(CLI::App& app);

// `kinitro score --input FILE.json [--json]`
void AddScoreCommands(CLI::App& app);

// `kinitro eval --endpoint URL ...`: evaluate a live policy endpoint locally
void AddEvalCommands(CLI::App& app);

// `kinitro serve --policy NAME`: a built-in policy behind the policy-server protocol
void AddServeCommands(CLI::App& app);

// `kinitro check-endpoint URL`: protocol conformance checks for a miner's server
void AddCheckEndpointCommands(CLI::App& app);

// `kinitro init-miner DIR`: write a working miner project from a template
void AddInitMinerCommands(CLI::App& app);

// `kinitro api`, `kinitro scheduler`, `kinitro executor-token create|revoke`
void AddBackendCommands(CLI::App& app);

// `kinitro commit`, `kinitro show-commitment`, `kinitro chain metagraph|set-weights`
void AddChainCommands(CLI::App& app);

}  // namespace kinitro::cli
