// DkimLibrary: the one libopendkim library handle (DKIM_LIB) of a Snapshot,
// with its options set and its DNS routed through our Resolver.
//
// Purpose: libopendkim does the DKIM canonicalization and cryptography;
// this wrapper owns its library handle and replaces its built-in resolver
// (one shared res_state, NXDOMAIN reported as a temporary failure,
// DEPENDENCIES.md 2b) with callbacks into dns::Resolver. Key queries made
// while a DkimVerifier runs go through that verifier's per-message hooks
// (prefetched lookups, lookup budget, deadline); any other query goes
// straight to the Resolver with the configured timeout.
//
// Calling stage: built once per Snapshot (config load or reload), off the
// mail path. Verifiers are created from it per message.
//
// Thread safety: immutable after create(); shared by all connections. The
// per-message hooks are bound to the calling thread only for the duration
// of one libopendkim call (Binding), so callbacks of different messages on
// different threads never see each other's state.
//
// Ownership: the DkimLibrary must outlive every DkimVerifier made from it;
// the Resolver must outlive the DkimLibrary. The DKIM_LIB handle never
// leaves this class and DkimVerifier (its only friend).
//
// Errors: create() returns a message when libopendkim refuses to start or
// refuses an option. The DNS callbacks never throw into libopendkim: a
// failure inside them becomes a DNS error (temperror for the signature).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "dns/resolver.hpp"

// libopendkim's opaque handles (DKIM_LIB, DKIM_SIGINFO); only pointers here.
struct dkim_lib;
struct dkim_siginfo;

namespace brandguard::policy::auth {

struct DkimLibrarySettings {
  // RSA keys shorter than this make a valid signature "policy" (RFC 8301
  // requires at least 1024). Ed25519 keys are not affected.
  unsigned min_key_bits = 1024;
  // libopendkim's own per-query timeout (whole seconds, 1..3600); the
  // per-message deadline of the verifier applies as well.
  std::chrono::seconds query_timeout{5};
};

class DkimVerifier;

class DkimLibrary {
 public:
  static tl::expected<std::unique_ptr<DkimLibrary>, std::string> create(dns::Resolver& resolver,
                                                                       const DkimLibrarySettings& settings);
  ~DkimLibrary();
  DkimLibrary(const DkimLibrary&) = delete;
  DkimLibrary& operator=(const DkimLibrary&) = delete;

  const DkimLibrarySettings& settings() const noexcept;
  // libopendkim was built with Ed25519 (RFC 8463) support.
  bool supports_ed25519() const noexcept;
  dns::Resolver& resolver() const noexcept;

  // What libopendkim's callbacks ask of the message being verified on the
  // calling thread. Implemented by DkimVerifier.
  class MessageHooks {
   public:
    virtual ~MessageHooks() = default;
    // The lookup for the TXT record `name` (lowercase, no trailing dot):
    // a prefetched one, or a new one; nullptr when the message's lookup
    // budget refuses it.
    virtual std::shared_ptr<dns::Lookup> key_lookup(std::string_view name) = 0;
    // How a key query ended, for the signature's reason text.
    virtual void key_query_done(std::string_view name, dns::Status status, bool refused) noexcept = 0;
    virtual std::chrono::steady_clock::time_point deadline() const noexcept = 0;
    // libopendkim's prescreen: the signatures it parsed, in its order;
    // the hook marks the ones not to verify with dkim_sig_ignore().
    virtual void prescreen(dkim_siginfo** signatures, int count) noexcept = 0;
  };

  // Binds `hooks` to the calling thread until destroyed. Not nestable
  // across different hooks; the previous binding is restored.
  class Binding {
   public:
    explicit Binding(MessageHooks& hooks) noexcept;
    ~Binding();
    Binding(const Binding&) = delete;
    Binding& operator=(const Binding&) = delete;

   private:
    MessageHooks* previous_;
  };

 private:
  friend class DkimVerifier;
  struct Impl;
  explicit DkimLibrary(std::unique_ptr<Impl> impl);
  dkim_lib* handle() const noexcept;

  std::unique_ptr<Impl> impl_;
};

}  // namespace brandguard::policy::auth
