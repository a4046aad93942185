#include "signals.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

namespace brandguard::milter {

namespace {

int g_write_fd = -1;

constexpr int kSignals[] = {SIGHUP, SIGUSR1, SIGTERM, SIGINT};

sigset_t signal_set() {
  sigset_t set;
  sigemptyset(&set);
  for (int s : kSignals) sigaddset(&set, s);
  return set;
}

extern "C" void on_signal(int signo) {
  const int saved = errno;
  const unsigned char byte = static_cast<unsigned char>(signo);
  // Async-signal-safe; if the pipe is full the signal is already pending.
  [[maybe_unused]] const ssize_t n = ::write(g_write_fd, &byte, 1);
  errno = saved;
}

}  // namespace

void block_stop_and_reload_signals() {
  const sigset_t set = signal_set();
  if (const int rc = pthread_sigmask(SIG_BLOCK, &set, nullptr); rc != 0) {
    throw std::system_error(rc, std::generic_category(), "pthread_sigmask");
  }
}

SignalPipe::SignalPipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) throw std::system_error(errno, std::generic_category(), "pipe2");
  read_fd_ = fds[0];
  g_write_fd = fds[1];
  // The read side blocks; only the handler's write side must not.
  ::fcntl(read_fd_, F_SETFL, 0);
}

SignalPipe::~SignalPipe() {
  ::close(read_fd_);
  // The write end stays open: a late signal must not write to a reused fd.
}

void SignalPipe::unblock_in_this_thread() {
  struct sigaction action {};
  action.sa_handler = on_signal;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  for (int s : kSignals) {
    if (::sigaction(s, &action, nullptr) != 0) throw std::system_error(errno, std::generic_category(), "sigaction");
  }
  const sigset_t set = signal_set();
  if (const int rc = pthread_sigmask(SIG_UNBLOCK, &set, nullptr); rc != 0) {
    throw std::system_error(rc, std::generic_category(), "pthread_sigmask");
  }
}

void SignalPipe::notify(int code) noexcept { on_signal(code); }

std::optional<int> SignalPipe::wait_for(std::chrono::milliseconds timeout) {
  pollfd p{read_fd_, POLLIN, 0};
  const int rc = ::poll(&p, 1, static_cast<int>(timeout.count()));
  if (rc <= 0) return std::nullopt;  // timeout, or EINTR: the caller loops
  return wait();
}

int SignalPipe::wait() {
  for (;;) {
    unsigned char byte = 0;
    const ssize_t n = ::read(read_fd_, &byte, 1);
    if (n == 1) return byte;
    if (n < 0 && errno == EINTR) continue;
    throw std::system_error(errno, std::generic_category(), "reading the signal pipe");
  }
}

}  // namespace brandguard::milter
