// Crypto address finder: candidates are maximal runs of ASCII letters and
// digits; each run of a plausible length is tried as each format it could
// be (by its first characters), and kept only if its checksum holds.
// SHA-256 comes from OpenSSL (libcrypto, already a dependency of DKIM);
// Keccak-256 is here because OpenSSL 3.0 has SHA3-256 but not the original
// Keccak padding Ethereum hashes with.
#include "brand/crypto_addresses.hpp"

#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "message/ascii.hpp"

namespace brandguard::policy::brand {

namespace {

// Shortest and longest address we look at: a base58check address is 25-35
// characters, an Ethereum one 42, bech32 at most 90 (BIP 173). Runs outside
// this range are not addresses and cost one pass to skip.
constexpr std::size_t kMinAddress = 25;
constexpr std::size_t kMaxAddress = 90;

bool is_ascii_alnum(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// ---------------------------------------------------------------- base58

// The Bitcoin alphabet: no 0, O, I, l.
constexpr std::string_view kBase58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
constexpr std::size_t kBase58checkBytes = 25;  // version, 20-byte hash, 4-byte checksum

// Decodes `s` into exactly 25 bytes (big-endian); false if a character is
// not base58, the value does not fit, or the encoding is not canonical
// (each leading '1' stands for one leading zero byte, no more, no less).
bool base58_decode25(std::string_view s, std::array<std::uint8_t, kBase58checkBytes>& out) noexcept {
  out.fill(0);
  for (char c : s) {
    const std::size_t digit = kBase58.find(c);
    if (digit == std::string_view::npos) return false;
    unsigned carry = static_cast<unsigned>(digit);
    for (std::size_t j = kBase58checkBytes; j-- > 0;) {
      carry += 58u * out[j];
      out[j] = static_cast<std::uint8_t>(carry & 0xffu);
      carry >>= 8;
    }
    if (carry != 0) return false;  // more than 25 bytes
  }
  std::size_t ones = 0;
  while (ones < s.size() && s[ones] == '1') ++ones;
  std::size_t zeros = 0;
  while (zeros < out.size() && out[zeros] == 0) ++zeros;
  return ones == zeros;
}

bool base58check_version(std::string_view s, std::uint8_t& version) noexcept {
  std::array<std::uint8_t, kBase58checkBytes> bytes{};
  if (!base58_decode25(s, bytes)) return false;
  std::uint8_t first[SHA256_DIGEST_LENGTH];
  std::uint8_t second[SHA256_DIGEST_LENGTH];
  SHA256(bytes.data(), 21, first);
  SHA256(first, sizeof first, second);
  if (std::memcmp(second, bytes.data() + 21, 4) != 0) return false;
  version = bytes[0];
  return true;
}

bool valid_base58(std::string_view s, CryptoKind& kind) noexcept {
  if (s.size() < kMinAddress || s.size() > 35) return false;
  std::uint8_t version = 0xff;
  if (!base58check_version(s, version)) return false;
  switch (version) {
    case 0x00:  // P2PKH "1..."
    case 0x05:  // P2SH "3..." (Litecoin used it too before 0x32; reported as Bitcoin)
      kind = CryptoKind::bitcoin;
      return true;
    case 0x30:  // Litecoin P2PKH "L..."
    case 0x32:  // Litecoin P2SH "M..."
      kind = CryptoKind::litecoin;
      return true;
    case 0x41:  // TRON "T..."
      kind = CryptoKind::tron;
      return s.size() == 34;
    default:
      return false;
  }
}

// ---------------------------------------------------------------- bech32

constexpr std::string_view kBech32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
constexpr std::uint32_t kBech32Const = 1;
constexpr std::uint32_t kBech32mConst = 0x2bc830a3;

std::uint32_t bech32_polymod_step(std::uint32_t chk, std::uint32_t value) noexcept {
  constexpr std::array<std::uint32_t, 5> kGen = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
  const std::uint32_t top = chk >> 25;
  chk = ((chk & 0x1ffffff) << 5) ^ value;
  for (std::size_t i = 0; i < kGen.size(); ++i) {
    if (((top >> i) & 1u) != 0) chk ^= kGen[i];
  }
  return chk;
}

// BIP 173 / BIP 350 segwit address with human-readable part "bc" or "ltc".
bool valid_segwit(std::string_view s, CryptoKind& kind) noexcept {
  if (s.size() < 14 || s.size() > kMaxAddress) return false;
  bool lower = false;
  bool upper = false;
  for (char c : s) {
    lower |= c >= 'a' && c <= 'z';
    upper |= c >= 'A' && c <= 'Z';
  }
  if (lower && upper) return false;  // mixed case is invalid bech32
  // The separator is the last '1' (the digit, in either case); the data
  // part holds at least the witness version and the 6 checksum characters.
  const std::size_t one = s.rfind('1');
  if (one == std::string_view::npos || one == 0 || one > 3 || s.size() - one - 1 < 7) return false;
  std::array<char, 4> hrp{};
  for (std::size_t i = 0; i < one; ++i) hrp[i] = static_cast<char>(s[i] | 0x20);  // lowercase
  const std::string_view hrp_view(hrp.data(), one);
  if (hrp_view == "bc") {
    kind = CryptoKind::bitcoin;
  } else if (hrp_view == "ltc") {
    kind = CryptoKind::litecoin;
  } else {
    return false;
  }
  std::uint32_t chk = 1;
  for (char c : hrp_view) chk = bech32_polymod_step(chk, static_cast<std::uint32_t>(c) >> 5);
  chk = bech32_polymod_step(chk, 0);
  for (char c : hrp_view) chk = bech32_polymod_step(chk, static_cast<std::uint32_t>(c) & 31u);
  std::array<std::uint8_t, kMaxAddress> data{};
  std::size_t n = 0;
  for (std::size_t i = one + 1; i < s.size(); ++i) {
    const std::size_t v = kBech32.find(static_cast<char>(s[i] | 0x20));
    if (v == std::string_view::npos) return false;
    data[n++] = static_cast<std::uint8_t>(v);
    chk = bech32_polymod_step(chk, static_cast<std::uint32_t>(v));
  }
  const std::uint8_t witness_version = data[0];
  if (witness_version > 16) return false;
  const std::uint32_t wanted = witness_version == 0 ? kBech32Const : kBech32mConst;
  if (chk != wanted) return false;
  // The witness program: 5-bit groups after the version, before the 6
  // checksum characters, regrouped into bytes; at most 4 bits of zero
  // padding.
  std::uint32_t acc = 0;
  unsigned bits = 0;
  std::size_t program = 0;
  for (std::size_t i = 1; i + 6 < n; ++i) {
    acc = (acc << 5) | data[i];
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      ++program;
    }
  }
  if (bits > 4 || (acc & ((1u << bits) - 1)) != 0) return false;
  if (program < 2 || program > 40) return false;
  if (witness_version == 0 && program != 20 && program != 32) return false;
  return true;
}

// -------------------------------------------------------------- ethereum


bool valid_ethereum(std::string_view s) noexcept {
  if (s.size() != 42 || s[0] != '0' || s[1] != 'x') return false;
  bool lower = false;
  bool upper = false;
  std::array<char, 40> lowered{};
  for (std::size_t i = 0; i < 40; ++i) {
    const char c = s[i + 2];
    if (hex_digit_value(c) < 0) return false;
    lower |= c >= 'a' && c <= 'f';
    upper |= c >= 'A' && c <= 'F';
    lowered[i] = static_cast<char>(c >= 'A' && c <= 'F' ? c | 0x20 : c);
  }
  if (!(lower && upper)) return true;  // no checksum to verify
  // EIP-55: a letter is upper case iff the matching nibble of
  // keccak256(lowercase hex) is 8 or more.
  std::uint8_t hash[32];
  keccak256(std::string_view(lowered.data(), lowered.size()), hash);
  for (std::size_t i = 0; i < 40; ++i) {
    const char c = s[i + 2];
    if (c >= '0' && c <= '9') continue;
    const unsigned nibble = (i % 2 == 0) ? hash[i / 2] >> 4 : hash[i / 2] & 0x0fu;
    const bool want_upper = nibble >= 8;
    if (want_upper != (c >= 'A' && c <= 'F')) return false;
  }
  return true;
}

// ---------------------------------------------------------------- keccak

constexpr std::array<std::uint64_t, 24> kRoundConstants = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL, 0x000000000000808bULL,
    0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL, 0x000000000000008aULL, 0x0000000000000088ULL,
    0x0000000080008009ULL, 0x000000008000000aULL, 0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL,
    0x8000000000008003ULL, 0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL};
// Rotation offsets and lane order of the combined rho and pi steps.
constexpr std::array<unsigned, 24> kRho = {1,  3,  6,  10, 15, 21, 28, 36, 45, 55, 2,  14,
                                           27, 41, 56, 8,  25, 43, 62, 18, 39, 61, 20, 44};
constexpr std::array<unsigned, 24> kPi = {10, 7,  11, 17, 18, 3, 5,  16, 8,  21, 24, 4,
                                          15, 23, 19, 13, 12, 2, 20, 14, 22, 9,  6,  1};

std::uint64_t rotl(std::uint64_t x, unsigned n) noexcept {
  return (x << n) | (x >> (64 - n));
}

void keccak_f1600(std::array<std::uint64_t, 25>& a) noexcept {
  for (std::uint64_t rc : kRoundConstants) {
    std::array<std::uint64_t, 5> c{};
    for (std::size_t x = 0; x < 5; ++x) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
    for (std::size_t x = 0; x < 5; ++x) {
      const std::uint64_t d = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1);
      for (std::size_t y = 0; y < 25; y += 5) a[y + x] ^= d;
    }
    std::uint64_t current = a[1];
    for (std::size_t i = 0; i < 24; ++i) {
      const std::size_t j = kPi[i];
      const std::uint64_t next = a[j];
      a[j] = rotl(current, kRho[i]);
      current = next;
    }
    for (std::size_t y = 0; y < 25; y += 5) {
      std::array<std::uint64_t, 5> row{};
      for (std::size_t x = 0; x < 5; ++x) row[x] = a[y + x];
      for (std::size_t x = 0; x < 5; ++x) a[y + x] = row[x] ^ (~row[(x + 1) % 5] & row[(x + 2) % 5]);
    }
    a[0] ^= rc;
  }
}

}  // namespace

