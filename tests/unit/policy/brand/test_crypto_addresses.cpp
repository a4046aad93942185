#include <catch2/catch.hpp>
#include <cstdint>
#include <string>

#include "brand/crypto_addresses.hpp"

using namespace brandguard::policy::brand;

namespace {

std::string hex(const std::uint8_t* bytes, std::size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(kHex[bytes[i] >> 4]);
    out.push_back(kHex[bytes[i] & 15]);
  }
  return out;
}

std::string keccak_hex(std::string_view data) {
  std::uint8_t out[32];
  keccak256(data, out);
  return hex(out, 32);
}

CryptoKind kind_of(std::string_view address) {
  CryptoKind kind = CryptoKind::bitcoin;
  REQUIRE(valid_crypto_address(address, &kind));
  return kind;
}

}  // namespace

TEST_CASE("crypto: Keccak-256 test vectors (Ethereum's padding, not SHA3-256)", "[crypto]") {
  CHECK(keccak_hex("") == "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  CHECK(keccak_hex("abc") == "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  // More than one 136-byte block.
  const std::string long_input(200, 'a');
  CHECK(keccak_hex(long_input) != keccak_hex(std::string(199, 'a')));
  CHECK(keccak_hex(long_input).size() == 64);
}

TEST_CASE("crypto: Bitcoin legacy base58check addresses, versions 0x00 and 0x05", "[crypto]") {
  CHECK(kind_of("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa") == CryptoKind::bitcoin);  // the genesis block's
  CHECK(kind_of("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy") == CryptoKind::bitcoin);  // BIP 13's P2SH example
  // One character changed: the double SHA-256 checksum no longer holds.
  CHECK_FALSE(valid_crypto_address("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb"));
  CHECK_FALSE(valid_crypto_address("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN"));
  CHECK_FALSE(valid_crypto_address("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLz"));
  // Characters outside the base58 alphabet (0, O, I, l).
  CHECK_FALSE(valid_crypto_address("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0"));
  CHECK_FALSE(valid_crypto_address("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNl"));
  // A non-canonical leading "1" (an extra zero byte) is refused.
  CHECK_FALSE(valid_crypto_address("11A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"));
}

TEST_CASE("crypto: TRON and Litecoin base58check addresses", "[crypto]") {
  CHECK(kind_of("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t") == CryptoKind::tron);  // USDT's TRC-20 contract
  CHECK_FALSE(valid_crypto_address("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u"));
  // Version 0x30 ("L") and 0x32 ("M") over the same 20-byte hash.
  CHECK(kind_of("LLs7UEjm2SBPiA46VTvG79cwZ24zo7TRzJ") == CryptoKind::litecoin);
  CHECK(kind_of("M9YKSTLLSo79M2LGYJau5QAWp2atFkbY2Z") == CryptoKind::litecoin);
  CHECK_FALSE(valid_crypto_address("LLs7UEjm2SBPiA46VTvG79cwZ24zo7TRzK"));
}

TEST_CASE("crypto: bech32 and bech32m segwit addresses with their checksums", "[crypto]") {
  CHECK(kind_of("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq") == CryptoKind::bitcoin);
  CHECK(kind_of("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4") == CryptoKind::bitcoin);  // BIP 173, upper case
  CHECK(kind_of("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4") == CryptoKind::bitcoin);
  // Taproot (witness v1, bech32m, BIP 86's first address).
  CHECK(kind_of("bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297") == CryptoKind::bitcoin);
  CHECK(kind_of("ltc1qz8ln83hmjsn9tmanuvx0fs8ajh677jp68w44u9") == CryptoKind::litecoin);
  // One character changed.
  CHECK_FALSE(valid_crypto_address("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp"));
  CHECK_FALSE(valid_crypto_address("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdqq"));
  // Mixed case is not bech32.
  CHECK_FALSE(valid_crypto_address("bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"));
  // Witness v0 with the bech32m constant, v1 with the bech32 one (BIP 350).
  CHECK_FALSE(valid_crypto_address("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh"));
  CHECK_FALSE(valid_crypto_address("bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zs2a8zr3"));
  // A v0 program of 21 bytes (only 20 and 32 exist); testnet.
  CHECK_FALSE(valid_crypto_address("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kqy3ng7pl"));
  CHECK_FALSE(valid_crypto_address("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"));
}

TEST_CASE("crypto: Ethereum addresses, EIP-55 checksum when mixed case", "[crypto]") {
  // EIP-55's test vectors.
  for (const char* address :
       {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
        "0x52908400098527886E0F7030069857D2E4169EE7", "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77", "0x27b1fdb04752bbc536007a920d24acb045561c26"}) {
    INFO(address);
    CHECK(kind_of(address) == CryptoKind::ethereum);
  }
  // One letter's case flipped breaks the checksum.
  CHECK_FALSE(valid_crypto_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"));
  CHECK_FALSE(valid_crypto_address("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));
  // Not hex, too short, too long.
  CHECK_FALSE(valid_crypto_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg"));
  CHECK_FALSE(valid_crypto_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA"));
  CHECK_FALSE(valid_crypto_address("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed00"));
}

TEST_CASE("crypto: finding addresses in text, as written, each once, in order", "[crypto]") {
  const std::string text =
      "Send 0.3 BTC to 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa, or ETH to <0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed>.\n"
      "Again: bitcoin:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa?amount=0.3 and (bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq).";
  const auto found = find_crypto_addresses(text);
  REQUIRE(found.size() == 3);
  CHECK(found[0].address == "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa");
  CHECK(found[0].kind == CryptoKind::bitcoin);
  CHECK(text.substr(found[0].begin, found[0].end - found[0].begin) == found[0].address);
  CHECK(found[1].address == "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
  CHECK(found[1].kind == CryptoKind::ethereum);
  CHECK(found[2].address == "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq");
  CHECK(to_string(found[1].kind) == "ethereum");
}

TEST_CASE("crypto: look-alike runs are not addresses", "[crypto]") {
  // Glued to other letters, a wrong checksum, tracking numbers, hashes.
  CHECK(find_crypto_addresses("x1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa").empty());
  CHECK(find_crypto_addresses("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb").empty());
  CHECK(find_crypto_addresses("Tracking 1Z999AA10123456784 and JD014600006281234567").empty());
  CHECK(find_crypto_addresses("sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855").empty());
  CHECK(find_crypto_addresses("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp").empty());
  CHECK(find_crypto_addresses("").empty());
}

TEST_CASE("crypto: at most eight addresses, and long runs cost one pass", "[crypto]") {
  std::string text;
  for (const char* a : {"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
                        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
                        "LLs7UEjm2SBPiA46VTvG79cwZ24zo7TRzJ", "M9YKSTLLSo79M2LGYJau5QAWp2atFkbY2Z",
                        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
                        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"}) {
    text += a;
    text += ' ';
    text += a;  // twice: reported once
    text += '\n';
  }
  const auto found = find_crypto_addresses(text);
  CHECK(found.size() == kMaxCryptoAddresses);
  CHECK(found.back().address == "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");
  CHECK(find_crypto_addresses(std::string(1 << 20, 'a')).empty());
}
