// RFC 8601 grammar, read with one forward cursor: CFWS (nested comments,
// iterative), values (token or quoted-string), method=result and
// ptype.property=value. Anything unexpected ends the parse; nothing here
// recurses or backtracks.
#include "auth/authentication_results.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "message/ascii.hpp"

namespace brandguard::policy::auth {

namespace {

bool is_tspecial(char c) noexcept {
  switch (c) {
    case '(': case ')': case '<': case '>': case '@': case ',': case ';': case ':':
    case '\\': case '"': case '/': case '[': case ']': case '?': case '=':
      return true;
    default:
      return false;
  }
}

// RFC 2045 token characters; bytes >= 0x80 are accepted (RFC 6532 UTF-8).
bool is_token_char(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x80) return true;
  return u > 0x20 && u < 0x7f && !is_tspecial(c);
}

bool is_keyword_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

class Cursor {
 public:
  // The whole field is readable, comments nest to any depth, until
  // apply_limits().
  explicit Cursor(std::string_view text) : s_(text), end_(text.size()) {}

  // From here on nothing at or past byte kMaxParsedBytes of the field is
  // read, and comments nest at most kMaxCommentDepth.
  void apply_limits() noexcept {
    end_ = std::min(s_.size(), kMaxParsedBytes);
    max_depth_ = kMaxCommentDepth;
  }

  // The field was cut at kMaxParsedBytes and the cursor has reached the
  // cut: what was read last may be incomplete.
  bool at_cut() const noexcept { return end_ < s_.size() && i_ >= end_; }

  bool at_end() const noexcept { return i_ >= end_; }
  char peek() const noexcept { return at_end() ? '\0' : s_[i_]; }
  bool accept(char c) noexcept {
    if (peek() != c || at_end()) return false;
    ++i_;
    return true;
  }

  // Folding white space and comments; false on an unterminated or too
  // deeply nested comment (the rest of the field is then unusable).
  bool skip_cfws() noexcept {
    while (!at_end()) {
      const char c = s_[i_];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        ++i_;
        continue;
      }
      if (c != '(') return true;
      std::size_t depth = 0;
      while (!at_end()) {
        const char d = s_[i_++];
        if (d == '\\') {
          if (!at_end()) ++i_;
        } else if (d == '(') {
          if (++depth > max_depth_) return false;
        } else if (d == ')') {
          if (--depth == 0) break;
        }
      }
      if (depth != 0) return false;
    }
    return true;
  }

  std::string keyword() {
    const std::size_t start = i_;
    while (!at_end() && is_keyword_char(s_[i_])) ++i_;
    return ascii_lower(s_.substr(start, i_ - start));
  }

  // token or quoted-string (unquoted); nullopt when neither starts here.
  std::optional<std::string> value() {
    if (accept('"')) {
      std::string out;
      while (!at_end()) {
        const char c = s_[i_++];
        if (c == '"') return out;
        if (c == '\\') {
          if (at_end()) return std::nullopt;
          out.push_back(s_[i_++]);
        } else if (c != '\r' && c != '\n') {
          out.push_back(c);
        }
      }
      return std::nullopt;  // unterminated
    }
    const std::size_t start = i_;
    while (!at_end() && is_token_char(s_[i_])) ++i_;
    if (i_ == start) return std::nullopt;
    return std::string(s_.substr(start, i_ - start));
  }

  // pvalue: a value, or [local-part] "@" domain.
  std::optional<std::string> property_value() {
    std::string out;
    if (peek() != '@') {
      auto v = value();
      if (!v) return std::nullopt;
      out = std::move(*v);
    }
    if (accept('@')) {
      out.push_back('@');
      const std::size_t start = i_;
      while (!at_end() && (is_token_char(s_[i_]) || s_[i_] == '[' || s_[i_] == ']' || s_[i_] == ':')) ++i_;
      out.append(s_.substr(start, i_ - start));
    }
    return out;
  }

 private:
  std::string_view s_;
  std::size_t end_;
  std::size_t max_depth_ = std::numeric_limits<std::size_t>::max();
  std::size_t i_ = 0;
};

// [CFWS] authserv-id, read over the whole field with comments nested to
// any depth (the scan stays linear): no padding or nesting in front of a
// forged field may hide our own id from its removal (RFC 8601 5) or cut it
// short. Both authserv_id_of() and the parser read it this way, so they
// always agree.
std::optional<std::string> read_authserv_id(Cursor& cursor) {
  if (!cursor.skip_cfws()) return std::nullopt;
  auto id = cursor.value();
  if (!id || id->empty()) return std::nullopt;
  return id;
}

// True when `value` may be written without quotes: a token, or (with
// `allow_address`) a token with one '@' that something follows, as in
// "user@example.com" or "@example.com". Two '@'s or a trailing one would
// not read back as written; an authserv-id (a plain RFC 8601 value) takes
// no '@' at all.
bool is_bare(std::string_view value, bool allow_address) noexcept {
  if (value.empty()) return false;
  std::size_t ats = 0;
  for (const char c : value) {
    if (c == '@') {
      ++ats;
    } else if (!is_token_char(c)) {
      return false;
    }
  }
  if (ats == 0) return true;
  return allow_address && ats == 1 && value.back() != '@';
}

std::string quoted_string(std::string_view value) {
  std::string out = "\"";
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      out.push_back('?');
      continue;
    }
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string comment_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '(' || c == ')' || c == '\\' || u < 0x20 || u == 0x7f) continue;
    out.push_back(c);
  }
  return out;
}

