// HTML to text and links, for content checks. GMime decodes transfer
// encodings and charsets but does not render HTML; this does the little we
// need: visible text (tags dropped, <script>/<style> skipped, entities
// decoded, block tags as line breaks) and every <a href> with its anchor
// text. A linear scanner, no regex, no recursion: bounded by the input and
// by `max_links`.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace brandguard::policy {

struct Link {
  std::string href;  // attribute value, entities decoded, trimmed
  std::string text;  // visible anchor text, whitespace collapsed
};

struct HtmlText {
  std::string text;
  std::vector<Link> links;
  bool links_truncated = false;
};

HtmlText html_to_text(std::string_view html, std::size_t max_links);

// Decodes HTML character references (&amp; &#233; &#x20AC; &nbsp; ...) into
// UTF-8; unknown references are kept as they are.
std::string decode_entities(std::string_view text);

}  // namespace brandguard::policy
