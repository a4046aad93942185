// Signal handling for the daemon.
//
// libmilter runs its own sigwait() thread for HUP, TERM and INT and treats
// all three as "stop". We want HUP and USR1 to reload and TERM/INT to stop
// gracefully, so:
//  1. block_stop_and_reload_signals() runs first in main(), before any
//     thread exists, so every thread (libmilter's pool, spdlog, our control
//     thread) inherits a mask that blocks them;
//  2. after all long-lived threads are started, the main thread installs
//     handlers and unblocks the signals for itself only
//     (SignalPipe::unblock_in_this_thread) and does nothing else but wait
//     on the self-pipe. The kernel prefers the thread-group leader for a
//     process-directed signal whenever it does not block it, so the main
//     thread receives them, not libmilter's sigwait thread.
// If libmilter ever intercepts one anyway, smfi_main() returns without our
// request and main() exits non-zero so the supervisor restarts us; Postfix
// tempfails during the gap, nothing is lost.
#pragma once

#include <chrono>
#include <csignal>
#include <optional>

namespace brandguard::milter {

void block_stop_and_reload_signals();

class SignalPipe {
 public:
  SignalPipe();
  ~SignalPipe();
  SignalPipe(const SignalPipe&) = delete;
  SignalPipe& operator=(const SignalPipe&) = delete;

  // Installs handlers for HUP, USR1, TERM, INT and unblocks them in the
  // calling thread. Call from the main thread once workers exist.
  void unblock_in_this_thread();
  // Wakes wait() from any thread with a code that is not a signal number
  // (0: libmilter ended on its own).
  static void notify(int code) noexcept;
  // Blocks until a signal arrives; returns its number (EINTR is retried).
  int wait();
  // Like wait(), but returns nullopt after `timeout` without a signal.
  std::optional<int> wait_for(std::chrono::milliseconds timeout);

 private:
  int read_fd_ = -1;
};

}  // namespace brandguard::milter
