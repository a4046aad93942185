// Validators for config values that end up in SMTP replies, header
// fields or system calls. Each returns nothing when the value is fine, or
// a message saying what is wrong.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <sys/types.h>

namespace brandguard::config {

// RFC 5322 field-name: 1..76 printable ASCII characters except ':'.
bool is_header_field_name(std::string_view name) noexcept;
// Symbol names: [A-Z0-9_], 1..64 characters, starting with a letter.
bool is_symbol_name(std::string_view name) noexcept;
// Text that goes into an SMTP reply or a header: printable ASCII, no CR/LF,
// no '%' (libmilter treats it as a format character), at most 200 bytes.
std::optional<std::string> validate_reply_text(std::string_view text, bool may_be_empty);
// "unix:/abs/path", "local:/abs/path", "inet:PORT@HOST" or "inet6:PORT@HOST".
std::optional<std::string> validate_socket_spec(std::string_view spec);
// A loopback listen address for the metrics endpoint: "127.0.0.1:9325"
// (any 127.0.0.0/8 address) or "[::1]:9325". Anything else, notably a
// wildcard or a routable address, is refused: the endpoint has no
// authentication.
struct ListenAddress {
  std::string host;  // as given, without brackets ("127.0.0.1", "::1")
  int port = 0;
};
std::optional<ListenAddress> parse_loopback_listen(std::string_view text, std::string* error);
// "0660" -> 0660; nullopt unless 3 or 4 octal digits within 07777.
std::optional<mode_t> parse_file_mode(std::string_view text) noexcept;
// A short stable identifier of the configuration text (FNV-1a 64, hex).
std::string content_version(std::string_view text);

}  // namespace brandguard::config
