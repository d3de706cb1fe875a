// kinitro: evaluate robot-manipulation policies for the Kinitro subnet.
#include <CLI/CLI.hpp>

#include <exception>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "sim/engine.h"
#include "sim/mujoco_guard.h"

namespace {

// "kinitro 0.1.0 (MuJoCo 3.3.0, MetaWorld v3 assets 7ea2b50)": results are comparable only
// between runs that print the same line
std::string VersionLine() {
  return "kinitro " KINITRO_VERSION " (" + kinitro::sim::EngineName() + ", MetaWorld v3 assets " KINITRO_ASSETS_COMMIT ")";
}

}  // namespace

int main(int argc, char** argv) {
  kinitro::sim::InstallMujocoHandlers();
  CLI::App app{"kinitro: evaluate robot-manipulation policies (MetaWorld v3 on MuJoCo)"};
  app.set_version_flag("--version", VersionLine, "print the kinitro version and its physics engine, then exit");
  app.require_subcommand(1);  // --version and --help are answered before this is checked
  kinitro::cli::AddSimCommands(app);
  kinitro::cli::AddScoreCommands(app);
  kinitro::cli::AddEvalCommands(app);
  kinitro::cli::AddServeCommands(app);
  kinitro::cli::AddCheckEndpointCommands(app);
  kinitro::cli::AddInitMinerCommands(app);
  kinitro::cli::AddBackendCommands(app);
  kinitro::cli::AddChainCommands(app);

  try {
    // before anything, --version included: a libmujoco other than the pinned build (e.g. one on
    // LD_LIBRARY_PATH) would silently change every trajectory
    kinitro::sim::CheckEngine();
    app.parse(argc, argv);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
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
