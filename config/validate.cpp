#include "validate.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

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

std::optional<ListenAddress> parse_loopback_listen(std::string_view text, std::string* error) {
  const auto fail = [&](std::string message) -> std::optional<ListenAddress> {
    if (error != nullptr) *error = std::move(message);
    return std::nullopt;
  };
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return fail("expected ADDRESS:PORT such as 127.0.0.1:9325, or \"\" for none");
  std::string_view host = text.substr(0, colon);
  const std::string_view port = text.substr(colon + 1);
  const bool bracketed = host.size() >= 2 && host.front() == '[' && host.back() == ']';
  if (bracketed) host = host.substr(1, host.size() - 2);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos) {
    return fail("expected a numeric port after the last ':' (127.0.0.1:9325 or [::1]:9325)");
  }
  const int number = std::stoi(std::string(port));
  if (number < 1 || number > 65535) return fail("port must be 1..65535");
  const std::string h(host);
  in_addr v4{};
  in6_addr v6{};
  if (!bracketed && ::inet_pton(AF_INET, h.c_str(), &v4) == 1) {
    if ((ntohl(v4.s_addr) >> 24) != 127) {
      return fail(fmt::format("{} is not a loopback address; the metrics endpoint has no authentication, so only "
                              "127.0.0.0/8 or [::1] are allowed (scrape through a proxy or SSH tunnel)",
                              h));
    }
  } else if (bracketed && ::inet_pton(AF_INET6, h.c_str(), &v6) == 1) {
    if (!IN6_IS_ADDR_LOOPBACK(&v6)) {
      return fail(fmt::format("[{}] is not a loopback address; the metrics endpoint has no authentication, so "
                              "only 127.0.0.0/8 or [::1] are allowed",
                              h));
    }
  } else {
    return fail(fmt::format("\"{}\" is not an IP address (IPv6 goes in brackets: [::1]:9325); names such as "
                            "localhost are not resolved",
                            std::string(text.substr(0, colon))));
  }
  return ListenAddress{h, number};
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
