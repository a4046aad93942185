#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "pipeline/snapshot_registry.hpp"

using namespace brandguard::policy;

namespace {
std::shared_ptr<const Snapshot> make(const std::string& version) {
  auto s = std::make_shared<Snapshot>();
  s->version = version;
  return s;
}
}  // namespace

TEST_CASE("snapshot registry: nothing published pins null", "[pipeline]") {
  SnapshotRegistry r;
  CHECK(r.pin() == nullptr);
}

TEST_CASE("snapshot registry: a pin keeps its snapshot after a publish", "[pipeline]") {
  SnapshotRegistry r;
  r.publish(make("v1"));
  auto pinned = r.pin();
  std::weak_ptr<const Snapshot> watch = pinned;
  r.publish(make("v2"));
  CHECK(pinned->version == "v1");
  CHECK(r.pin()->version == "v2");
  pinned.reset();
  // The thread cache now holds v2, so v1 is gone with its last user.
  CHECK(watch.expired());
}

TEST_CASE("snapshot registry: two registries do not share a thread cache", "[pipeline]") {
  SnapshotRegistry a, b;
  a.publish(make("a"));
  b.publish(make("b"));
  CHECK(a.pin()->version == "a");
  CHECK(b.pin()->version == "b");
  CHECK(a.pin()->version == "a");
}

TEST_CASE("snapshot registry: readers on many threads always see a whole published snapshot", "[pipeline]") {
  SnapshotRegistry r;
  r.publish(make("0"));
  std::atomic<bool> stop{false};
  std::atomic<long> bad{0}, pins{0};
  std::atomic<int> reading{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < 4; ++i) {
    readers.emplace_back([&] {
      bool counted = false;
      while (!stop.load()) {
        auto s = r.pin();
        if (!s || s->version.empty()) ++bad;
        ++pins;
        if (!counted) {
          counted = true;
          ++reading;
        }
      }
    });
  }
  // Publish only once every reader is pinning: on a loaded machine (CI,
  // sanitizers) the publishes could otherwise all be over before any reader
  // ran, and the test would check nothing.
  while (reading.load() < 4) std::this_thread::yield();
  for (int i = 1; i <= 500; ++i) r.publish(make(std::to_string(i)));
  stop = true;
  for (auto& t : readers) t.join();
  CHECK(bad.load() == 0);
  CHECK(pins.load() > 0);
  CHECK(r.pin()->version == "500");
  CHECK(r.generation() == 501);
}
