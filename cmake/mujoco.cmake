# MuJoCo: the official build of the version pinned in scripts/mujoco.pin (MetaWorld's engine).
#
# KINITRO_MUJOCO_ROOT is a folder laid out like MuJoCo's official release archive
# (include/mujoco/mujoco.h, lib/libmujoco.so.<version>): by default the one scripts/fetch-mujoco
# fills from the official PyPI wheel; people who install MuJoCo themselves pass the unpacked
# release archive. Any other version is refused: results are comparable only on the same engine.
# Defines the imported target mujoco::mujoco and KINITRO_MUJOCO_VERSION.

file(STRINGS "${PROJECT_SOURCE_DIR}/scripts/mujoco.pin" _pin REGEX "^version=")
string(REGEX REPLACE "^version=" "" KINITRO_MUJOCO_VERSION "${_pin}")
set(KINITRO_MUJOCO_ROOT "${PROJECT_SOURCE_DIR}/.deps/mujoco-${KINITRO_MUJOCO_VERSION}" CACHE PATH
    "MuJoCo ${KINITRO_MUJOCO_VERSION} (official build: scripts/fetch-mujoco or the release archive)")

set(_lib "${KINITRO_MUJOCO_ROOT}/lib/libmujoco.so.${KINITRO_MUJOCO_VERSION}")
set(_header "${KINITRO_MUJOCO_ROOT}/include/mujoco/mujoco.h")
if(NOT EXISTS "${_lib}" OR NOT EXISTS "${_header}")
  message(FATAL_ERROR "MuJoCo ${KINITRO_MUJOCO_VERSION} not found in KINITRO_MUJOCO_ROOT=${KINITRO_MUJOCO_ROOT} "
    "(need ${_lib} and ${_header}). Run scripts/fetch-mujoco, or pass -DKINITRO_MUJOCO_ROOT=DIR "
    "with the unpacked official mujoco-${KINITRO_MUJOCO_VERSION} release archive.")
endif()

# mjVERSION_HEADER is major*100 + minor*10 + patch (330 for 3.3.0)
file(STRINGS "${_header}" _define REGEX "^#define mjVERSION_HEADER [0-9]+")
string(REGEX MATCH "[0-9]+$" _header_version "${_define}")
string(REPLACE "." ";" _parts "${KINITRO_MUJOCO_VERSION}")
list(GET _parts 0 _major)
list(GET _parts 1 _minor)
list(GET _parts 2 _patch)
math(EXPR _want "${_major} * 100 + ${_minor} * 10 + ${_patch}")
if(NOT _header_version EQUAL _want)
  message(FATAL_ERROR "${_header} is MuJoCo header version ${_header_version}, not ${KINITRO_MUJOCO_VERSION} "
    "(scripts/mujoco.pin); kinitro evaluates on exactly that engine")
endif()

add_library(mujoco::mujoco SHARED IMPORTED GLOBAL)
set_target_properties(mujoco::mujoco PROPERTIES
  IMPORTED_LOCATION "${_lib}"
  IMPORTED_SONAME "libmujoco.so.${KINITRO_MUJOCO_VERSION}"
  INTERFACE_INCLUDE_DIRECTORIES "${KINITRO_MUJOCO_ROOT}/include")
message(STATUS "MuJoCo ${KINITRO_MUJOCO_VERSION}: ${_lib}")

# installed binaries find the library next to them in <prefix>/lib/kinitro
set(KINITRO_PRIVATE_LIBDIR "${CMAKE_INSTALL_LIBDIR}/kinitro")
install(FILES "${_lib}" DESTINATION "${KINITRO_PRIVATE_LIBDIR}" COMPONENT runtime)
