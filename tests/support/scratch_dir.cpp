#include "support/scratch_dir.hpp"

#include <fstream>
#include <sstream>
#include <unistd.h>

namespace lfdm::test {
namespace fs = std::filesystem;

scratch_dir::scratch_dir() {
    static int counter = 0;
    path = fs::temp_directory_path() /
           ("lfdm-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(path);
}

scratch_dir::~scratch_dir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
}

fs::path scratch_dir::write(const std::string& name, const std::string& text) const {
    const fs::path file = path / name;
    fs::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace lfdm::test
