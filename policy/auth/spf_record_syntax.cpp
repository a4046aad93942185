#include "auth/spf_record_syntax.hpp"

#include <arpa/inet.h>

#include <cctype>
#include <vector>

#include <fmt/format.h>

namespace brandguard::policy::auth {

namespace {

bool iequal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

bool is_alpha(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0 && static_cast<unsigned char>(c) < 0x80; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }

// macro-string: literals %x21-24 / %x26-7E and macro-expands.
// `allow_crt`: the c, r and t letters are only valid in exp= text.
bool valid_macro_string(std::string_view s, bool allow_crt, std::string& why) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == '%') {
      if (i + 1 >= s.size()) {
        why = "'%' at the end of a macro string";
        return false;
      }
      const char n = s[i + 1];
      if (n == '%' || n == '_' || n == '-') {
        ++i;
        continue;
      }
      if (n != '{') {
        why = fmt::format("invalid macro '%{}'", n);
        return false;
      }
      const auto close = s.find('}', i + 2);
      if (close == std::string_view::npos) {
        why = "unterminated macro";
        return false;
      }
      const std::string_view body = s.substr(i + 2, close - i - 2);
      if (body.empty()) {
        why = "empty macro";
        return false;
      }
      const char letter = static_cast<char>(std::tolower(static_cast<unsigned char>(body[0])));
      const std::string_view letters = allow_crt ? "slodiphcrtv" : "slodiphv";
      if (letters.find(letter) == std::string_view::npos) {
        why = fmt::format("invalid macro letter '{}'", body[0]);
        return false;
      }
      std::size_t j = 1;
      while (j < body.size() && is_digit(body[j])) ++j;
      if (j < body.size() && (body[j] == 'r' || body[j] == 'R')) ++j;
      for (; j < body.size(); ++j) {
        if (std::string_view(".-+,/_=").find(body[j]) == std::string_view::npos) {
          why = fmt::format("invalid macro delimiter '{}'", body[j]);
          return false;
        }
      }
      i = close;
      continue;
    }
    if (c < 0x21 || c > 0x7e) {
      why = "a character outside visible ASCII";
      return false;
    }
  }
  return true;
}

// toplabel = ( *alphanum ALPHA *alphanum ) / ( 1*alphanum "-" *( alphanum / "-" ) alphanum )
bool valid_toplabel(std::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  bool has_alpha = false;
  for (char c : label) {
    if (!is_alnum(c) && c != '-') return false;
    has_alpha |= is_alpha(c);
  }
  if (label.find('-') == std::string_view::npos) return has_alpha;
  return is_alnum(label.front()) && is_alnum(label.back());
}

// domain-spec = macro-string domain-end; domain-end = ( "." toplabel [ "." ] ) / macro-expand
bool valid_domain_spec(std::string_view spec, std::string& why) {
  if (spec.empty()) {
    why = "empty domain-spec";
    return false;
  }
  if (!valid_macro_string(spec, false, why)) return false;
  if (spec.back() == '}') return true;  // ends in a macro-expand
  std::string_view s = spec;
  if (s.back() == '.') s.remove_suffix(1);
  const auto dot = s.rfind('.');
  if (dot == std::string_view::npos) {
    why = fmt::format("domain-spec \"{}\" has no top label", spec);
    return false;
  }
  if (!valid_toplabel(s.substr(dot + 1))) {
    why = fmt::format("invalid top label in \"{}\"", spec);
    return false;
  }
  if (dot == 0) {
    why = fmt::format("empty label in \"{}\"", spec);
    return false;
  }
  return true;
}

bool parse_cidr(std::string_view digits, unsigned max) {
  if (digits.empty() || digits.size() > 3) return false;
  for (char c : digits) {
    if (!is_digit(c)) return false;
  }
  if (digits.size() > 1 && digits[0] == '0') return false;
  return static_cast<unsigned>(std::stoul(std::string(digits))) <= max;
}

// Splits "spec/24//64" into spec and validates the dual-cidr-length.
bool split_dual_cidr(std::string_view arg, std::string_view& spec, std::string& why) {
  spec = arg;
  const auto dd = arg.find("//");
  if (dd != std::string_view::npos) {
    if (!parse_cidr(arg.substr(dd + 2), 128)) {
      why = "invalid ip6 cidr length";
      return false;
    }
    spec = arg.substr(0, dd);
  }
  const auto slash = spec.rfind('/');
  if (slash != std::string_view::npos) {
    const std::string_view digits = spec.substr(slash + 1);
    bool all_digits = !digits.empty();
    for (char c : digits) all_digits &= is_digit(c);
    if (all_digits) {
      if (!parse_cidr(digits, 32)) {
        why = "invalid ip4 cidr length";
        return false;
      }
      spec = spec.substr(0, slash);
    }
  }
  return true;
}

