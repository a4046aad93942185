#include "message/raw_message.hpp"

namespace brandguard::policy {

namespace {

// Next line without its line end; advances `pos` past the line end.
std::string_view next_line(std::string_view bytes, std::size_t& pos) {
  const std::size_t start = pos;
  const std::size_t nl = bytes.find('\n', pos);
  std::size_t end = nl == std::string_view::npos ? bytes.size() : nl;
  pos = nl == std::string_view::npos ? bytes.size() : nl + 1;
  if (end > start && bytes[end - 1] == '\r') --end;
  return bytes.substr(start, end - start);
}

bool is_field_name_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 33 && u <= 126 && c != ':';
}

}  // namespace

RawMessage split_message(std::string_view bytes) {
  RawMessage out;
  std::size_t pos = 0;
  if (bytes.substr(0, 5) == "From ") next_line(bytes, pos);  // mbox separator
  std::size_t body_start = bytes.size();
  while (pos < bytes.size()) {
    const std::size_t line_start = pos;
    const std::string_view line = next_line(bytes, pos);
    if (line.empty()) {
      body_start = pos;
      break;
    }
    if ((line[0] == ' ' || line[0] == '\t') && !out.headers.empty()) {
      out.headers.back().raw_value += '\n';
      out.headers.back().raw_value.append(line);
      continue;
    }
    std::size_t colon = 0;
    while (colon < line.size() && is_field_name_char(line[colon])) ++colon;
    std::size_t after_name = colon;
    while (colon < line.size() && (line[colon] == ' ' || line[colon] == '\t')) ++colon;  // "Name :" (obsolete)
    if (after_name == 0 || colon >= line.size() || line[colon] != ':') {
      body_start = line_start;  // not a header field: the body starts here
      break;
    }
    out.headers.push_back(Header{std::string(line.substr(0, after_name)), std::string(line.substr(colon + 1))});
  }
  out.body.reserve(bytes.size() - std::min(body_start, bytes.size()) + 64);
  std::size_t p = body_start;
  while (p < bytes.size()) {
    const std::string_view line = next_line(bytes, p);
    out.body.append(line);
    out.body += "\r\n";
  }
  return out;
}

}  // namespace brandguard::policy