void keccak256(std::string_view data, std::uint8_t out[32]) noexcept {
  constexpr std::size_t kRate = 136;  // bytes: 1600 - 2 * 256 bits
  std::array<std::uint64_t, 25> state{};
  const auto absorb = [&state](const std::uint8_t* block) {
    for (std::size_t i = 0; i < kRate / 8; ++i) {
      std::uint64_t lane = 0;
      for (std::size_t b = 0; b < 8; ++b) lane |= static_cast<std::uint64_t>(block[i * 8 + b]) << (8 * b);
      state[i] ^= lane;
    }
    keccak_f1600(state);
  };
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(data.data());
  std::size_t left = data.size();
  while (left >= kRate) {
    absorb(bytes);
    bytes += kRate;
    left -= kRate;
  }
  std::array<std::uint8_t, kRate> last{};
  if (left > 0) std::memcpy(last.data(), bytes, left);
  last[left] ^= 0x01;  // Keccak padding (SHA-3 would be 0x06)
  last[kRate - 1] ^= 0x80;
  absorb(last.data());
  for (std::size_t i = 0; i < 32; ++i) out[i] = static_cast<std::uint8_t>(state[i / 8] >> (8 * (i % 8)));
}

std::string_view to_string(CryptoKind kind) noexcept {
  switch (kind) {
    case CryptoKind::bitcoin:
      return "bitcoin";
    case CryptoKind::litecoin:
      return "litecoin";
    case CryptoKind::ethereum:
      return "ethereum";
    case CryptoKind::tron:
      return "tron";
  }
  return "bitcoin";
}

