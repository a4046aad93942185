#include "message/html_text.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace brandguard::policy {

namespace {

void append_utf8(std::string& out, unsigned long cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// The named references phishing HTML actually uses: markup, spacing and
// invisible characters, currency, and the Latin letters of FR/ES/DE text.
constexpr std::array<std::pair<std::string_view, unsigned long>, 48> kNamed{{
    {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},     {"apos", '\''},
    {"nbsp", 0xA0},    {"copy", 0xA9},    {"reg", 0xAE},     {"euro", 0x20AC},  {"shy", 0xAD},
    {"zwnj", 0x200C},  {"zwj", 0x200D},   {"lrm", 0x200E},   {"rlm", 0x200F},   {"hellip", 0x2026},
    {"ndash", 0x2013}, {"mdash", 0x2014}, {"rsquo", 0x2019}, {"lsquo", 0x2018}, {"ldquo", 0x201C},
    {"rdquo", 0x201D}, {"laquo", 0xAB},   {"raquo", 0xBB},   {"pound", 0xA3},   {"yen", 0xA5},
    {"aacute", 0xE1},  {"agrave", 0xE0},  {"acirc", 0xE2},   {"auml", 0xE4},    {"ccedil", 0xE7},
    {"eacute", 0xE9},  {"egrave", 0xE8},  {"ecirc", 0xEA},   {"euml", 0xEB},    {"iacute", 0xED},
    {"icirc", 0xEE},   {"iuml", 0xEF},    {"ntilde", 0xF1},  {"oacute", 0xF3},  {"ocirc", 0xF4},
    {"ouml", 0xF6},    {"uacute", 0xFA},  {"ugrave", 0xF9},  {"ucirc", 0xFB},   {"uuml", 0xFC},
    {"szlig", 0xDF},   {"Eacute", 0xC9},  {"Auml", 0xC4},
}};

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool starts_with_ci(std::string_view s, std::size_t pos, std::string_view prefix) {
  if (pos + prefix.size() > s.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (lower(s[pos + i]) != prefix[i]) return false;
  }
  return true;
}

void collapse_space_append(std::string& out, std::string_view piece) {
  for (char c : piece) {
    const bool space = c == ' ' || c == '\t' || c == '\r' || c == '\n';
    if (space) {
      if (!out.empty() && out.back() != ' ' && out.back() != '\n') out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
}

// Value of attribute `name` inside a tag's text ("a href='x' class=y").
std::string attribute(std::string_view tag, std::string_view name) {
  std::size_t i = 0;
  while (i < tag.size()) {
    while (i < tag.size() && !std::isalpha(static_cast<unsigned char>(tag[i]))) ++i;
    const std::size_t start = i;
    while (i < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[i])) || tag[i] == '-' || tag[i] == '_')) ++i;
    const std::string_view attr = tag.substr(start, i - start);
    while (i < tag.size() && (tag[i] == ' ' || tag[i] == '\t' || tag[i] == '\r' || tag[i] == '\n')) ++i;
    if (i >= tag.size() || tag[i] != '=') continue;
    ++i;
    while (i < tag.size() && (tag[i] == ' ' || tag[i] == '\t' || tag[i] == '\r' || tag[i] == '\n')) ++i;
    std::string_view value;
    if (i < tag.size() && (tag[i] == '"' || tag[i] == '\'')) {
      const char quote = tag[i++];
      const std::size_t end = tag.find(quote, i);
      value = tag.substr(i, (end == std::string_view::npos ? tag.size() : end) - i);
      i = end == std::string_view::npos ? tag.size() : end + 1;
    } else {
      const std::size_t vstart = i;
      while (i < tag.size() && tag[i] != ' ' && tag[i] != '\t' && tag[i] != '>' && tag[i] != '\n') ++i;
      value = tag.substr(vstart, i - vstart);
    }
    bool same = attr.size() == name.size();
    for (std::size_t k = 0; same && k < attr.size(); ++k) same = lower(attr[k]) == name[k];
    if (same) {
      std::string decoded = decode_entities(value);
      const auto first = decoded.find_first_not_of(" \t\r\n");
      const auto last = decoded.find_last_not_of(" \t\r\n");
      return first == std::string::npos ? std::string() : decoded.substr(first, last - first + 1);
    }
  }
  return {};
}

}  // namespace

