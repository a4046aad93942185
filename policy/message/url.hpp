// Hosts of the links and link texts found in mail, for the rules
// (link.host) and the brand engine (lookalike links, link text that shows
// one domain while the link goes to another).
//
// Pure functions over untrusted text; linear, no regex, never throw except
// std::bad_alloc.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace brandguard::policy {

// Host of an absolute URL, ASCII-lowercased, without userinfo or port:
// "https://user@Host.Example:8443/x" -> "host.example", "[2001:db8::1]"
// kept in brackets. Empty when `url` has no "scheme://" (mailto:, tel:,
// relative links) or no host.
std::string url_host(std::string_view url);

// The host a piece of visible text presents as a destination, if it looks
// like one: a URL ("https://www.ledger.com/start"), or a bare name with a
// dot and an alphabetic last label ("www.ledger.com", "ledger.com/verify").
// Empty for ordinary text ("Click here", "Version 2.8.3", "Ledger").
std::string text_host(std::string_view text);

}  // namespace brandguard::policy

namespace brandguard::policy {

// URLs written as plain text ("https://..." / "http://..." up to the next
// space, quote or angle bracket), at most `max_urls`, in order. For text
// parts, whose links GMime does not extract.
std::vector<std::string> find_text_urls(std::string_view text, std::size_t max_urls);

}  // namespace brandguard::policy
