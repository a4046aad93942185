#include "fingerprint.hpp"

#include <sysexits.h>

#include <cstdio>
#include <string>

#include "brand/text_fingerprint.hpp"
#include "manifest.hpp"
#include "message/mime_text.hpp"
#include "scan_setup.hpp"

namespace brandguard::cli {

int run_fingerprint(int argc, char** argv) {
  if (argc == 0 || std::string(argv[0]) == "-h" || std::string(argv[0]) == "--help") {
    std::fputs("usage: brandguard fingerprint FILE.eml...\n"
               "Prints the text fingerprint of each message (16 hex digits), or '-' when the text is\n"
               "too short, for brands.templates in brandguard.yaml.\n",
               argc == 0 ? stderr : stdout);
    return argc == 0 ? EX_USAGE : 0;
  }
  int status = 0;
  for (int i = 0; i < argc; ++i) {
    std::string error;
    const auto bytes = read_file(argv[i], kMaxMessageBytes, error);
    if (!bytes) {
      std::fprintf(stderr, "%s\n", error.c_str());
      status = EX_NOINPUT;
      continue;
    }
    const policy::MimeText text = policy::decode_mime(*bytes, policy::MimeLimits{});
    const auto fingerprint = policy::brand::text_fingerprint(text.all_text());
    std::printf("%s  %s\n", fingerprint ? policy::brand::format_fingerprint(*fingerprint).c_str() : "-", argv[i]);
  }
  return status;
}

}  // namespace brandguard::cli
