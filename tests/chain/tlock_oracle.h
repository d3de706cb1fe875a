// Runs tests/chain/tlock_oracle.mjs (@noble/curves and the ideal-lab5 timelock wasm, installed by
// setup-tlock-oracle.sh) on a batch of requests. A missing node or oracle throws, so the test fails
// (never skips) with a message saying what to do.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace kinitro::chain::testing {

// One answer per request, in order: the request's "ok" value. Throws std::runtime_error if node
// cannot run the oracle or if it reports an error for a request.
inline nlohmann::json RunTlockOracle(const nlohmann::json& requests) {
  if (std::system("command -v node >/dev/null 2>&1") != 0)
    throw std::runtime_error("node is not installed: the timelock oracle tests need Node.js 20 (apt-get install nodejs npm)");
  char in_path[] = "/tmp/kinitro-tlock-oracle-XXXXXX";
  int fd = mkstemp(in_path);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  close(fd);
  std::ofstream(in_path) << requests.dump();
  std::string cmd = std::string("node '") + KINITRO_TLOCK_ORACLE_JS + "' '" + KINITRO_TLOCK_ORACLE_DIR + "' < '" +
                    in_path + "'";
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot start node");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int status = pclose(pipe);
  std::remove(in_path);
  if (status != 0)
    throw std::runtime_error(std::string("tlock_oracle.mjs failed (exit ") + std::to_string(status) +
                             "); run tests/chain/setup-tlock-oracle.sh " + KINITRO_TLOCK_ORACLE_DIR +
                             ", or ctest -R chain_tlock_oracle_setup");
  nlohmann::json answers = nlohmann::json::parse(out);
  nlohmann::json results = nlohmann::json::array();
  for (size_t i = 0; i < answers.size(); ++i) {
    if (answers[i].contains("error"))
      throw std::runtime_error("timelock oracle error for request " + requests[i].dump() + ": " +
                               answers[i]["error"].get<std::string>());
    results.push_back(answers[i]["ok"]);
  }
  return results;
}

}  // namespace kinitro::chain::testing
