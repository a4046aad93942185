#include "config_files.hpp"

#include <fcntl.h>
#include <fnmatch.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "config.hpp"

namespace brandguard::config {

std::vector<std::filesystem::path> expand_file_pattern(const std::string& pattern,
                                                       const std::filesystem::path& base_dir, std::string& error) {
  std::filesystem::path full(pattern);
  if (full.is_relative()) full = base_dir / full;
  const std::filesystem::path dir = full.parent_path();
  const std::string file_glob = full.filename().string();
  std::vector<std::filesystem::path> matches;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if ((entry.is_regular_file() || entry.is_symlink()) && ::fnmatch(file_glob.c_str(), entry.path().filename().c_str(), 0) == 0) {
      matches.push_back(entry.path());
    }
  }
  if (ec) error = fmt::format("{}: {}", dir.string(), ec.message());
  std::sort(matches.begin(), matches.end());
  return matches;
}

std::string read_config_file(const std::filesystem::path& path, std::size_t max_bytes, std::string& error) {
  // S6 (CVE-2020-35766 style): a symbolic link or a world-writable file
  // lets someone else choose what we load, so both are refused. O_NOFOLLOW
  // refuses a link in the last component without a race between the check
  // and the read; the mode and size are those of the file actually opened.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    const int saved = errno;
    error = saved == ELOOP ? fmt::format("{}: refused: a symbolic link (name the file itself)", path.string())
                           : fmt::format("cannot open {}: {}", path.string(), std::strerror(saved));
    return {};
  }
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    error = fmt::format("cannot read {}: {}", path.string(), std::strerror(errno));
    return {};
  }
  if (!S_ISREG(st.st_mode)) {
    error = fmt::format("{}: not a regular file", path.string());
    return {};
  }
  if ((st.st_mode & S_IWOTH) != 0) {
    error = fmt::format("{}: refused: the file is world-writable", path.string());
    return {};
  }
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    error = fmt::format("{} is too large (more than {} bytes)", path.string(), max_bytes);
    return {};
  }
  std::string text;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = fmt::format("cannot read {}: {}", path.string(), std::strerror(errno));
      return {};
    }
    if (n == 0) break;
    if (text.size() + static_cast<std::size_t>(n) > max_bytes) {
      error = fmt::format("{} is too large (more than {} bytes)", path.string(), max_bytes);
      return {};
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return text;
}

void for_each_list_entry(std::string_view text,
                         const std::function<bool(std::size_t line_no, std::string_view entry)>& entry) {
  std::size_t start = 0;
  std::size_t line_no = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty()) continue;
    if (!entry(line_no, line)) return;
  }
}

void for_each_config_file(
    const std::vector<std::string>& patterns, const std::filesystem::path& base_dir, ErrorSink& sink,
    std::string& version_material, const std::function<void(const std::string& glob_error)>& on_glob_error,
    const std::function<void(const std::filesystem::path&, const YAML::Node&, ErrorSink&)>& parse) {
  for (const auto& pattern : patterns) {
    std::string glob_error;
    const auto files = expand_file_pattern(pattern, base_dir, glob_error);
    if (!glob_error.empty()) {
      on_glob_error(glob_error);
      continue;
    }
    for (const auto& path : files) {
      ErrorSink file_sink(path.string());
      std::string error;
      const std::string text = read_config_file(path, kMaxConfigFileBytes, error);
      if (!error.empty()) {
        file_sink.add(YAML::Mark::null_mark(), "", error);
      } else {
        version_material += path.string();
        version_material += text;
        try {
          parse(path, YAML::Load(text), file_sink);
        } catch (const YAML::Exception& e) {
          file_sink.add(e.mark, "", e.msg);
        }
      }
      for (auto& e : file_sink.errors()) sink.errors().push_back(std::move(e));
    }
  }
}

}  // namespace brandguard::config
