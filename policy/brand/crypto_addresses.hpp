// Crypto addresses in mail text: the "send 0.3 BTC to ..." of extortion
// and fake-refund mail. Only addresses whose format carries a checksum and
// whose checksum holds are reported, so a random run of letters and digits
// (tracking numbers, tokens in links) is not an address:
//   - Bitcoin legacy P2PKH / P2SH ("1...", "3...": base58check, versions
//     0x00 / 0x05), Litecoin ("L..." 0x30, "M..." 0x32) and TRON ("T..."
//     0x41): base58check, 25 bytes, double SHA-256 checksum;
//   - Bitcoin / Litecoin segwit ("bc1...", "ltc1..."): bech32 (witness v0)
//     or bech32m (v1+, BIP 350), with the witness program length rules;
//   - Ethereum ("0x" + 40 hex): EIP-55 mixed-case checksum (Keccak-256)
//     when the letters are mixed case; all-lower or all-upper carry no
//     checksum and are accepted as they are.
//
// Called by ContentSignalScanner::scan on the decoded subject and text.
// Bounded: one linear pass over ASCII alphanumeric runs; runs longer than
// any address are skipped whole; at most kMaxCryptoAddresses results.
// Thread safety: pure functions. Errors: none; invalid input is simply not
// an address. Never throws except std::bad_alloc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace brandguard::policy::brand {

inline constexpr std::size_t kMaxCryptoAddresses = 8;

enum class CryptoKind {
  bitcoin,   // legacy base58check or bech32/bech32m
  litecoin,  // legacy base58check or ltc1 bech32/bech32m
  ethereum,  // 0x + 40 hex (also every EVM chain)
  tron,      // base58check, version 0x41
};

std::string_view to_string(CryptoKind kind) noexcept;

struct CryptoAddress {
  CryptoKind kind = CryptoKind::bitcoin;
  std::string address;    // as written
  std::size_t begin = 0;  // byte offsets in the scanned text
  std::size_t end = 0;
};

// Valid addresses in `text`, each once (as written), in text order, at most
// kMaxCryptoAddresses.
std::vector<CryptoAddress> find_crypto_addresses(std::string_view text);

// One candidate, the whole string: its kind if it is a valid address.
bool valid_crypto_address(std::string_view candidate, CryptoKind* kind = nullptr) noexcept;

// Keccak-256 (the original Keccak padding Ethereum uses, not SHA3-256).
// Exposed for its test vectors.
void keccak256(std::string_view data, std::uint8_t out[32]) noexcept;

}  // namespace brandguard::policy::brand