std::optional<std::string> check_term(std::string_view term, int& redirects, int& explanations) {
  std::string why;
  // Modifier: name "=" ...; name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )
  const auto eq = term.find('=');
  const auto colon = term.find(':');
  const auto slash = term.find('/');
  const bool is_modifier = eq != std::string_view::npos && (colon == std::string_view::npos || eq < colon) &&
                           (slash == std::string_view::npos || eq < slash);
  if (is_modifier) {
    const std::string_view name = term.substr(0, eq);
    const std::string_view value = term.substr(eq + 1);
    if (name.empty() || !is_alpha(name[0])) return fmt::format("invalid modifier name in \"{}\"", term);
    for (char c : name) {
      if (!is_alnum(c) && c != '-' && c != '_' && c != '.') return fmt::format("invalid modifier name in \"{}\"", term);
    }
    if (iequal(name, "redirect")) {
      if (++redirects > 1) return std::string("redirect= appears twice");
      if (!valid_domain_spec(value, why)) return "redirect=: " + why;
    } else if (iequal(name, "exp")) {
      if (++explanations > 1) return std::string("exp= appears twice");
      if (!valid_domain_spec(value, why)) return "exp=: " + why;
    } else if (!valid_macro_string(value, false, why)) {
      return fmt::format("modifier {}: {}", name, why);
    }
    return std::nullopt;
  }
  std::string_view directive = term;
  if (!directive.empty() && std::string_view("+-?~").find(directive[0]) != std::string_view::npos) {
    directive.remove_prefix(1);
  }
  std::size_t name_end = 0;
  while (name_end < directive.size() && is_alnum(directive[name_end])) ++name_end;
  const std::string_view mech = directive.substr(0, name_end);
  const std::string_view rest = directive.substr(name_end);
  if (iequal(mech, "all")) {
    if (!rest.empty()) return fmt::format("\"{}\": all takes no argument", term);
  } else if (iequal(mech, "include") || iequal(mech, "exists")) {
    if (rest.size() < 2 || rest[0] != ':') return fmt::format("\"{}\" needs :domain", term);
    if (!valid_domain_spec(rest.substr(1), why)) return fmt::format("\"{}\": {}", term, why);
  } else if (iequal(mech, "a") || iequal(mech, "mx")) {
    std::string_view arg = rest;
    std::string_view spec;
    if (!split_dual_cidr(arg, spec, why)) return fmt::format("\"{}\": {}", term, why);
    if (!spec.empty()) {
      if (spec[0] != ':') return fmt::format("\"{}\": unexpected \"{}\"", term, spec);
      if (!valid_domain_spec(spec.substr(1), why)) return fmt::format("\"{}\": {}", term, why);
    }
  } else if (iequal(mech, "ptr")) {
    if (!rest.empty()) {
      if (rest[0] != ':') return fmt::format("\"{}\": unexpected \"{}\"", term, rest);
      if (!valid_domain_spec(rest.substr(1), why)) return fmt::format("\"{}\": {}", term, why);
    }
  } else if (iequal(mech, "ip4") || iequal(mech, "ip6")) {
    if (rest.size() < 2 || rest[0] != ':') return fmt::format("\"{}\" needs an address", term);
    std::string_view net = rest.substr(1);
    const bool v6 = iequal(mech, "ip6");
    const auto sl = net.find('/');
    if (sl != std::string_view::npos) {
      if (!parse_cidr(net.substr(sl + 1), v6 ? 128 : 32)) return fmt::format("\"{}\": invalid cidr length", term);
      net = net.substr(0, sl);
    }
    unsigned char buf[16];
    if (net.size() > 45 || inet_pton(v6 ? AF_INET6 : AF_INET, std::string(net).c_str(), buf) != 1) {
      return fmt::format("\"{}\": invalid address", term);
    }
  } else {
    return fmt::format("unknown mechanism \"{}\"", term);
  }
  return std::nullopt;
}

}  // namespace

bool is_spf_record(std::string_view txt) noexcept {
  return txt.size() >= 6 && iequal(txt.substr(0, 6), "v=spf1") && (txt.size() == 6 || txt[6] == ' ');
}

std::optional<std::string> spf_record_syntax_error(std::string_view record) {
  if (!is_spf_record(record)) return std::string("not an SPF record");
  int redirects = 0;
  int explanations = 0;
  std::size_t i = 6;
  while (i < record.size()) {
    if (record[i] != ' ') return std::string("terms must be separated by spaces");
    while (i < record.size() && record[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < record.size() && record[i] != ' ') ++i;
    if (i == start) break;  // trailing spaces
    if (auto error = check_term(record.substr(start, i - start), redirects, explanations)) return error;
  }
  return std::nullopt;
}

}  // namespace brandguard::policy::auth
