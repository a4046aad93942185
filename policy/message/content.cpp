#include "message/content.hpp"

namespace brandguard::policy {

std::string reassemble(const Message& message) {
  std::string out;
  std::size_t size = message.body().size() + 2;
  for (const auto& h : message.headers()) size += h.name.size() + h.raw_value.size() + 8;
  out.reserve(size);
  for (const auto& h : message.headers()) {
    out += h.name;
    out += ':';
    // Postfix joins folded lines with a bare LF; restore CRLF.
    for (char c : h.raw_value) {
      if (c == '\n') out += "\r\n";
      else out.push_back(c);
    }
    out += "\r\n";
  }
  out += "\r\n";
  out.append(message.body());
  return out;
}

const MimeText& MessageContent::mime() {
  if (!mime_) mime_ = decode_mime(reassemble(*message_), limits_);
  return *mime_;
}

}  // namespace brandguard::policy
