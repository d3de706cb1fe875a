// The MetaWorld oracle (tests/sim/metaworld_oracle.py) as a long-lived child process: MetaWorld
// starts once per test program and answers one JSON line per request.
// A missing venv or a dead oracle fails the test (never skips) and says what to do.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace kinitro::sim::testing {

class MetaWorldOracle {
 public:
  // The process-wide oracle, started on first use.
  static MetaWorldOracle& Get() {
    static MetaWorldOracle oracle;
    return oracle;
  }

  // Sends one request; returns the answer or throws with the oracle's error.
  nlohmann::json Ask(const nlohmann::json& request) {
    std::string line = request.dump() + "\n";
    if (std::fwrite(line.data(), 1, line.size(), to_) != line.size() || std::fflush(to_) != 0) {
      throw std::runtime_error("the MetaWorld oracle is not running (see its stderr above)");
    }
    std::string answer;
    for (int c; (c = std::fgetc(from_)) != EOF && c != '\n';) answer += char(c);
    if (answer.empty()) throw std::runtime_error("the MetaWorld oracle exited (see its stderr above)");
    nlohmann::json reply = nlohmann::json::parse(answer);
    if (reply.contains("error")) {
      throw std::runtime_error("MetaWorld oracle: " + reply["error"].get<std::string>() + " for " +
                               request.dump().substr(0, 200));
    }
    return reply;
  }

  ~MetaWorldOracle() {
    if (to_ != nullptr) std::fclose(to_);  // EOF on stdin ends the oracle
    if (from_ != nullptr) std::fclose(from_);
    if (pid_ > 0) waitpid(pid_, nullptr, 0);
  }

 private:
  MetaWorldOracle() {
    const std::string python = KINITRO_ORACLE_PYTHON;
    if (access(python.c_str(), X_OK) != 0) {
      throw std::runtime_error("no MetaWorld oracle venv at " + python + ": run scripts/setup-python");
    }
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
      dup2(in[0], 0);
      dup2(out[1], 1);
      close(in[0]), close(in[1]), close(out[0]), close(out[1]);
      setenv("MUJOCO_GL", "egl", 1);  // MetaWorld renders headless through EGL like kinitro
      execl(python.c_str(), python.c_str(), KINITRO_ORACLE_SCRIPT, static_cast<char*>(nullptr));
      std::perror("exec of the MetaWorld oracle failed");
      _exit(127);
    }
    close(in[0]);
    close(out[1]);
    signal(SIGPIPE, SIG_IGN);  // a dead oracle turns into an error above, not a killed test
    to_ = fdopen(in[1], "w");
    from_ = fdopen(out[0], "r");
  }

  pid_t pid_ = -1;
  FILE* to_ = nullptr;
  FILE* from_ = nullptr;
};

}  // namespace kinitro::sim::testing
