# Every dependency comes from a Debian 12 package; see DEPENDENCIES in
# docs/ for how each one is driven. Targets are imported here once.
find_package(Threads REQUIRED)
find_package(spdlog CONFIG REQUIRED)      # spdlog::spdlog (brings fmt::fmt)
find_package(yaml-cpp CONFIG REQUIRED)    # 0.7: target is plain `yaml-cpp`
find_package(PkgConfig REQUIRED)
pkg_check_modules(MILTER  REQUIRED IMPORTED_TARGET milter)
pkg_check_modules(SYSTEMD REQUIRED IMPORTED_TARGET libsystemd)
# cpp-httplib for the metrics endpoint. Debian builds it as a shared
# library (libcpp-httplib.so.0.11); its .pc adds the feature macros
# (OpenSSL, zlib, brotli) the library was built with, which the header
# must see too, so only use it through this target.
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)

find_path(TL_EXPECTED_INCLUDE_DIR tl/expected.hpp REQUIRED)
add_library(tl_expected INTERFACE)
target_include_directories(tl_expected SYSTEM INTERFACE ${TL_EXPECTED_INCLUDE_DIR})

# Authentication and DNS (issue: SPF, DKIM, DMARC over one DNS layer).
pkg_check_modules(OPENDKIM REQUIRED IMPORTED_TARGET opendkim)
pkg_check_modules(PSL      REQUIRED IMPORTED_TARGET libpsl)
pkg_check_modules(IDN2     REQUIRED IMPORTED_TARGET libidn2)
find_path(SPF2_INCLUDE_DIR spf2/spf.h REQUIRED)
find_library(SPF2_LIBRARY spf2 REQUIRED)
find_path(OPENDMARC_INCLUDE_DIR opendmarc/dmarc.h REQUIRED)
find_library(OPENDMARC_LIBRARY opendmarc REQUIRED)
# libunbound's .pc file needs libevent-dev; find it directly instead.
find_path(UNBOUND_INCLUDE_DIR unbound.h REQUIRED)
find_library(UNBOUND_LIBRARY unbound REQUIRED)

# Content (brand engine): MIME decoding.
pkg_check_modules(GMIME REQUIRED IMPORTED_TARGET gmime-3.0)
pkg_check_modules(HS REQUIRED IMPORTED_TARGET libhs)
# Content signals: SHA-256 for base58check crypto addresses (libcrypto is
# already in the process through OpenDKIM; this names it directly).
find_package(OpenSSL REQUIRED)            # OpenSSL::Crypto
# Lookalike engine: uspoof skeletons (uspoof lives in icu-i18n).
pkg_check_modules(ICU REQUIRED IMPORTED_TARGET icu-uc icu-i18n)
