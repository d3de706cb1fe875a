// `kinitro init-miner DIR [--template python|cpp] [--force]`: writes a working miner project.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cli/commands.h"
#include "cli/embedded_templates.h"

namespace kinitro::cli {
namespace {

namespace fs = std::filesystem;

struct InitFlags {
  fs::path dir;
  std::string templ = "python";
  bool force = false;
};

void RunInitMiner(const InitFlags& f) {
  std::error_code ec;
  if (fs::exists(f.dir, ec) && !fs::is_directory(f.dir, ec)) {
    throw std::runtime_error(f.dir.string() + " exists and is not a directory");
  }
  if (fs::exists(f.dir, ec) && !fs::is_empty(f.dir, ec) && !f.force) {
    throw std::runtime_error(f.dir.string() + " is not empty; pass --force to write the template into it anyway "
                             "(files of the same name are overwritten)");
  }
  std::string prefix = f.templ + "/";
  int written = 0;
  for (const EmbeddedFile& file : EmbeddedTemplateFiles()) {
    if (file.path.substr(0, prefix.size()) != prefix) continue;
    fs::path target = f.dir / std::string(file.path.substr(prefix.size()));
    fs::create_directories(target.parent_path());
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    out.write(file.bytes.data(), std::streamsize(file.bytes.size()));
    if (!out) throw std::runtime_error("cannot write " + target.string());
    if (target.extension() == ".py" || target.extension() == ".sh") {
      fs::permissions(target, fs::perms::owner_exec, fs::perm_options::add);
    }
    std::printf("created %s\n", target.string().c_str());
    ++written;
  }
  if (written == 0) throw std::logic_error("no embedded files for template '" + f.templ + "'");
  std::string d = f.dir.string();
  if (f.templ == "python") {
    std::printf(
        "\nNext steps:\n"
        "  1. edit %s/policy.py (RobotPolicy.act: 4 numbers in [-1, 1]; +1 closes the gripper)\n"
        "  2. run it:       cd %s && python3 -m uvicorn server:app --port 8001\n"
        "  3. check it:     kinitro check-endpoint http://127.0.0.1:8001\n"
        "  4. evaluate it:  kinitro eval --endpoint http://127.0.0.1:8001 --episodes 10\n"
        "  5. upload to Hugging Face, deploy on Basilica and commit (see %s/README.md)\n",
        d.c_str(), d.c_str(), d.c_str());
  } else {
    std::printf(
        "\nNext steps:\n"
        "  1. edit %s/policy.cc (MyPolicy::Act)\n"
        "  2. build:        cmake -S %s -B %s/build -DCMAKE_PREFIX_PATH=<kinitro install prefix> && cmake --build %s/build\n"
        "  3. run it:       %s/build/miner-policy --port 8001\n"
        "  4. check it:     kinitro check-endpoint http://127.0.0.1:8001\n"
        "  5. evaluate it:  kinitro eval --endpoint http://127.0.0.1:8001 --episodes 10\n",
        d.c_str(), d.c_str(), d.c_str(), d.c_str(), d.c_str());
  }
}

}  // namespace

void AddInitMinerCommands(CLI::App& app) {
  auto flags = std::make_shared<InitFlags>();
  InitFlags& f = *flags;
  CLI::App* cmd = app.add_subcommand("init-miner", "write a working miner policy-server project");
  cmd->add_option("dir", f.dir, "directory to create")->required();
  cmd->add_option("--template", f.templ, "python (FastAPI) or cpp (kinitro's C++ server)")
      ->check(CLI::IsMember({"python", "cpp"}));
  cmd->add_flag("--force", f.force, "write into a non-empty directory");
  cmd->callback([flags] { RunInitMiner(*flags); });
}

}  // namespace kinitro::cli