std::string decode_entities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out.push_back(text[i]);
      continue;
    }
    const std::size_t semi = text.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 12) {
      out.push_back('&');
      continue;
    }
    const std::string_view ref = text.substr(i + 1, semi - i - 1);
    bool done = false;
    if (!ref.empty() && ref[0] == '#') {
      const bool hex = ref.size() > 1 && (ref[1] == 'x' || ref[1] == 'X');
      const std::string_view digits = ref.substr(hex ? 2 : 1);
      unsigned long cp = 0;
      bool ok = !digits.empty() && digits.size() <= 8;
      for (char c : digits) {
        const int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                      : (hex && std::isxdigit(static_cast<unsigned char>(c))) ? lower(c) - 'a' + 10
                                                                              : -1;
        if (v < 0) ok = false;
        cp = cp * (hex ? 16 : 10) + static_cast<unsigned long>(v < 0 ? 0 : v);
      }
      if (ok) {
        append_utf8(out, cp);
        done = true;
      }
    } else {
      for (const auto& [name, cp] : kNamed) {
        if (name == ref) {
          append_utf8(out, cp);
          done = true;
          break;
        }
      }
    }
    if (done) {
      i = semi;
    } else {
      out.push_back('&');
    }
  }
  return out;
}

HtmlText html_to_text(std::string_view html, std::size_t max_links) {
  HtmlText out;
  std::string pending_text;  // text since the last tag, entities not yet decoded
  bool in_anchor = false;
  Link current;
  const auto flush = [&] {
    if (pending_text.empty()) return;
    const std::string decoded = decode_entities(pending_text);
    collapse_space_append(out.text, decoded);
    if (in_anchor && current.text.size() < 1000) collapse_space_append(current.text, decoded);
    pending_text.clear();
  };
  std::size_t i = 0;
  while (i < html.size()) {
    if (html[i] != '<') {
      pending_text.push_back(html[i++]);
      continue;
    }
    if (starts_with_ci(html, i, "<!--")) {
      const std::size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    const std::size_t end = html.find('>', i + 1);
    if (end == std::string_view::npos) {
      pending_text.append(html.substr(i));
      break;
    }
    flush();
    const std::string_view tag = html.substr(i + 1, end - i - 1);
    const bool closing = !tag.empty() && tag[0] == '/';
    std::size_t n = closing ? 1 : 0;
    std::string name;
    while (n < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[n])))) name.push_back(lower(tag[n++]));
    i = end + 1;
    if (!closing && (name == "script" || name == "style" || name == "head" || name == "title")) {
      // Skip to the matching close tag: its content is not shown.
      const std::string close = "</" + name;
      std::size_t j = i;
      while (j < html.size() && !starts_with_ci(html, j, close)) ++j;
      const std::size_t gt = html.find('>', j);
      i = gt == std::string_view::npos ? html.size() : gt + 1;
      continue;
    }
    if (name == "br" || name == "p" || name == "div" || name == "tr" || name == "li" || name == "table" ||
        name == "h1" || name == "h2" || name == "h3" || name == "td") {
      if (!out.text.empty() && out.text.back() != '\n') {
        if (out.text.back() == ' ') out.text.back() = '\n';
        else out.text.push_back(name == "td" ? ' ' : '\n');
      }
    }
    if (name == "a") {
      if (closing) {
        if (in_anchor) {
          while (!current.text.empty() && current.text.back() == ' ') current.text.pop_back();
          if (out.links.size() < max_links) out.links.push_back(std::move(current));
          else out.links_truncated = true;
          current = Link{};
          in_anchor = false;
        }
      } else {
        if (in_anchor && !current.href.empty()) {  // unclosed previous anchor
          if (out.links.size() < max_links) out.links.push_back(std::move(current));
          else out.links_truncated = true;
        }
        current = Link{attribute(tag.substr(n), "href"), {}};
        in_anchor = true;
      }
    }
  }
  flush();
  if (in_anchor) {
    if (out.links.size() < max_links) out.links.push_back(std::move(current));
    else out.links_truncated = true;
  }
  return out;
}

}  // namespace brandguard::policy
