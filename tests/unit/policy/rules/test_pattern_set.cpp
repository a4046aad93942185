#include <catch2/catch.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "rules/pattern_set.hpp"

using namespace brandguard::policy::rules;

namespace {
std::shared_ptr<const PatternSet> compile_ok(const std::vector<PatternSpec>& specs) {
  auto set = PatternSet::compile(specs);
  if (!set) FAIL(set.error());
  return *set;
}
std::vector<unsigned> scan(const PatternSet& set, std::string_view text) {
  std::vector<unsigned> ids;
  REQUIRE(set.scan(text, ids));
  return ids;
}
}  // namespace

TEST_CASE("patterns: literal phrases in five languages, caseless, in one pass", "[rules]") {
  auto set = compile_ok({{"recovery phrase", true, 1},
                         {"phrase de récupération", true, 2},
                         {"frase de recuperación", true, 3},
                         {"Wiederherstellungsphrase", true, 4},
                         {"リカバリーフレーズ", true, 5},
                         {"24 words", true, 6}});
  CHECK(scan(*set, "Please confirm your RECOVERY PHRASE today") == std::vector<unsigned>{1});
  CHECK(scan(*set, "Saisissez votre PHRASE DE RÉCUPÉRATION") == std::vector<unsigned>{2});
  CHECK(scan(*set, "Ingrese su frase de recuperación y sus 24 words") == std::vector<unsigned>{3, 6});
  CHECK(scan(*set, "Bitte geben Sie Ihre wiederherstellungsphrase ein") == std::vector<unsigned>{4});
  CHECK(scan(*set, "24単語のリカバリーフレーズを入力") == std::vector<unsigned>{5});
  CHECK(scan(*set, "nothing here").empty());
  CHECK(scan(*set, "").empty());
}

TEST_CASE("patterns: literal punctuation is not regex syntax", "[rules]") {
  auto set = compile_ok({{"a.b (c)*", true, 7}});
  CHECK(scan(*set, "x a.b (c)* y") == std::vector<unsigned>{7});
  CHECK(scan(*set, "axb cc").empty());
}

TEST_CASE("patterns: regexes, and a pathological one stays linear", "[rules]") {
  auto set = compile_ok({{"(a+)+b", false, 1}, {"bc1[a-z0-9]{25,39}", false, 2}, {"order\\s*#?\\s*[0-9]{5,}", false, 3}});
  CHECK(scan(*set, std::string(100000, 'a')).empty());  // catastrophic for a backtracking engine
  CHECK(scan(*set, "send to bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh now") == std::vector<unsigned>{2});
  CHECK(scan(*set, "Your ORDER #12345 was held") == std::vector<unsigned>{3});
}

TEST_CASE("patterns: a bad regex is refused with its index", "[rules]") {
  auto set = PatternSet::compile({{"fine", true, 1}, {"a(b", false, 2}});
  REQUIRE_FALSE(set);
  CHECK(set.error().rfind("pattern 1 (\"a(b\"):", 0) == 0);
}

TEST_CASE("patterns: many threads scan one set, each with its own scratch", "[rules]") {
  auto set = compile_ok({{"seed phrase", true, 1}});
  std::atomic<int> hits{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        std::vector<unsigned> ids;
        if (set->scan("please type your seed phrase", ids) && ids.size() == 1) ++hits;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(hits == 2000);
}

TEST_CASE("patterns: an empty set matches nothing", "[rules]") {
  auto set = compile_ok({});
  CHECK(scan(*set, "anything").empty());
  CHECK(escape_literal("a b.c") == "a\\x20b\\x2ec");
}
