#include "message/address.hpp"

#include <algorithm>
#include <set>

#include "message/ascii.hpp"

namespace brandguard::policy {

namespace {

enum class Tok { atom, quoted, literal, dot, at, comma, colon, semicolon, langle, rangle };

struct Token {
  Tok kind;
  std::size_t begin;  // byte range of the token in the field value
  std::size_t end;
};

bool is_wsp(unsigned char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Control bytes other than folding whitespace, and DEL.
bool is_control(unsigned char c) noexcept { return (c < 0x20 && !is_wsp(c)) || c == 0x7f; }

// RFC 5322 atext, plus every byte >= 0x80 (RFC 6532 UTF-8, or raw 8-bit
// that some senders still use).
bool is_atext(unsigned char c) noexcept {
  if (c >= 0x80) return true;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-':
    case '/': case '=': case '?': case '^': case '_': case '`': case '{': case '|': case '}': case '~':
      return true;
    default:
      return false;
  }
}

const char* describe(Tok kind) noexcept {
  switch (kind) {
    case Tok::atom: return "a word";
    case Tok::quoted: return "a quoted string";
    case Tok::literal: return "a domain literal";
    case Tok::dot: return "'.'";
    case Tok::at: return "'@'";
    case Tok::comma: return "','";
    case Tok::colon: return "':'";
    case Tok::semicolon: return "';'";
    case Tok::langle: return "'<'";
    case Tok::rangle: return "'>'";
  }
  return "a token";
}

struct Lexed {
  std::vector<Token> tokens;
  std::string error;  // empty when the whole value was tokenized
};

// Skips a quoted string, comment or domain literal body starting after its
// opening byte; returns the index after the closing byte, or npos with
// `error` set. Comments nest (depth counted, no recursion).
std::size_t skip_delimited(std::string_view v, std::size_t i, char open, char close, bool nests, std::string& error) {
  std::size_t depth = 1;
  while (i < v.size()) {
    const auto c = static_cast<unsigned char>(v[i]);
    if (c == 0) {
      error = "NUL byte";
      return std::string_view::npos;
    }
    if (is_control(c)) {
      error = "control character";
      return std::string_view::npos;
    }
    if (c == '\\') {
      if (i + 1 >= v.size()) break;
      const auto escaped = static_cast<unsigned char>(v[i + 1]);
      if (escaped == 0) {
        error = "NUL byte";
        return std::string_view::npos;
      }
      i += 2;
      continue;
    }
    if (nests && c == static_cast<unsigned char>(open)) {
      if (++depth > kMaxCommentDepth) {
        error = "comments nested too deep";
        return std::string_view::npos;
      }
    } else if (!nests && open == '[' && c == '[') {
      error = "'[' inside a domain literal";
      return std::string_view::npos;
    } else if (c == static_cast<unsigned char>(close)) {
      if (--depth == 0) return i + 1;
    }
    ++i;
  }
  error = open == '(' ? "unterminated comment" : open == '"' ? "unterminated quoted string" : "unterminated domain literal";
  return std::string_view::npos;
}

Lexed lex(std::string_view v) {
  Lexed out;
  std::size_t i = 0;
  while (i < v.size()) {
    const auto c = static_cast<unsigned char>(v[i]);
    if (is_wsp(c)) {
      ++i;
      continue;
    }
    if (c == 0) {
      out.error = "NUL byte";
      return out;
    }
    if (c == '(' || c == '"' || c == '[') {
      const char close = c == '(' ? ')' : c == '"' ? '"' : ']';
      const std::size_t end = skip_delimited(v, i + 1, static_cast<char>(c), close, c == '(', out.error);
      if (end == std::string_view::npos) return out;
      if (c == '"') out.tokens.push_back({Tok::quoted, i, end});
      if (c == '[') out.tokens.push_back({Tok::literal, i, end});
      i = end;
      continue;
    }
    if (is_atext(c)) {
      const std::size_t start = i;
      while (i < v.size() && is_atext(static_cast<unsigned char>(v[i]))) ++i;
      out.tokens.push_back({Tok::atom, start, i});
      continue;
    }
    Tok kind;
    switch (c) {
      case '.': kind = Tok::dot; break;
      case '@': kind = Tok::at; break;
      case ',': kind = Tok::comma; break;
      case ':': kind = Tok::colon; break;
      case ';': kind = Tok::semicolon; break;
      case '<': kind = Tok::langle; break;
      case '>': kind = Tok::rangle; break;
      case ')': out.error = "unbalanced ')'"; return out;
      case ']': out.error = "unbalanced ']'"; return out;
      case '\\': out.error = "backslash outside a quoted string"; return out;
      default: out.error = "control character"; return out;
    }
    out.tokens.push_back({kind, i, i + 1});
    ++i;
  }
  return out;
}

bool is_word(Tok kind) noexcept { return kind == Tok::atom || kind == Tok::quoted; }

// The comparison key of a domain: A-Z lowercased, one trailing dot removed.
std::string domain_key(std::string_view domain) {
  if (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
  return ascii_lower(domain);
}

// One From field's address list, parsed token by token.
class ListParser {
 public:
  ListParser(std::string_view value, const std::vector<Token>& tokens, std::vector<Mailbox>& out)
      : v_(value), t_(tokens), out_(out) {}

  void run() {
    while (pos_ < t_.size() && !stop_) {
      const Tok kind = t_[pos_].kind;
      if (kind == Tok::comma) {  // obs-addr-list: empty elements
        ++pos_;
        continue;
      }
      if (kind == Tok::semicolon) {
        if (in_group_) {
          in_group_ = false;
          ++pos_;
          if (!at_separator(false)) fail_and_recover(std::string("unexpected ") + describe(t_[pos_].kind) + " after a group");
        } else {
          fail_and_recover("';' outside a group");
        }
        continue;
      }
      element();
    }
    if (in_group_ && !stop_) note_error("group without its closing ';'");
  }

  bool had_error() const noexcept { return !error_.empty(); }
  const std::string& error() const noexcept { return error_; }
  bool saw_group() const noexcept { return saw_group_; }
  bool limit_hit() const noexcept { return limit_hit_; }

 private:
  void note_error(std::string message) {
    if (error_.empty()) error_ = std::move(message);
  }

  // Records the error and skips to the next list element.
  void fail_and_recover(std::string message) {
    note_error(std::move(message));
    while (pos_ < t_.size()) {
      const Tok kind = t_[pos_].kind;
      if (kind == Tok::comma) {
        ++pos_;
        return;
      }
      if (kind == Tok::semicolon && in_group_) return;  // run() closes the group
      ++pos_;
    }
  }

  // True at the end, at ',' or (inside a group) at ';'. Does not consume.
  bool at_separator(bool in_group) const noexcept {
    if (pos_ >= t_.size()) return true;
    const Tok kind = t_[pos_].kind;
    return kind == Tok::comma || (in_group && kind == Tok::semicolon);
  }

  std::string raw(std::size_t first, std::size_t last) const {  // tokens [first, last)
    std::string text;
    for (std::size_t k = first; k < last; ++k) text.append(v_.substr(t_[k].begin, t_[k].end - t_[k].begin));
    return text;
  }

  std::string display_name(std::size_t first, std::size_t last) const {
    if (first == last) return {};
    const std::string_view span = v_.substr(t_[first].begin, t_[last - 1].end - t_[first].begin);
    std::string text;
    text.reserve(span.size());
    for (const char c : span) {
      if (c != '\r' && c != '\n') text += c;
    }
    return text;
  }

  // local-part "@" domain, from pos_; `first` is where the local part
  // begins. On success pos_ is after the domain.
  bool addr_spec(std::size_t first, std::size_t at, Mailbox& mailbox) {
    if (first == at) {
      fail_and_recover("mailbox without a local part");
      return false;
    }
    for (std::size_t k = first; k + 1 < at; ++k) {
      if (is_word(t_[k].kind) && is_word(t_[k + 1].kind)) {
        fail_and_recover("words without '<' before '@'");
        return false;
      }
    }
    mailbox.local_part = raw(first, at);
    pos_ = at + 1;
    if (pos_ < t_.size() && t_[pos_].kind == Tok::literal) {
      mailbox.domain = raw(pos_, pos_ + 1);
      ++pos_;
      return true;
    }
    const std::size_t start = pos_;
    bool want_atom = true;
    while (pos_ < t_.size()) {
      const Tok kind = t_[pos_].kind;
      if (want_atom && kind == Tok::atom) {
        want_atom = false;
      } else if (!want_atom && kind == Tok::dot) {
        want_atom = true;
      } else {
        break;
      }
      ++pos_;
    }
    if (pos_ == start) {
      fail_and_recover("mailbox without a domain");
      return false;
    }
    // One trailing dot ("example.net.") is kept; two dots in a row are not a domain.
    if (want_atom && pos_ < t_.size() && t_[pos_].kind == Tok::dot) {
      fail_and_recover("empty label in the domain");
      return false;
    }
    mailbox.domain = raw(start, pos_);
    return true;
  }

  void add(Mailbox mailbox) {
    if (out_.size() >= kMaxAuthorMailboxes) {
      limit_hit_ = true;
      stop_ = true;
      note_error("more than " + std::to_string(kMaxAuthorMailboxes) + " mailboxes");
      return;
    }
    out_.push_back(std::move(mailbox));
  }

  void element() {
    const std::size_t first = pos_;
    while (pos_ < t_.size() && (is_word(t_[pos_].kind) || t_[pos_].kind == Tok::dot)) ++pos_;
    const std::size_t last = pos_;
    if (pos_ >= t_.size() || t_[pos_].kind == Tok::comma || t_[pos_].kind == Tok::semicolon) {
      fail_and_recover("mailbox without a domain");
      return;
    }
    switch (t_[pos_].kind) {
      case Tok::colon:
        if (in_group_) return fail_and_recover("group inside a group");
        if (first == last) return fail_and_recover("group without a name");
        in_group_ = true;
        saw_group_ = true;
        ++pos_;
        return;
      case Tok::at: {
        Mailbox mailbox;
        if (!addr_spec(first, pos_, mailbox)) return;
        if (!at_separator(in_group_)) {
          return fail_and_recover(std::string("unexpected ") + describe(t_[pos_].kind) + " after an address");
        }
        return add(std::move(mailbox));
      }
      case Tok::langle: {
        Mailbox mailbox;
        mailbox.display_name_raw = display_name(first, last);
        ++pos_;
        if (pos_ < t_.size() && t_[pos_].kind == Tok::at) {  // obs-route "<@a,@b:user@c>"
          while (pos_ < t_.size() && t_[pos_].kind != Tok::colon && t_[pos_].kind != Tok::rangle) ++pos_;
          if (pos_ >= t_.size() || t_[pos_].kind != Tok::colon) return fail_and_recover("malformed route");
          ++pos_;
        }
        const std::size_t local = pos_;
        while (pos_ < t_.size() && (is_word(t_[pos_].kind) || t_[pos_].kind == Tok::dot)) ++pos_;
        if (pos_ >= t_.size() || t_[pos_].kind != Tok::at) {
          return fail_and_recover(local == pos_ && pos_ < t_.size() && t_[pos_].kind == Tok::rangle
                                      ? "empty address '<>'"
                                      : "address in '<>' without '@'");
        }
        if (!addr_spec(local, pos_, mailbox)) return;
        if (pos_ >= t_.size() || t_[pos_].kind != Tok::rangle) return fail_and_recover("'<' without '>'");
        ++pos_;
        if (!at_separator(in_group_)) {
          return fail_and_recover(std::string("unexpected ") + describe(t_[pos_].kind) + " after '>'");
        }
        return add(std::move(mailbox));
      }
      case Tok::rangle:
        return fail_and_recover("'>' without '<'");
      default:
        return fail_and_recover(std::string("unexpected ") + describe(t_[pos_].kind));
    }
  }

  std::string_view v_;
  const std::vector<Token>& t_;
  std::vector<Mailbox>& out_;
  std::size_t pos_ = 0;
  bool in_group_ = false;
  bool saw_group_ = false;
  bool stop_ = false;
  bool limit_hit_ = false;
  std::string error_;
};

struct FieldParse {
  bool error = false;
  bool saw_group = false;
  std::string problem;
};

FieldParse parse_field(std::string_view value, std::vector<Mailbox>& out) {
  FieldParse field;
  if (value.size() > kMaxFromFieldBytes) {
    field.error = true;
    field.problem = "From field over " + std::to_string(kMaxFromFieldBytes) + " bytes";
    return field;
  }
  Lexed lexed = lex(value);
  if (!lexed.error.empty()) {
    // A lexical error (control byte, unterminated quote or comment) breaks
    // only the list element holding it: the well-formed mailboxes before it
    // still count, so "a@x, b@y, \"broken" names two domains
    // (CVE-2021-34555) instead of hiding them behind `unparseable`. The
    // tokens are cut at the last ',' before the error, so the broken
    // element never yields a truncated mailbox.
    std::size_t keep = lexed.tokens.size();
    while (keep > 0 && lexed.tokens[keep - 1].kind != Tok::comma) --keep;
    lexed.tokens.resize(keep);
    ListParser parser(value, lexed.tokens, out);
    parser.run();
    field.error = true;
    field.problem = lexed.error;
    field.saw_group = parser.saw_group();
    return field;
  }
  ListParser parser(value, lexed.tokens, out);
  parser.run();
  field.error = parser.had_error();
  field.problem = parser.error();
  field.saw_group = parser.saw_group();
  return field;
}

std::size_t distinct_domains(const std::vector<Mailbox>& mailboxes) {
  std::set<std::string> keys;
  for (const auto& m : mailboxes) keys.insert(domain_key(m.domain));
  return keys.size();
}

}  // namespace

std::string_view to_string(AuthorStatus status) noexcept {
  switch (status) {
    case AuthorStatus::single: return "single";
    case AuthorStatus::multiple_same_domain: return "multiple_same_domain";
    case AuthorStatus::multiple_domains: return "multiple_domains";
    case AuthorStatus::multiple_from_headers: return "multiple_from_headers";
    case AuthorStatus::missing: return "missing";
    case AuthorStatus::empty: return "empty";
    case AuthorStatus::group_without_address: return "group_without_address";
    case AuthorStatus::unparseable: return "unparseable";
  }
  return "unknown";
}

AuthorResult parse_author(std::span<const std::string_view> from_values) {
  AuthorResult result;
  result.from_fields = from_values.size();
  if (from_values.empty()) {
    result.status = AuthorStatus::missing;
    result.problem = "no From field";
    return result;
  }
  if (from_values.size() > 1) {
    // Parsed for the evidence only: two From fields never define an author.
    const std::size_t fields = std::min(from_values.size(), kMaxAuthorFields);
    for (std::size_t i = 0; i < fields && result.mailboxes.size() < kMaxAuthorMailboxes; ++i) {
      parse_field(from_values[i], result.mailboxes);
    }
    result.status = AuthorStatus::multiple_from_headers;
    result.problem = std::to_string(from_values.size()) + " From fields";
    return result;
  }
  const FieldParse field = parse_field(from_values.front(), result.mailboxes);
  const std::size_t domains = distinct_domains(result.mailboxes);
  if (field.error) {
    // Two domains are reported as such even when another element is broken:
    // "a@x.example, user2, b@y.example" (CVE-2021-34555).
    result.status = domains >= 2 ? AuthorStatus::multiple_domains : AuthorStatus::unparseable;
    result.problem = domains >= 2 ? "mailboxes in " + std::to_string(domains) + " domains (and " + field.problem + ")"
                                  : field.problem;
    return result;
  }
  if (result.mailboxes.empty()) {
    result.status = field.saw_group ? AuthorStatus::group_without_address : AuthorStatus::empty;
    result.problem = field.saw_group ? "group without a mailbox" : "From field is empty";
    return result;
  }
  if (domains >= 2) {
    result.status = AuthorStatus::multiple_domains;
    result.problem = "mailboxes in " + std::to_string(domains) + " domains";
    return result;
  }
  result.status = result.mailboxes.size() == 1 ? AuthorStatus::single : AuthorStatus::multiple_same_domain;
  if (result.status == AuthorStatus::multiple_same_domain) {
    result.problem = std::to_string(result.mailboxes.size()) + " mailboxes in one domain";
  }
  result.author_domain = domain_key(result.mailboxes.front().domain);
  return result;
}

AuthorResult parse_author_from_headers(std::span<const Header> headers) {
  std::vector<std::string_view> values;
  for (const auto& header : headers) {
    if (iequals(header.name, "From")) values.push_back(header.raw_value);
  }
  return parse_author(values);
}

}  // namespace brandguard::policy