void append_spf(std::string& out, const SpfOutcome& spf) {
  out += fmt::format(";\n\tspf={}", to_string(spf.result));
  if (!spf.reason.empty()) out += fmt::format(" ({})", comment_text(spf.reason));
  if (!spf.domain.empty()) {
    out += fmt::format(" smtp.{}={}", spf.identity == SpfIdentity::helo ? "helo" : "mailfrom", quote_value(spf.domain));
  }
}

}  // namespace

std::string ResultInfo::property(std::string_view name) const {
  for (const auto& [key, value] : properties) {
    if (key == name) return value;
  }
  return {};
}

std::optional<std::string> authserv_id_of(std::string_view raw_value) {
  Cursor cursor(raw_value);
  return read_authserv_id(cursor);
}

std::optional<ParsedAuthenticationResults> parse_authentication_results(std::string_view raw_value) {
  Cursor cursor(raw_value);
  auto id = read_authserv_id(cursor);
  if (!id) return std::nullopt;
  ParsedAuthenticationResults out;
  out.authserv_id = std::move(*id);
  cursor.apply_limits();
  if (!cursor.skip_cfws()) return out;
  if (cursor.peek() >= '0' && cursor.peek() <= '9') {
    (void)cursor.value();  // authres-version
    if (!cursor.skip_cfws()) return out;
  }
  while (out.results.size() < kMaxResults) {
    if (!cursor.skip_cfws() || !cursor.accept(';') || !cursor.skip_cfws()) break;
    ResultInfo info;
    info.method = cursor.keyword();
    if (info.method.empty()) break;
    if (!cursor.skip_cfws()) break;
    if (cursor.accept('/')) {  // method-version
      if (!cursor.skip_cfws()) break;
      (void)cursor.value();
      if (!cursor.skip_cfws()) break;
    }
    if (!cursor.accept('=') || !cursor.skip_cfws()) break;
    info.result = cursor.keyword();
    if (info.result.empty()) break;
    bool ok = true;
    while (ok && info.properties.size() < kMaxResults) {
      if (!cursor.skip_cfws()) {
        ok = false;
        break;
      }
      if (cursor.at_end() || cursor.peek() == ';') break;
      const std::string ptype = cursor.keyword();
      if (ptype.empty() || !cursor.skip_cfws()) {
        ok = false;
        break;
      }
      std::string name = ptype;
      if (ptype != "reason") {
        if (!cursor.accept('.') || !cursor.skip_cfws()) {
          ok = false;
          break;
        }
        const std::string property = cursor.keyword();
        if (property.empty()) {
          ok = false;
          break;
        }
        name = ptype + "." + property;
        if (!cursor.skip_cfws()) {
          ok = false;
          break;
        }
      }
      if (!cursor.accept('=') || !cursor.skip_cfws()) {
        ok = false;
        break;
      }
      auto value = cursor.property_value();
      if (!value) {
        ok = false;
        break;
      }
      info.properties.emplace_back(std::move(name), std::move(*value));
    }
    // A result that runs into the kMaxParsedBytes cut may have lost its end
    // ("header.from=brand.com" of "brand.com.attacker.example", the sender
    // padding the field to put the cut there): it is dropped, not returned
    // cut short.
    if (cursor.at_cut()) break;
    if (info.method != "none") out.results.push_back(std::move(info));
    if (!ok) break;
  }
  return out;
}

std::string quote_value(std::string_view value) {
  return is_bare(value, true) ? std::string(value) : quoted_string(value);
}

std::string format_authentication_results(std::string_view authserv_id, const AuthResults& results) {
  // Not quote_value(): "user@mx" bare would read back as the id "user".
  std::string out = is_bare(authserv_id, false) ? std::string(authserv_id) : quoted_string(authserv_id);
  const std::size_t empty_size = out.size();
  if (results.spf) append_spf(out, *results.spf);
  if (results.spf_helo) append_spf(out, *results.spf_helo);
  if (results.dkim) {
    bool any = false;
    for (const auto& sig : results.dkim->signatures) {
      if (!sig.checked) continue;
      any = true;
      out += fmt::format(";\n\tdkim={}", to_string(sig.result));
      if (!sig.reason.empty()) {
        out += sig.key_bits != 0 && sig.result == DkimResult::pass
                   ? fmt::format(" ({}-bit key)", sig.key_bits)
                   : fmt::format(" ({})", comment_text(sig.reason));
      }
      if (!sig.domain.empty()) out += fmt::format(" header.d={}", quote_value(sig.domain));
      if (!sig.selector.empty()) out += fmt::format(" header.s={}", quote_value(sig.selector));
      if (!sig.algorithm.empty()) out += fmt::format(" header.a={}", quote_value(sig.algorithm));
      if (!sig.b_prefix.empty()) out += fmt::format(" header.b={}", quote_value(sig.b_prefix));
    }
    if (!any) out += ";\n\tdkim=none";
  }
  if (results.dmarc) {
    const DmarcOutcome& dmarc = *results.dmarc;
    out += fmt::format(";\n\tdmarc={}", to_string(dmarc.result));
    if (dmarc.result == DmarcResult::pass || dmarc.result == DmarcResult::fail) {
      out += fmt::format(" (p={} dis={})", to_string(dmarc.policy), to_string(dmarc.disposition));
    } else if (!dmarc.reason.empty()) {
      out += fmt::format(" ({})", comment_text(dmarc.reason));
    }
    if (!dmarc.author_domain.empty()) out += fmt::format(" header.from={}", quote_value(dmarc.author_domain));
  }
  if (out.size() == empty_size) out += "; none";
  return out;
}

}  // namespace brandguard::policy::auth
