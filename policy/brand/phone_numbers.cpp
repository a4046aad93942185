// Phone number finder: one forward pass reads "runs" (a digit, "+" or "("
// followed by digits and at most two separators in a row), rejects runs
// glued to other tokens or looking like amounts and dates, then decides
// international or national (see the header for the rules). Cue words are
// looked for in a bounded window of the run's line, byte-offset exact: the
// window is lowercased ASCII-only, so offsets stay those of the text.
#include "brand/phone_numbers.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstdint>

namespace brandguard::policy::brand {

namespace {

// Digits in a run we still read (E.164 allows 15; a few more are read so
// that a longer run is seen whole and refused, not cut into a number).
constexpr std::size_t kMaxRunDigits = 20;
// Separators in a row inside one number: "(888) 555" has two.
constexpr std::size_t kMaxSeparatorRun = 2;
constexpr std::size_t kMaxGroups = 12;
constexpr std::size_t kMinE164Digits = 8;
constexpr std::size_t kMaxE164Digits = 15;
// How far from the number a cue word may be, in its line.
constexpr std::size_t kCueWindow = 80;

// ------------------------------------------------------------ characters

enum class UnitKind { digit, plus, open, close, separator, other };

struct Unit {
  UnitKind kind = UnitKind::other;
  std::size_t length = 1;  // bytes
  char digit = 0;          // '0'..'9' for digits
  char separator = 0;      // ASCII form: ' ', '-', '.', '/'
};

// One character at `i`, with full-width and typographic forms read as
// their ASCII counterparts.
Unit read_unit(std::string_view s, std::size_t i) noexcept {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 >= '0' && b0 <= '9') return Unit{UnitKind::digit, 1, static_cast<char>(b0), 0};
  switch (b0) {
    case '+':
      return Unit{UnitKind::plus, 1, 0, 0};
    case '(':
      return Unit{UnitKind::open, 1, 0, 0};
    case ')':
      return Unit{UnitKind::close, 1, 0, 0};
    case ' ':
    case '\t':
      return Unit{UnitKind::separator, 1, 0, ' '};
    case '-':
      return Unit{UnitKind::separator, 1, 0, '-'};
    case '.':
      return Unit{UnitKind::separator, 1, 0, '.'};
    case '/':
      return Unit{UnitKind::separator, 1, 0, '/'};
    default:
      break;
  }
  const auto at = [&](std::size_t k) -> unsigned {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u;
  };
  if (b0 == 0xc2 && at(1) == 0xa0) return Unit{UnitKind::separator, 2, 0, ' '};  // no-break space
  if (b0 == 0xe2 && at(1) == 0x80) {
    const unsigned b2 = at(2);
    if (b2 >= 0x90 && b2 <= 0x95) return Unit{UnitKind::separator, 3, 0, '-'};  // hyphens and dashes
    if (b2 == 0x89 || b2 == 0xaf) return Unit{UnitKind::separator, 3, 0, ' '};  // thin, narrow no-break space
  }
  if (b0 == 0xe3 && at(1) == 0x80 && at(2) == 0x80) return Unit{UnitKind::separator, 3, 0, ' '};  // 　
  if (b0 == 0xe3 && at(1) == 0x83 && at(2) == 0xbc) return Unit{UnitKind::separator, 3, 0, '-'};  // ー as a dash
  if (b0 == 0xef && at(1) == 0xbc) {
    const unsigned b2 = at(2);
    if (b2 >= 0x90 && b2 <= 0x99) return Unit{UnitKind::digit, 3, static_cast<char>('0' + (b2 - 0x90)), 0};  // ０-９
    if (b2 == 0x8b) return Unit{UnitKind::plus, 3, 0, 0};                                                    // ＋
    if (b2 == 0x88) return Unit{UnitKind::open, 3, 0, 0};                                                    // （
    if (b2 == 0x89) return Unit{UnitKind::close, 3, 0, 0};                                                   // ）
    if (b2 == 0x8d) return Unit{UnitKind::separator, 3, 0, '-'};                                             // －
    if (b2 == 0x8e) return Unit{UnitKind::separator, 3, 0, '.'};                                             // ．
  }
  std::size_t length = 1;
  if (b0 >= 0xf0) {
    length = 4;
  } else if (b0 >= 0xe0) {
    length = 3;
  } else if (b0 >= 0xc0) {
    length = 2;
  }
  return Unit{UnitKind::other, std::min(length, s.size() - i), 0, 0};
}

UChar32 code_point_at(std::string_view s, std::size_t i) noexcept {
  if (i >= s.size()) return -1;
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  const auto length = static_cast<int32_t>(std::min<std::size_t>(s.size(), INT32_MAX));
  auto at = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT_OR_FFFD(bytes, at, length, c);
  return c;
}

UChar32 code_point_before(std::string_view s, std::size_t i) noexcept {
  if (i == 0 || i > s.size()) return -1;
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  auto at = static_cast<int32_t>(std::min<std::size_t>(i, INT32_MAX));
  UChar32 c;
  U8_PREV_OR_FFFD(bytes, 0, at, c);
  return c;
}

bool is_word_char(UChar32 c) noexcept {
  return c >= 0 && (u_isalnum(c) != 0 || c == '_');
}

// Characters that make digits part of a longer token. Letters of scripts
// written without spaces (kana, kanji) do not: "お電話は03-1234-5678まで".
// Nor does "." or ":" ("Tél.01 23 45 67 89", "Tel:+33...").
// `punctuation`: the ASCII marks that glue on that side.
bool glues(UChar32 c, std::string_view punctuation) noexcept {
  if (c < 0) return false;
  if (c < 0x80) return punctuation.find(static_cast<char>(c)) != std::string_view::npos || u_isalnum(c) != 0;
  if (c >= 0xff21 && c <= 0xff5a) return true;  // full-width Latin letters
  return c < 0x3000 && u_isalnum(c) != 0;
}

bool is_currency(UChar32 c) noexcept {
  return c >= 0 && u_charType(c) == U_CURRENCY_SYMBOL;
}

// ------------------------------------------------------------------ cues

enum Lang : unsigned { kEn = 1, kFr = 2, kEs = 4, kDe = 8, kJa = 16 };

struct Cue {
  std::string_view word;  // lowercase; CJK cues match anywhere
  unsigned langs = 0;     // 0: an identifier word, not a phone cue
  bool prefix = false;    // matches the start of a longer word (German compounds)
};

// Phone cues name the languages whose national formats they let us read;
// identifier cues ("order 0123456789") say the digits are not a phone.
constexpr std::array kCues = {
    // Phone cues. "tel" is written in every language, Japanese included
    // ("TEL：03-1234-5678").
    Cue{"tel", kEn | kFr | kEs | kDe | kJa}, Cue{"tél", kFr}, Cue{"phone", kEn}, Cue{"telephone", kEn | kFr},
    Cue{"call", kEn}, Cue{"calling", kEn}, Cue{"hotline", kEn | kDe}, Cue{"helpline", kEn}, Cue{"toll-free", kEn},
    Cue{"mobile", kEn | kFr}, Cue{"téléphone", kFr}, Cue{"appelez", kFr}, Cue{"appeler", kFr}, Cue{"appel", kFr},
    Cue{"portable", kFr}, Cue{"llame", kEs}, Cue{"llámenos", kEs}, Cue{"llamar", kEs}, Cue{"teléfono", kEs},
    Cue{"telefono", kEs}, Cue{"móvil", kEs}, Cue{"telefon", kDe, true}, Cue{"rufen", kDe}, Cue{"anrufen", kDe},
    Cue{"handy", kDe}, Cue{"mobil", kDe}, Cue{"電話", kJa}, Cue{"フリーダイヤル", kJa}, Cue{"ナビダイヤル", kJa},
    Cue{"携帯", kJa},
    // Identifier cues. Not "customer" or "client": "service client au 01 ..."
    // is how support lines are written.
    Cue{"order", 0}, Cue{"commande", 0}, Cue{"pedido", 0}, Cue{"bestell", 0, true}, Cue{"tracking", 0}, Cue{"suivi", 0},
    Cue{"seguimiento", 0}, Cue{"sendung", 0, true}, Cue{"invoice", 0}, Cue{"facture", 0}, Cue{"factura", 0},
    Cue{"rechnung", 0, true}, Cue{"iban", 0}, Cue{"bic", 0}, Cue{"swift", 0}, Cue{"ref", 0}, Cue{"reference", 0},
    Cue{"référence", 0}, Cue{"referencia", 0}, Cue{"account", 0}, Cue{"compte", 0}, Cue{"cuenta", 0},
    Cue{"konto", 0, true}, Cue{"kundennummer", 0}, Cue{"serial", 0}, Cue{"transaction", 0}, Cue{"注文", 0},
    Cue{"注文番号", 0}, Cue{"追跡", 0}, Cue{"お問い合わせ番号", 0}, Cue{"伝票番号", 0}, Cue{"口座", 0},
    Cue{"会員番号", 0}};

struct CueResult {
  unsigned langs = 0;  // union of the languages of the phone cues found
  bool any_phone = false;
  bool identifier_nearest = false;  // the cue closest to the number is an identifier
};

// Cues in the number's line, at most kCueWindow bytes on each side of
// [begin, end).
CueResult find_cues(std::string_view text, std::size_t begin, std::size_t end) {
  std::size_t from = begin > kCueWindow ? begin - kCueWindow : 0;
  std::size_t to = std::min(text.size(), end + kCueWindow);
  for (std::size_t p = begin; p > from; --p) {
    if (text[p - 1] == '\n') {
      from = p;
      break;
    }
  }
  for (std::size_t p = end; p < to; ++p) {
    if (text[p] == '\n') {
      to = p;
      break;
    }
  }
  std::string lower(text.substr(from, to - from));
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  CueResult result;
  std::size_t nearest = SIZE_MAX;
  for (const Cue& cue : kCues) {
    const bool cjk = static_cast<unsigned char>(cue.word[0]) >= 0xe3;
    for (std::size_t pos = lower.find(cue.word); pos != std::string::npos; pos = lower.find(cue.word, pos + 1)) {
      const std::size_t at = from + pos;
      const std::size_t after = at + cue.word.size();
      if (at < end && after > begin) continue;  // inside the number
      if (!cjk) {
        if (is_word_char(code_point_before(text, at))) continue;
        if (!cue.prefix && is_word_char(code_point_at(text, after))) continue;
      }
      const std::size_t distance = after <= begin ? begin - after : at - end;
      if (cue.langs != 0) {
        result.langs |= cue.langs;
        result.any_phone = true;
      }
      if (distance < nearest) {
        nearest = distance;
        result.identifier_nearest = cue.langs == 0;
      }
    }
  }
  return result;
}

// ------------------------------------------------------------ validation

bool valid_country_code_start(std::string_view d) noexcept {
  if (d.size() < 2 || d[0] == '0') return false;
  if (d[0] == '1' || d[0] == '7') return true;
  const int two = (d[0] - '0') * 10 + (d[1] - '0');
  // Zones 2-9 hold both 2-digit codes and blocks of 3-digit codes; only a
  // few 2-digit prefixes are spare (28, 83, 89 and 80 apart from 800/808).
  switch (two) {
    case 28:
    case 83:
    case 89:
      return false;
    case 80:
      return d.size() >= 3 && (d[2] == '0' || d[2] == '8');
    default:
      return true;
  }
}

bool starts_with(std::string_view s, std::string_view p) noexcept {
  return s.substr(0, p.size()) == p;
}

// `d`: country code and national number, no trunk prefix. The lengths of
// the countries we infer are checked exactly; others by E.164's bounds.
bool valid_international(std::string_view d) noexcept {
  if (d.size() < kMinE164Digits || d.size() > kMaxE164Digits || !valid_country_code_start(d)) return false;
  const auto digit_at = [&](std::size_t i) { return d[i]; };
  if (d[0] == '1') return d.size() == 11 && digit_at(1) >= '2' && digit_at(4) >= '2';  // NANP
  if (starts_with(d, "33")) return d.size() == 11 && digit_at(2) != '0';
  if (starts_with(d, "34")) return d.size() == 11;
  if (starts_with(d, "44")) return (d.size() == 11 || d.size() == 12) && digit_at(2) != '0';
  if (starts_with(d, "49")) return d.size() >= 9 && digit_at(2) != '0';
  if (starts_with(d, "81")) return (d.size() == 11 || d.size() == 12) && digit_at(2) != '0';
  return true;
}

// Countries that dial a trunk "0" nationally: "+33 01 ..." written with it
// is read without it (E.164 never has it).
bool drops_trunk_zero(std::string_view d) noexcept {
  for (std::string_view cc : {"31", "32", "33", "41", "43", "44", "49", "81"}) {
    if (starts_with(d, cc) && d.size() > 2 && d[2] == '0') return true;
  }
  return false;
}

struct Run {
  std::size_t begin = 0;  // first byte of the number as written
  std::size_t end = 0;    // after its last digit
  std::size_t next = 0;   // where the scan goes on
  bool plus = false;
  std::string digits;                            // ASCII
  std::array<std::size_t, kMaxGroups> groups{};  // digit counts of the groups
  std::size_t group_count = 0;
  bool too_many_groups = false;
  char separator = 0;       // the one separator used between groups, or '*' if mixed
  bool trunk_zero = false;  // an "(0)" group, dropped
  bool overflow = false;    // more than kMaxRunDigits digits
};

// The run starting at `i` (a digit, "+" or "(").
Run read_run(std::string_view s, std::size_t i) {
  Run run;
  run.begin = i;
  std::size_t j = i;
  std::size_t separators = 0;
  std::size_t open_at_digit = SIZE_MAX;  // digit count when the last "(" opened
  std::size_t group = 0;
  const auto close_group = [&] {
    if (group == 0) return;
    if (run.group_count < kMaxGroups) {
      run.groups[run.group_count++] = group;
    } else {
      run.too_many_groups = true;
    }
    group = 0;
  };
  while (j < s.size()) {
    const Unit u = read_unit(s, j);
    if (u.kind == UnitKind::digit) {
      if (run.digits.size() < kMaxRunDigits) {
        run.digits.push_back(u.digit);
      } else {
        run.overflow = true;
      }
      ++group;
      separators = 0;
      j += u.length;
      run.end = j;
      continue;
    }
    if (u.kind == UnitKind::plus) {
      if (!run.digits.empty() || run.plus) break;
      run.plus = true;
      j += u.length;
      continue;
    }
    if (u.kind == UnitKind::other || separators >= kMaxSeparatorRun) break;
    // A separator or a parenthesis.
    if (group > 0 && u.kind != UnitKind::close) {
      const char sep = u.kind == UnitKind::open ? '(' : u.separator;
      if (run.separator == 0) {
        run.separator = sep;
      } else if (run.separator != sep && sep != ' ') {
        run.separator = run.separator == ' ' ? sep : '*';
      }
    }
    if (u.kind == UnitKind::open) open_at_digit = run.digits.size();
    if (u.kind == UnitKind::close && open_at_digit != SIZE_MAX && run.digits.size() == open_at_digit + 1 &&
        run.digits.back() == '0' && open_at_digit > 0 && run.plus) {
      run.digits.pop_back();  // "+33 (0)1 ...": the trunk zero
      run.trunk_zero = true;
      group = 0;
    }
    close_group();
    ++separators;
    j += u.length;
  }
  close_group();
  run.next = std::max(j, i + 1);
  if (run.end == 0) run.end = run.begin;
  return run;
}

bool shape_is(const Run& run, std::initializer_list<std::size_t> shape) noexcept {
  if (run.group_count != shape.size()) return false;
  std::size_t k = 0;
  for (std::size_t g : shape) {
    if (run.groups[k++] != g) return false;
  }
  return true;
}

// "2024-01-15", "15.01.2024", "15/01/24": not phone numbers, whatever cue
// is near.
bool looks_like_date(const Run& run) noexcept {
  if (run.separator != '-' && run.separator != '.' && run.separator != '/') return false;
  return shape_is(run, {4, 2, 2}) || shape_is(run, {2, 2, 4}) || shape_is(run, {2, 2, 2}) || shape_is(run, {1, 2, 4}) ||
         shape_is(run, {2, 1, 4}) || shape_is(run, {1, 1, 4});
}

bool all_pairs(const Run& run) noexcept {
  if (run.group_count < 2) return false;
  for (std::size_t k = 0; k < run.group_count; ++k) {
    if (run.groups[k] != 2) return false;
  }
  return true;
}

// Japanese national numbers: three groups, the last of four digits
// ("03-1234-5678", "090-1234-5678", "0120-123-456" aside), or written
// without separators next to a Japanese cue.
bool japanese_shape(const Run& run) noexcept {
  if (run.group_count == 1) return true;
  return run.group_count == 3 && (run.groups[2] == 4 || run.groups[2] == 3) && run.groups[0] <= 5;
}

// The E.164 form of a national number under one language's reading, or
// empty.
std::string national_reading(const Run& run, unsigned lang) {
  const std::string& d = run.digits;
  const auto nanp = [](std::string_view ten) { return ten[0] >= '2' && ten[3] >= '2'; };
  switch (lang) {
    case kEn:
      if (d.size() == 10 && nanp(d)) return "+1" + d;
      if (d.size() == 11 && d[0] == '1' && nanp(std::string_view(d).substr(1))) return "+" + d;
      if (d.size() == 11 && d[0] == '0' && std::string_view("12378").find(d[1]) != std::string_view::npos) {
        return "+44" + d.substr(1);
      }
      return {};
    case kFr:
      if (d.size() == 10 && d[0] == '0' && d[1] != '0' && (run.group_count == 1 || all_pairs(run))) {
        return "+33" + d.substr(1);
      }
      return {};
    case kEs:
      if (d.size() == 9 && d[0] >= '6' && d[0] <= '9') return "+34" + d;
      return {};
    case kDe:
      if (d.size() >= 7 && d.size() <= 12 && d[0] == '0' && d[1] != '0' && !all_pairs(run) &&
          !(run.group_count == 3 && run.separator == '-')) {
        return "+49" + d.substr(1);
      }
      return {};
    case kJa:
      if ((d.size() == 10 || d.size() == 11) && d[0] == '0' && d[1] != '0' && japanese_shape(run)) {
        return "+81" + d.substr(1);
      }
      return {};
    default:
      return {};
  }
}

// The character right after the run (skipping spaces) says "amount".
bool currency_after(std::string_view s, std::size_t end) noexcept {
  std::size_t p = end;
  for (std::size_t k = 0; k < 2 && p < s.size() && s[p] == ' '; ++k) ++p;
  if (is_currency(code_point_at(s, p))) return true;
  std::string word;
  for (std::size_t k = 0; k < 3 && p + k < s.size(); ++k) {
    const char c = s[p + k];
    word.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c);
  }
  if (word == "EUR" || word == "USD" || word == "GBP" || word == "JPY" || word == "BTC" || word == "ETH") {
    return !is_word_char(code_point_at(s, p + 3));
  }
  return false;
}

