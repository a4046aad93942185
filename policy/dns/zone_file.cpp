// Zone-file reader for the hermetic resolver mode (CORPUS-FORMAT.md):
// RFC 1035 master-file lines, one record per line, absolute owner names,
// optional TTL and class IN, types A AAAA MX TXT PTR CNAME. Every line is
// validated here, because libunbound's own parser would accept or reject
// hostile lines in ways we do not control.
#include <arpa/inet.h>

#include <cctype>
#include <cstdlib>
#include <vector>

#include <fmt/format.h>

#include "dns/resolver.hpp"

namespace brandguard::policy::dns {

namespace {

constexpr std::size_t kMaxRecords = 100000;
constexpr std::size_t kMaxLineBytes = 65535;

// Splits a line into tokens; a quoted string (with \" and \\ escapes) is
// one token, kept with its quotes. Stops at an unquoted ';' (comment).
bool tokenize(std::string_view line, std::vector<std::string>& tokens, std::string& error) {
  std::size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++i;
    } else if (c == ';') {
      break;
    } else if (c == '"') {
      std::string token(1, '"');
      ++i;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '\\' && i + 1 < line.size()) {
          token.push_back(line[i]);
          token.push_back(line[i + 1]);
          i += 2;
        } else if (line[i] == '"') {
          token.push_back('"');
          ++i;
          closed = true;
          break;
        } else {
          token.push_back(line[i++]);
        }
      }
      if (!closed) {
        error = "unterminated quoted string";
        return false;
      }
      tokens.push_back(std::move(token));
    } else {
      std::size_t start = i;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != ';') {
        if (line[i] == '"') {
          error = "quote inside a word";
          return false;
        }
        ++i;
      }
      tokens.emplace_back(line.substr(start, i - start));
    }
  }
  return true;
}

bool is_absolute_name(std::string_view name) {
  if (name == ".") return true;
  if (name.size() < 2 || name.size() > 254 || name.back() != '.') return false;
  std::size_t label = 0;
  for (std::size_t i = 0; i + 1 < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c == '.') {
      if (label == 0) return false;
      label = 0;
    } else {
      if (c <= 0x20 || c >= 0x7f || c == '\\' || c == '"' || c == ';' || c == '(' || c == ')') return false;
      if (++label > 63) return false;
    }
  }
  return label > 0;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && s.size() <= 10 && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// Unescaped length of a quoted TXT string token, or -1 if invalid.
long txt_string_length(std::string_view token) {
  if (token.size() < 2 || token.front() != '"' || token.back() != '"') return -1;
  long n = 0;
  for (std::size_t i = 1; i + 1 < token.size(); ++i) {
    if (token[i] == '\\') {
      if (i + 2 < token.size() && std::isdigit(static_cast<unsigned char>(token[i + 1]))) {
        if (i + 4 > token.size() - 1) return -1;
        i += 3;  // \DDD
      } else {
        ++i;
      }
    }
    ++n;
  }
  return n;
}

}  // namespace

tl::expected<std::vector<std::string>, std::string> read_zone_text(std::string_view text, std::string_view name) {
  std::vector<std::string> records;
  std::size_t line_number = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    const std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    const auto fail = [&](std::string_view problem) {
      return tl::unexpected(fmt::format("{}:{}: {}", name, line_number, problem));
    };
    if (line.size() > kMaxLineBytes) return fail("line too long");
    std::vector<std::string> tokens;
    std::string error;
    if (!tokenize(line, tokens, error)) return fail(error);
    if (tokens.empty()) {
      if (end == text.size()) break;
      continue;
    }
    if (records.size() >= kMaxRecords) return fail("too many records");
    std::size_t i = 0;
    const std::string owner = tokens[i++];
    if (!is_absolute_name(owner)) return fail("owner must be an absolute domain name ending in '.'");
    std::string ttl = "300";
    if (i < tokens.size() && all_digits(tokens[i])) ttl = tokens[i++];
    if (i < tokens.size() && upper(tokens[i]) == "IN") ++i;
    if (i >= tokens.size()) return fail("missing record type");
    const std::string type = upper(tokens[i++]);
    const std::vector<std::string> rdata(tokens.begin() + static_cast<long>(i), tokens.end());
    if (rdata.empty()) return fail("missing record data");
    if (type == "A" || type == "AAAA") {
      unsigned char buf[16];
      if (rdata.size() != 1 || inet_pton(type == "A" ? AF_INET : AF_INET6, rdata[0].c_str(), buf) != 1) {
        return fail(fmt::format("bad {} address", type));
      }
    } else if (type == "MX") {
      if (rdata.size() != 2 || !all_digits(rdata[0]) || std::strtoul(rdata[0].c_str(), nullptr, 10) > 65535 ||
          !is_absolute_name(rdata[1])) {
        return fail("MX needs a preference and an absolute exchange name");
      }
    } else if (type == "PTR" || type == "CNAME") {
      if (rdata.size() != 1 || !is_absolute_name(rdata[0])) return fail(type + " needs an absolute name");
    } else if (type == "TXT") {
      for (const auto& token : rdata) {
        const long len = txt_string_length(token);
        if (len < 0) return fail("TXT data must be quoted strings");
        if (len > 255) return fail("a TXT string is longer than 255 bytes; split it into several");
      }
    } else {
      return fail(fmt::format("unsupported record type {}", type));
    }
    std::string rr = fmt::format("{} {} IN {}", owner, ttl, type);
    for (const auto& token : rdata) rr += " " + token;
    records.push_back(std::move(rr));
    if (end == text.size()) break;
  }
  return records;
}

}  // namespace brandguard::policy::dns
