#include "support/recorded_lines.hpp"

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <boost/test/unit_test.hpp>

namespace lfdm::test {

void record_lines(std::string_view lines) {
    static std::set<std::string> started;
    std::string name = boost::unit_test::framework::current_test_case().full_name();
    std::replace(name.begin(), name.end(), '/', '.');

    const std::filesystem::path dir = LFDM_LINES_DIR;
    std::filesystem::create_directories(dir);
    const bool first = started.insert(name).second;
    std::ofstream out(dir / (name + ".lp"),
                      std::ios::binary | (first ? std::ios::trunc : std::ios::app));
    out.write(lines.data(), static_cast<std::streamsize>(lines.size()));
    BOOST_REQUIRE_MESSAGE(out.good(), "cannot record lines in " << dir);
}

}  // namespace lfdm::test
