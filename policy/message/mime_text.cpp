#include "message/mime_text.hpp"

#include <gmime/gmime.h>

#include <array>
#include <memory>
#include <mutex>
#include <optional>

#include "message/address.hpp"
#include "message/encoded_words.hpp"
#include "message/header.hpp"

namespace brandguard::policy {

namespace {

void init_gmime() {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
}

struct GObjectDeleter {
  void operator()(void* p) const noexcept {
    if (p != nullptr) g_object_unref(p);
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, GObjectDeleter>;

struct GFreeDeleter {
  void operator()(char* p) const noexcept { g_free(p); }
};
using GString = std::unique_ptr<char, GFreeDeleter>;

// Counts case-insensitive occurrences of `needle`, up to `cap`.
std::size_t count_ci(std::string_view hay, std::string_view needle, std::size_t cap) {
  std::size_t n = 0;
  for (std::size_t i = 0; i + needle.size() <= hay.size() && n < cap; ++i) {
    bool same = true;
    for (std::size_t k = 0; k < needle.size() && same; ++k) {
      char c = hay[i + k];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same = c == needle[k];
    }
    if (same) ++n;
  }
  return n;
}

// The raw values of the fields whose text we decode ourselves (GMime's
// RFC 2047 decoder truncates adjacent B-encoded words, see
// encoded_words.hpp). The same fields GMime reads: its subject is the last
// Subject field, its first From address comes from the first From field.
struct RawFields {
  const char* subject = nullptr;
  const char* from = nullptr;
};

RawFields raw_fields(GMimeObject* message) {
  RawFields fields;
  GMimeHeaderList* list = g_mime_object_get_header_list(message);
  const int count = list != nullptr ? g_mime_header_list_get_count(list) : 0;
  for (int i = 0; i < count; ++i) {
    GMimeHeader* header = g_mime_header_list_get_header_at(list, i);
    const char* name = header != nullptr ? g_mime_header_get_name(header) : nullptr;
    if (name == nullptr) continue;
    if (g_ascii_strcasecmp(name, "Subject") == 0) {
      fields.subject = g_mime_header_get_raw_value(header);
    } else if (fields.from == nullptr && g_ascii_strcasecmp(name, "From") == 0) {
      fields.from = g_mime_header_get_raw_value(header);
    }
  }
  return fields;
}

// The decoded display name of the first mailbox of the From field `raw`,
// when our parser finds that mailbox with the address GMime found and it
// has a display name. Otherwise (a name only in a comment, as in
// "a@b.example (Name)", a From our parser rejects) GMime's name stays.
std::optional<std::string> display_name_of(std::string_view raw, std::string_view gmime_address) {
  const std::array<std::string_view, 1> values{raw};
  const AuthorResult author = parse_author(values);
  if (author.mailboxes.empty()) return std::nullopt;
  const Mailbox& first = author.mailboxes.front();
  if (first.display_name_raw.empty()) return std::nullopt;
  if (!iequals(first.local_part + "@" + first.domain, gmime_address)) return std::nullopt;
  return decode_display_name(first.display_name_raw);
}

struct Walker {
  const MimeLimits& limits;
  MimeText& out;
  std::size_t parts = 0;
  std::size_t text_bytes = 0;

  void add_text(std::string content_type, std::string text) {
    if (text_bytes >= limits.max_text_bytes) {
      out.partial.emplace_back("text limit reached");
      return;
    }
    if (text.size() > limits.max_text_bytes - text_bytes) {
      text.resize(limits.max_text_bytes - text_bytes);
      text = make_valid_utf8(text);  // the cut may split a sequence
      out.partial.emplace_back("text limit reached");
    }
    text_bytes += text.size();
    out.parts.push_back(TextPart{std::move(content_type), std::move(text)});
  }

  // Iterative walk with an explicit stack: no recursion on input depth.
  void walk(GMimeObject* root) {
    std::vector<std::pair<GMimeObject*, std::size_t>> stack{{root, 0}};
    while (!stack.empty()) {
      auto [object, depth] = stack.back();
      stack.pop_back();
      if (object == nullptr) continue;
      if (++parts > limits.max_parts) {
        out.partial.emplace_back("too many MIME parts");
        return;
      }
      if (depth > limits.max_depth) {
        out.partial.emplace_back("MIME nesting too deep");
        continue;
      }
      if (GMIME_IS_MULTIPART(object)) {
        auto* multipart = GMIME_MULTIPART(object);
        const int count = g_mime_multipart_get_count(multipart);
        for (int i = count - 1; i >= 0; --i) stack.emplace_back(g_mime_multipart_get_part(multipart, i), depth + 1);
      } else if (GMIME_IS_MESSAGE_PART(object)) {
        GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
        if (inner != nullptr) stack.emplace_back(g_mime_message_get_mime_part(inner), depth + 1);
      } else if (GMIME_IS_TEXT_PART(object)) {
        GMimeContentType* type = g_mime_object_get_content_type(object);
        const char* subtype = type != nullptr ? g_mime_content_type_get_media_subtype(type) : nullptr;
        const bool html = subtype != nullptr && g_ascii_strcasecmp(subtype, "html") == 0;
        GString text(g_mime_text_part_get_text(GMIME_TEXT_PART(object)));
        if (!text) continue;
        std::string valid = make_valid_utf8(text.get());
        if (html) {
          HtmlText rendered = html_to_text(valid, limits.max_links - std::min(limits.max_links, out.links.size()));
          if (rendered.links_truncated) out.partial.emplace_back("link limit reached");
          for (auto& l : rendered.links) out.links.push_back(std::move(l));
          add_text("text/html", std::move(rendered.text));
        } else {
          add_text("text/plain", std::move(valid));
        }
      }
    }
  }
};

}  // namespace

std::string make_valid_utf8(std::string_view text) {
  if (g_utf8_validate(text.data(), static_cast<gssize>(text.size()), nullptr)) return std::string(text);
  GString fixed(g_utf8_make_valid(text.data(), static_cast<gssize>(text.size())));
  return fixed ? std::string(fixed.get()) : std::string();
}

std::string MimeText::all_text() const {
  std::string out;
  for (const auto& p : parts) {
    out += p.text;
    out += '\n';
  }
  return out;
}

MimeText decode_mime(std::string_view message, const MimeLimits& limits) {
  init_gmime();
  MimeText out;
  // GMime's parser recurses once per nesting level; every level needs its
  // own boundary parameter or message/rfc822 part, so counting those bounds
  // the depth the parser could reach before handing it the message.
  const std::size_t nesting = count_ci(message, "boundary", limits.max_depth * 4 + 1) +
                              count_ci(message, "message/rfc822", limits.max_depth * 4 + 1);
  std::string_view to_parse = message;
  std::string headers_only;
  if (nesting > limits.max_depth * 4) {
    out.partial.emplace_back("MIME nesting too deep; body read as plain text");
    const auto end = message.find("\r\n\r\n");
    headers_only = std::string(message.substr(0, end == std::string_view::npos ? message.size() : end)) +
                   "\r\nContent-Type: text/plain\r\n\r\n" +
                   std::string(end == std::string_view::npos ? std::string_view() : message.substr(end + 4));
    to_parse = headers_only;
  }
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(to_parse.data(), to_parse.size()));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  GPtr<GMimeMessage> parsed(g_mime_parser_construct_message(parser.get(), nullptr));
  if (!parsed) {
    out.partial.emplace_back("not parseable as MIME");
    out.parts.push_back(TextPart{"text/plain", make_valid_utf8(to_parse.substr(0, limits.max_text_bytes))});
    return out;
  }
  const RawFields raw = raw_fields(GMIME_OBJECT(parsed.get()));
  if (raw.subject != nullptr) {
    const std::string_view subject(raw.subject);
    out.subject = decode_encoded_words(subject);
    if (subject.size() > kMaxEncodedHeaderBytes) {
      out.partial.emplace_back("Subject longer than 64 KiB; its end not read");
    }
  }
  if (InternetAddressList* from = g_mime_message_get_from(parsed.get());
      from != nullptr && internet_address_list_length(from) > 0) {
    InternetAddress* first = internet_address_list_get_address(from, 0);
    if (const char* name = internet_address_get_name(first)) out.from_display = make_valid_utf8(name);
    if (INTERNET_ADDRESS_IS_MAILBOX(first)) {
      if (const char* addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(first))) {
        out.from_address = make_valid_utf8(addr);
      }
      if (raw.from != nullptr) {
        if (auto name = display_name_of(raw.from, out.from_address)) out.from_display = std::move(*name);
      }
    }
  }
  Walker walker{limits, out};
  walker.walk(g_mime_message_get_mime_part(parsed.get()));
  return out;
}

}  // namespace brandguard::policy
