// kinitro: evaluate robot-manipulation policies for the Kinitro subnet.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "sim/mujoco_guard.h"

int main(int argc, char** argv) {
  kinitro::sim::InstallMujocoHandlers();
  CLI::App app{"kinitro: evaluate robot-manipulation policies (MetaWorld v3 on MuJoCo)"};
  app.require_subcommand(1);
  kinitro::cli::AddSimCommands(app);
  kinitro::cli::AddScoreCommands(app);
  kinitro::cli::AddEvalCommands(app);
  kinitro::cli::AddServeCommands(app);
  kinitro::cli::AddCheckEndpointCommands(app);
  kinitro::cli::AddInitMinerCommands(app);
  kinitro::cli::AddBackendCommands(app);
  kinitro::cli::AddChainCommands(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;  // usage error
  } catch (const std::exception& e) {
    // the command's own failure: one line, no stack trace
    std::string name = "kinitro";
    for (const CLI::App* sub = &app; sub != nullptr;) {
      auto subs = sub->get_subcommands();
      if (subs.empty()) break;
      sub = subs.front();
      name += " " + sub->get_name();
    }
    std::cerr << name << ": error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