bool currency_before(std::string_view s, std::size_t begin) noexcept {
  std::size_t p = begin;
  for (std::size_t k = 0; k < 2 && p > 0 && s[p - 1] == ' '; ++k) --p;
  return is_currency(code_point_before(s, p));
}

}  // namespace

std::vector<PhoneNumber> find_phone_numbers(std::string_view text) {
  std::vector<PhoneNumber> out;
  std::size_t candidates = 0;
  std::size_t i = 0;
  while (i < text.size() && out.size() < kMaxPhoneNumbers && candidates < kMaxPhoneCandidates) {
    const Unit u = read_unit(text, i);
    bool starts = u.kind == UnitKind::digit;
    if (u.kind == UnitKind::plus || u.kind == UnitKind::open) {
      // "+" and "(" start a number only right before a digit (or "(+").
      const std::size_t k = i + u.length;
      if (k < text.size()) {
        const Unit v = read_unit(text, k);
        starts = v.kind == UnitKind::digit || (u.kind == UnitKind::open && v.kind == UnitKind::plus);
      }
    }
    if (!starts) {
      i += u.length;
      continue;
    }
    Run run = read_run(text, i);
    i = run.next;
    if (run.digits.size() < 7) continue;  // too short for any number we read; not a candidate
    ++candidates;
    // Glued to a word, a link parameter, a code: "FR76 3000...", "id=0123...".
    // A comma glues before ("1,234567890") but not after ("call 0800 123 456, or").
    if (glues(code_point_before(text, run.begin), "#=&_/%-@+,") || glues(code_point_at(text, run.end), "#=&_%@")) {
      continue;
    }
    const UChar32 after = code_point_at(text, run.end);
    if ((after == ',' || after == '.') && run.end + 1 < text.size() && text[run.end + 1] >= '0' &&
        text[run.end + 1] <= '9') {
      continue;  // a decimal part: an amount
    }
    if (run.overflow || run.too_many_groups || currency_before(text, run.begin) || currency_after(text, run.end)) {
      continue;
    }
    std::string digits = run.digits;
    std::string e164;
    const bool double_zero = !run.plus && starts_with(digits, "00");
    if (run.plus || double_zero) {
      if (double_zero) {
        digits.erase(0, 2);
        if (find_cues(text, run.begin, run.end).identifier_nearest) continue;
      }
      if (drops_trunk_zero(digits)) digits.erase(2, 1);
      if (!valid_international(digits)) continue;
      e164 = "+" + digits;
    } else {
      if (looks_like_date(run)) continue;
      const CueResult cues = find_cues(text, run.begin, run.end);
      if (!cues.any_phone || cues.identifier_nearest) continue;
      // The country only if exactly one cued language reads the digits.
      for (unsigned lang : {kEn, kFr, kEs, kDe, kJa}) {
        if ((cues.langs & lang) == 0) continue;
        std::string reading = national_reading(run, lang);
        if (reading.empty() || reading == e164) continue;
        if (!e164.empty()) {
          e164.clear();
          break;
        }
        e164 = std::move(reading);
      }
      if (e164.empty() || !valid_international(std::string_view(e164).substr(1))) continue;
    }
    const bool seen = std::any_of(out.begin(), out.end(), [&](const PhoneNumber& p) { return p.e164 == e164; });
    if (!seen) {
      out.push_back(
          PhoneNumber{std::move(e164), std::string(text.substr(run.begin, run.end - run.begin)), run.begin, run.end});
    }
  }
  return out;
}

}  // namespace brandguard::policy::brand
