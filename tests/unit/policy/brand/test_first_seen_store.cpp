#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "brand/first_seen_store.hpp"

using brandguard::policy::brand::FirstSeenStore;

namespace {

// A fresh path in a private mkdtemp directory (never a guessable /tmp
// name: S6, CVE-2020-35766), removed with it at scope end.
struct TempPath {
  std::filesystem::path dir;
  std::filesystem::path path;
  explicit TempPath(const char* name) {
    std::string pattern = (std::filesystem::temp_directory_path() / "bg-first-seen-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir = pattern;
    path = dir / name;
  }
  ~TempPath() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

constexpr std::uint32_t kDay = 20'000;

FirstSeenStore::Options small(unsigned learn_days = 0) {
  FirstSeenStore::Options o;
  o.slots = 1024;
  o.learn_days = learn_days;
  return o;
}

}  // namespace

TEST_CASE("first-seen: a domain keeps the day it was first seen", "[first_seen]") {
  TempPath tmp("basic");
  auto store = FirstSeenStore::open(tmp.path.string(), small(), kDay);
  REQUIRE(store);
  CHECK((*store)->slots() == 1024);
  CHECK((*store)->peek("example.com") == 0);
  CHECK((*store)->observe("example.com", kDay) == kDay);
  CHECK((*store)->observe("example.com", kDay + 5) == kDay);
  CHECK((*store)->peek("example.com") == kDay);
  CHECK((*store)->observe("other.example", kDay + 5) == kDay + 5);
  CHECK(std::filesystem::file_size(tmp.path) == 32 + 1024 * 8);
}

TEST_CASE("first-seen: the file survives and a second mapping sees writes at once", "[first_seen]") {
  TempPath tmp("persist");
  auto a = FirstSeenStore::open(tmp.path.string(), small(), kDay);
  REQUIRE(a);
  auto b = FirstSeenStore::open(tmp.path.string(), small(), kDay + 9);  // a reload maps the file again
  REQUIRE(b);
  CHECK((*b)->created_day() == kDay);  // the file's creation day, not the opener's
  (*a)->observe("ledger-verify.example", kDay + 1);
  CHECK((*b)->peek("ledger-verify.example") == kDay + 1);
  a->reset();
  b->reset();
  auto again = FirstSeenStore::open(tmp.path.string(), small(), kDay + 30);
  REQUIRE(again);
  CHECK((*again)->peek("ledger-verify.example") == kDay + 1);
}

TEST_CASE("first-seen: nothing is new while the store is learning", "[first_seen]") {
  TempPath tmp("learn");
  auto store = FirstSeenStore::open(tmp.path.string(), small(7), kDay);
  REQUIRE(store);
  CHECK((*store)->learning(kDay));
  CHECK((*store)->learning(kDay + 6));
  CHECK_FALSE((*store)->learning(kDay + 7));
  CHECK((*store)->learning(kDay - 1));  // clock went back: stay careful
}

TEST_CASE("first-seen: read-only stores look but never write", "[first_seen]") {
  TempPath tmp("readonly");
  {
    auto rw = FirstSeenStore::open(tmp.path.string(), small(), kDay);
    REQUIRE(rw);
    (*rw)->observe("known.example", kDay);
  }
  FirstSeenStore::Options options = small();
  options.read_only = true;
  auto ro = FirstSeenStore::open(tmp.path.string(), options, kDay);
  REQUIRE(ro);
  CHECK((*ro)->observe("known.example", kDay + 3) == kDay);
  CHECK((*ro)->observe("unknown.example", kDay + 3) == kDay + 3);
  CHECK((*ro)->peek("unknown.example") == 0);

  TempPath missing("missing");
  auto none = FirstSeenStore::open(missing.path.string(), options, kDay);
  REQUIRE_FALSE(none);
  CHECK(none.error().find("cannot open") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(missing.path));
}

TEST_CASE("first-seen: a file that is not a store is refused and left alone", "[first_seen]") {
  TempPath tmp("foreign");
  {
    std::ofstream out(tmp.path);
    out << "postmaster notes, not a store\n";
  }
  const auto size = std::filesystem::file_size(tmp.path);
  auto store = FirstSeenStore::open(tmp.path.string(), small(), kDay);
  REQUIRE_FALSE(store);
  CHECK(store.error().find("not a BrandGuard first-seen store") != std::string::npos);
  CHECK(std::filesystem::file_size(tmp.path) == size);

  TempPath cut("cut");
  {
    auto made = FirstSeenStore::open(cut.path.string(), small(), kDay);
    REQUIRE(made);
  }
  std::filesystem::resize_file(cut.path, 32 + 100 * 8);  // truncated behind our back
  auto damaged = FirstSeenStore::open(cut.path.string(), small(), kDay);
  REQUIRE_FALSE(damaged);
  CHECK(damaged.error().find("wrong size") != std::string::npos);

  auto directory = FirstSeenStore::open(std::filesystem::temp_directory_path().string(), small(), kDay);
  REQUIRE_FALSE(directory);
}

TEST_CASE("first-seen: a full table forgets the oldest and stays bounded", "[first_seen]") {
  TempPath tmp("full");
  auto store = FirstSeenStore::open(tmp.path.string(), small(), kDay);
  REQUIRE(store);
  // Ten times more domains than slots, one day apart in blocks.
  for (int i = 0; i < 10'240; ++i) {
    const auto day = static_cast<std::uint32_t>(kDay + i / 1024);
    const auto first = (*store)->observe("d" + std::to_string(i) + ".example", day);
    REQUIRE(first <= day);
  }
  CHECK(std::filesystem::file_size(tmp.path) == 32 + 1024 * 8);
  // The latest block is (mostly) still known; the first block is mostly forgotten.
  int recent = 0, old = 0;
  for (int i = 0; i < 1024; ++i) {
    if ((*store)->peek("d" + std::to_string(9216 + i) + ".example") != 0) ++recent;
    if ((*store)->peek("d" + std::to_string(i) + ".example") != 0) ++old;
  }
  CHECK(recent > 700);
  CHECK(old < 100);
}

TEST_CASE("first-seen: threads racing on the same domains agree on the first day", "[first_seen]") {
  TempPath tmp("race");
  auto opened = FirstSeenStore::open(tmp.path.string(), small(), kDay);
  REQUIRE(opened);
  FirstSeenStore& store = **opened;
  std::vector<std::vector<std::uint32_t>> seen(4, std::vector<std::uint32_t>(200));
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) seen[t][i] = store.observe("race" + std::to_string(i) + ".example", kDay + t);
    });
  }
  for (auto& thread : threads) thread.join();
  for (int i = 0; i < 200; ++i) {
    const auto recorded = store.peek("race" + std::to_string(i) + ".example");
    REQUIRE(recorded >= kDay);
    REQUIRE(recorded <= kDay + 3);
    // Every thread that did not record the domain itself read the recorded day.
    for (unsigned t = 0; t < 4; ++t) CHECK((seen[t][i] == recorded || seen[t][i] == kDay + t));
  }
}
