// Stand-ins for another MuJoCo build's version functions. main_cli_test.cc LD_PRELOADs this library,
// so `kinitro` sees "MuJoCo 2.2.2" although it runs on the pinned libmujoco (as if a different
// libmujoco had been picked up from LD_LIBRARY_PATH).
extern "C" int mj_version() { return 222; }
extern "C" const char* mj_versionString() { return "2.2.2"; }
