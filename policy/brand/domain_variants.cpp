#include "brand/domain_variants.hpp"

#include <array>
#include <unordered_set>

namespace brandguard::policy::brand {

namespace {

constexpr std::size_t kMaxLabelOctets = 63;

// Rows of a QWERTY keyboard; each row sits half a key to the right of the
// one above it, so key i touches keys i and i+1 of the row above and keys
// i-1 and i of the row below.
constexpr std::array<std::string_view, 4> kRows = {"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"};

bool is_ldh(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }
bool is_alnum(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool valid_label(std::string_view label) noexcept {
  if (label.empty() || label.size() > kMaxLabelOctets) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  if (label.size() >= 4 && label[2] == '-' && label[3] == '-') return false;  // reserved (xn--)
  for (const char c : label) {
    if (!is_ldh(c)) return false;
  }
  return true;
}

class Collector {
 public:
  explicit Collector(std::string_view original) : original_(original) {}
  void add(std::string candidate, LookalikeKind kind) {
    if (candidate == original_ || !valid_label(candidate)) return;
    if (!seen_.insert(candidate).second) return;
    out_.push_back(LabelVariant{std::move(candidate), kind});
  }
  std::vector<LabelVariant> take() { return std::move(out_); }

 private:
  std::string_view original_;
  std::unordered_set<std::string> seen_;
  std::vector<LabelVariant> out_;
};

bool is_vowel(char c) noexcept { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

}  // namespace

std::string qwerty_neighbours(char c) {
  std::string out;
  for (std::size_t row = 0; row < kRows.size(); ++row) {
    const std::size_t col = kRows[row].find(c);
    if (col == std::string_view::npos) continue;
    auto take = [&](std::size_t r, std::size_t k) {
      if (r < kRows.size() && k < kRows[r].size()) out.push_back(kRows[r][k]);
    };
    if (col > 0) take(row, col - 1);
    take(row, col + 1);
    if (row > 0) {
      take(row - 1, col);
      take(row - 1, col + 1);
    }
    if (col > 0) take(row + 1, col - 1);
    take(row + 1, col);
    break;
  }
  return out;
}

std::vector<LabelVariant> label_variants(std::string_view label) {
  if (label.size() < kMinVariantLabel || !valid_label(label)) return {};
  Collector c(label);
  const std::size_t n = label.size();
  const std::string base(label);

  for (std::size_t i = 0; i < n; ++i) {  // ledgger
    if (!is_alnum(base[i])) continue;
    std::string v = base;
    v.insert(i, 1, base[i]);
    c.add(std::move(v), LookalikeKind::repetition);
  }
  for (std::size_t i = 0; i + 1 < n; ++i) {  // ledgre
    if (base[i] == base[i + 1]) continue;
    std::string v = base;
    std::swap(v[i], v[i + 1]);
    c.add(std::move(v), LookalikeKind::transposition);
  }
  for (std::size_t i = 0; i < n; ++i) {  // ledgr
    std::string v = base;
    v.erase(i, 1);
    c.add(std::move(v), LookalikeKind::omission);
  }
  for (std::size_t i = 0; i < n; ++i) {  // ledgar
    if (!is_vowel(base[i])) continue;
    for (const char vowel : std::string_view("aeiou")) {
      if (vowel == base[i]) continue;
      std::string v = base;
      v[i] = vowel;
      c.add(std::move(v), LookalikeKind::vowel_swap);
    }
  }
  for (std::size_t i = 1; i < n; ++i) {  // led-ger
    std::string v = base;
    v.insert(i, 1, '-');
    c.add(std::move(v), LookalikeKind::hyphenation);
  }
  for (std::size_t i = 0; i < n; ++i) {  // ledher
    for (const char k : qwerty_neighbours(base[i])) {
      std::string v = base;
      v[i] = k;
      c.add(std::move(v), LookalikeKind::replacement);
    }
  }
  for (std::size_t i = 0; i < n; ++i) {  // ledfger, ledeger
    for (const char k : qwerty_neighbours(base[i])) {
      std::string before = base;
      before.insert(i, 1, k);
      c.add(std::move(before), LookalikeKind::insertion);
      std::string after = base;
      after.insert(i + 1, 1, k);
      c.add(std::move(after), LookalikeKind::insertion);
    }
  }
  for (const char k : std::string_view("abcdefghijklmnopqrstuvwxyz0123456789")) {  // ledgera, ledger1
    c.add(base + k, LookalikeKind::addition);
  }
  for (std::size_t i = 0; i < n; ++i) {  // ledgez ('r' ^ 0x08)
    for (int bit = 0; bit < 8; ++bit) {
      const char flipped = static_cast<char>(static_cast<unsigned char>(base[i]) ^ (1u << bit));
      if (!is_ldh(flipped)) continue;
      std::string v = base;
      v[i] = flipped;
      c.add(std::move(v), LookalikeKind::bitsquatting);
    }
  }
  return c.take();
}

}  // namespace brandguard::policy::brand
