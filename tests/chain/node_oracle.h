// Runs a Node.js oracle script on a batch of JSON requests (one answer per request, in order).
// A missing node or a failing script throws, so the test fails (never skips) with what to do.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace kinitro::chain::testing {

// Feeds `requests` on stdin to `command` (a node invocation) and returns each answer's "ok"
// value. `name` names the oracle in errors; `setup_hint` says how to install it.
inline nlohmann::json RunNodeOracle(const std::string& command, const nlohmann::json& requests, const std::string& name,
                                    const std::string& setup_hint) {
  if (std::system("command -v node >/dev/null 2>&1") != 0) {
    throw std::runtime_error("node is not installed: the " + name + " tests need Node.js 20 (apt-get install nodejs npm)");
  }
  char in_path[] = "/tmp/kinitro-node-oracle-XXXXXX";
  int fd = mkstemp(in_path);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  close(fd);
  std::ofstream(in_path) << requests.dump();
  FILE* pipe = popen((command + " < '" + in_path + "'").c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot start node");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int status = pclose(pipe);
  std::remove(in_path);
  if (status != 0) throw std::runtime_error(name + " failed (exit " + std::to_string(status) + "); " + setup_hint);
  nlohmann::json answers = nlohmann::json::parse(out);
  nlohmann::json results = nlohmann::json::array();
  for (size_t i = 0; i < answers.size(); ++i) {
    if (answers[i].contains("error")) {
      throw std::runtime_error(name + " error for request " + requests[i].dump() + ": " + answers[i]["error"].get<std::string>());
    }
    results.push_back(answers[i]["ok"]);
  }
  return results;
}

}  // namespace kinitro::chain::testing
