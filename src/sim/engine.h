// The physics engine kinitro simulates on. Results are comparable only on the same engine, so
// its version is part of every result kinitro writes (eval --json, cycles, --version).
#pragma once

#include <string>

namespace kinitro::sim {

// "MuJoCo 3.3.0": the engine of the running process (the library actually loaded).
std::string EngineName();

// The version string alone, e.g. "3.3.0".
std::string EngineVersion();

// Throws std::runtime_error unless the loaded libmujoco is the build kinitro was compiled for
// (scripts/mujoco.pin): a different library picked up through LD_LIBRARY_PATH would silently
// change every trajectory.
void CheckEngine();

}  // namespace kinitro::sim