bool valid_crypto_address(std::string_view s, CryptoKind* kind) noexcept {
  CryptoKind found = CryptoKind::bitcoin;
  bool ok = false;
  if (s.size() < kMinAddress || s.size() > kMaxAddress) return false;
  if (s.size() == 42 && s[0] == '0' && s[1] == 'x') {
    found = CryptoKind::ethereum;
    ok = valid_ethereum(s);
  } else if ((s.size() > 3 && (s[0] | 0x20) == 'b' && (s[1] | 0x20) == 'c' && s[2] == '1') ||
             (s.size() > 4 && (s[0] | 0x20) == 'l' && (s[1] | 0x20) == 't' && (s[2] | 0x20) == 'c' && s[3] == '1')) {
    ok = valid_segwit(s, found);
  } else if (s[0] == '1' || s[0] == '3' || s[0] == 'L' || s[0] == 'M' || s[0] == 'T') {
    ok = valid_base58(s, found);
  }
  if (ok && kind != nullptr) *kind = found;
  return ok;
}

std::vector<CryptoAddress> find_crypto_addresses(std::string_view text) {
  std::vector<CryptoAddress> out;
  std::size_t i = 0;
  while (i < text.size() && out.size() < kMaxCryptoAddresses) {
    if (!is_ascii_alnum(text[i])) {
      ++i;
      continue;
    }
    const std::size_t begin = i;
    while (i < text.size() && is_ascii_alnum(text[i])) ++i;
    const std::string_view run = text.substr(begin, i - begin);
    CryptoKind kind = CryptoKind::bitcoin;
    if (!valid_crypto_address(run, &kind)) continue;
    const bool seen = std::any_of(out.begin(), out.end(), [run](const CryptoAddress& a) { return a.address == run; });
    if (!seen) out.push_back(CryptoAddress{kind, std::string(run), begin, i});
  }
  return out;
}

}  // namespace brandguard::policy::brand
