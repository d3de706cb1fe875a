// Test helper: runs the built `kinitro` binary (KINITRO_BIN, a compile definition) as a
// subprocess and returns its exit code and output.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace kinitro::testing {

struct Outcome {
  int exit_code;
  std::string out;  // stdout, plus stderr unless stdout_only
};

// `env` is put before the binary, e.g. "LD_PRELOAD=/path/lib.so"
inline Outcome Kinitro(const std::string& args, bool stdout_only = false, const std::string& env = "") {
  std::string cmd = (env.empty() ? "" : "env " + env + " ") + std::string(KINITRO_BIN) + " " + args +
                    (stdout_only ? " 2>/dev/null" : " 2>&1");
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return {-1, "popen failed"};
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int status = ::pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

}  // namespace kinitro::testing
