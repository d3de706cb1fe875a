# MuJoCo: the official build of the version pinned in scripts/mujoco.pin (MetaWorld's engine).
#
# KINITRO_MUJOCO_ROOT is a folder laid out like MuJoCo's official release archive
# (include/mujoco/mujoco.h, lib/libmujoco.so.<version>): by default the one scripts/fetch-mujoco
# fills from the official PyPI wheel; people who install MuJoCo themselves pass the release
# archive itself (mujoco-<version>-linux-<arch>.tar.gz, unpacked into the build tree) or its
# unpacked folder. Any other version is refused: results are comparable only on the same engine.
# Defines the imported target mujoco::mujoco and KINITRO_MUJOCO_VERSION.

file(STRINGS "${PROJECT_SOURCE_DIR}/scripts/mujoco.pin" _pin REGEX "^version=")
string(REGEX REPLACE "^version=" "" KINITRO_MUJOCO_VERSION "${_pin}")
set(KINITRO_MUJOCO_ROOT "${PROJECT_SOURCE_DIR}/.deps/mujoco-${KINITRO_MUJOCO_VERSION}" CACHE PATH
    "MuJoCo ${KINITRO_MUJOCO_VERSION} (official build: scripts/fetch-mujoco or the release archive)")

set(_root "${KINITRO_MUJOCO_ROOT}")
if(EXISTS "${_root}" AND NOT IS_DIRECTORY "${_root}")
  set(_unpacked "${CMAKE_BINARY_DIR}/mujoco-release")
  file(REMOVE_RECURSE "${_unpacked}")
  file(ARCHIVE_EXTRACT INPUT "${_root}" DESTINATION "${_unpacked}")
  file(GLOB _found LIST_DIRECTORIES false "${_unpacked}/*/include/mujoco/mujoco.h" "${_unpacked}/include/mujoco/mujoco.h")
  if(NOT _found)
    message(FATAL_ERROR "${_root} is not a MuJoCo release archive (no include/mujoco/mujoco.h inside)")
  endif()
  list(GET _found 0 _found)
  cmake_path(GET _found PARENT_PATH _root)  # .../include/mujoco
  cmake_path(GET _root PARENT_PATH _root)   # .../include
  cmake_path(GET _root PARENT_PATH _root)   # the release folder
endif()
set(_lib "${_root}/lib/libmujoco.so.${KINITRO_MUJOCO_VERSION}")
set(_header "${_root}/include/mujoco/mujoco.h")
if(NOT EXISTS "${_lib}" OR NOT EXISTS "${_header}")
  message(FATAL_ERROR "MuJoCo ${KINITRO_MUJOCO_VERSION} not found in KINITRO_MUJOCO_ROOT=${KINITRO_MUJOCO_ROOT} "
    "(need ${_lib} and ${_header}). Run scripts/fetch-mujoco, or pass -DKINITRO_MUJOCO_ROOT= the "
    "official mujoco-${KINITRO_MUJOCO_VERSION} release archive or its unpacked folder.")
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
  INTERFACE_INCLUDE_DIRECTORIES "${_root}/include")
message(STATUS "MuJoCo ${KINITRO_MUJOCO_VERSION}: ${_lib}")

# installed binaries find the library next to them in <prefix>/lib/kinitro
set(KINITRO_PRIVATE_LIBDIR "${CMAKE_INSTALL_LIBDIR}/kinitro")
install(FILES "${_lib}" DESTINATION "${KINITRO_PRIVATE_LIBDIR}" COMPONENT runtime)
