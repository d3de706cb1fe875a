#include "sim/engine.h"

#include <mujoco/mujoco.h>

#include <stdexcept>

namespace kinitro::sim {

std::string EngineVersion() { return mj_versionString(); }

std::string EngineName() { return "MuJoCo " + EngineVersion(); }

void CheckEngine() {
  if (mj_version() != mjVERSION_HEADER || EngineVersion() != KINITRO_MUJOCO_VERSION) {
    throw std::runtime_error("loaded " + EngineName() + " (library version " + std::to_string(mj_version()) +
                             "), but kinitro was built for MuJoCo " KINITRO_MUJOCO_VERSION
                             " (scripts/mujoco.pin); check LD_LIBRARY_PATH or rebuild");
  }
}

}  // namespace kinitro::sim
