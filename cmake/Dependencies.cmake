# Every dependency comes from a Debian 12 package; see DEPENDENCIES in
# docs/ for how each one is driven. Targets are imported here once.
find_package(Threads REQUIRED)
find_package(spdlog CONFIG REQUIRED)      # spdlog::spdlog (brings fmt::fmt)
find_package(yaml-cpp CONFIG REQUIRED)    # 0.7: target is plain `yaml-cpp`
find_package(PkgConfig REQUIRED)
pkg_check_modules(MILTER  REQUIRED IMPORTED_TARGET milter)
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)

find_path(TL_EXPECTED_INCLUDE_DIR tl/expected.hpp REQUIRED)
add_library(tl_expected INTERFACE)
target_include_directories(tl_expected SYSTEM INTERFACE ${TL_EXPECTED_INCLUDE_DIR})
