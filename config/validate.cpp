#include "validate.hpp"

#include <cstdint>

#include <fmt/format.h>

namespace brandguard::config {

bool is_header_field_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > 76) return false;
  for (unsigned char c : name) {
    if (c < 33 || c > 126 || c == ':') return false;
  }
  return true;
}

bool is_symbol_name(std::string_view name) noexcept {
  if (name.empty() || name.size() > 64 || name[0] < 'A' || name[0] > 'Z') return false;
  for (char c : name) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

std::optional<std::string> validate_reply_text(std::string_view text, bool may_be_empty) {
  if (text.empty() && !may_be_empty) return "must not be empty";
  if (text.size() > 200) return "longer than 200 bytes";
  for (unsigned char c : text) {
    if (c < 32 || c > 126) return "only printable ASCII is allowed (no line breaks)";
    if (c == '%') return "'%' is not allowed (libmilter reads it as a format character)";
  }
  return std::nullopt;
}

std::optional<std::string> validate_socket_spec(std::string_view spec) {
  const auto colon = spec.find(':');
  if (colon == std::string_view::npos) return "expected unix:/path or inet:PORT@HOST";
  const std::string_view kind = spec.substr(0, colon);
  const std::string_view rest = spec.substr(colon + 1);
  if (kind == "unix" || kind == "local") {
    if (rest.empty() || rest.front() != '/') return "a unix socket needs an absolute path";
    if (rest.size() > 100) return "a unix socket path must be shorter than 100 bytes";
    return std::nullopt;
  }
  if (kind == "inet" || kind == "inet6") {
    const auto at = rest.find('@');
    const std::string_view port = rest.substr(0, at);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos) {
      return "expected inet:PORT@HOST with a numeric port (libmilter syntax, not Postfix's)";
    }
    const int number = std::stoi(std::string(port));
    if (number < 1 || number > 65535) return "port must be 1..65535";
    if (at == std::string_view::npos || at + 1 >= rest.size()) {
      return "name the address to listen on (inet:PORT@127.0.0.1): listening on all addresses is refused";
    }
    return std::nullopt;
  }
  return fmt::format("unknown socket kind \"{}\"; expected unix or inet", kind);
}

std::optional<mode_t> parse_file_mode(std::string_view text) noexcept {
  if (text.size() < 3 || text.size() > 4) return std::nullopt;
  mode_t mode = 0;
  for (char c : text) {
    if (c < '0' || c > '7') return std::nullopt;
    mode = static_cast<mode_t>(mode * 8 + static_cast<mode_t>(c - '0'));
  }
  return mode;
}

std::string content_version(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return fmt::format("{:016x}", hash);
}

}  // namespace brandguard::config
