#include "message/url.hpp"

#include "message/ascii.hpp"

namespace brandguard::policy {

namespace {

bool is_host_char(unsigned char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c >= 0x80;  // U-labels: IDNA mapping happens where the host is judged
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r' ||
                        s.front() == '<' || s.front() == '(' || s.front() == '"' || s.front() == '\'')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r' ||
                        s.back() == '>' || s.back() == ')' || s.back() == '"' || s.back() == '\'' ||
                        s.back() == '.' || s.back() == ',')) {
    s.remove_suffix(1);
  }
  return s;
}

}  // namespace

std::string url_host(std::string_view url) {
  url = trim(url);
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos || scheme == 0) return {};
  for (char c : url.substr(0, scheme)) {
    const auto u = static_cast<unsigned char>(c);
    if (!((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '+' || c == '-' ||
          c == '.')) {
      return {};
    }
  }
  std::string_view rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#\\ \t"));
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
  if (!rest.empty() && rest.front() == '[') {
    const auto close = rest.find(']');
    return close == std::string_view::npos ? std::string() : ascii_lower(rest.substr(0, close + 1));
  }
  return ascii_lower(rest.substr(0, rest.find(':')));
}

std::string text_host(std::string_view text) {
  text = trim(text);
  if (text.find("://") != std::string_view::npos) return url_host(text);
  // A bare name: host characters up to the first '/', nothing else before.
  std::size_t end = 0;
  while (end < text.size() && is_host_char(static_cast<unsigned char>(text[end]))) ++end;
  if (end < text.size() && text[end] != '/' && text[end] != ':') return {};
  const std::string_view host = text.substr(0, end);
  const auto last_dot = host.rfind('.');
  if (last_dot == std::string_view::npos || last_dot == 0 || last_dot + 1 >= host.size()) return {};
  // The last label must look like a TLD: letters (or an xn-- A-label), so
  // that version numbers and amounts are not hosts.
  const std::string_view tld = host.substr(last_dot + 1);
  if (tld.size() < 2) return {};
  bool alpha = true;
  for (unsigned char c : tld) alpha = alpha && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80);
  if (!alpha && ascii_lower(tld).rfind("xn--", 0) != 0) return {};
  return ascii_lower(host);
}

}  // namespace brandguard::policy

namespace brandguard::policy {

std::vector<std::string> find_text_urls(std::string_view text, std::size_t max_urls) {
  std::vector<std::string> out;
  constexpr std::size_t kMaxUrlBytes = 2048;
  std::size_t pos = 0;
  while (out.size() < max_urls) {
    const std::size_t at = text.find("http", pos);
    if (at == std::string_view::npos) break;
    std::string_view rest = text.substr(at);
    std::size_t skip = 0;
    if (rest.substr(0, 8) == "https://") skip = 8;
    else if (rest.substr(0, 7) == "http://") skip = 7;
    if (skip == 0) {
      pos = at + 4;
      continue;
    }
    std::size_t end = skip;
    while (end < rest.size() && end < kMaxUrlBytes) {
      const auto c = static_cast<unsigned char>(rest[end]);
      if (c <= ' ' || c == '"' || c == '\'' || c == '<' || c == '>' || c == ')' || c == ']') break;
      ++end;
    }
    if (end > skip) out.emplace_back(rest.substr(0, end));
    pos = at + end;
  }
  return out;
}

}  // namespace brandguard::policy
