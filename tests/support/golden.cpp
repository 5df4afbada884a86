#include "support/golden.hpp"

#include <cstdlib>
#include <fstream>

#include <boost/test/unit_test.hpp>

#include "support/scratch_dir.hpp"

namespace lfdm::test {

void check_golden(const std::filesystem::path& file, const std::string& actual) {
    if (std::getenv("LFDM_UPDATE_GOLDEN")) {
        std::filesystem::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary) << actual;
        return;
    }
    BOOST_TEST_INFO("golden file " << file.string());
    BOOST_TEST(read_file(file) == actual);
}

}  // namespace lfdm::test
