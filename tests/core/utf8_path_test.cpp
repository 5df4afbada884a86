#include "core/utf8_path.hpp"

#include <fstream>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "support/scratch_dir.hpp"

namespace lfdm {

BOOST_AUTO_TEST_SUITE(utf8_paths)

BOOST_AUTO_TEST_CASE(non_ascii_names_survive_the_round_trip) {
    const std::vector<std::string> texts = {"D:\\Plots Zoé\\農場", "/mnt/été", "plain"};
    for (const auto& text : texts) {
        BOOST_TEST(utf8_of(path_from_utf8(text)) == text);
    }
}

BOOST_AUTO_TEST_CASE(a_file_named_in_utf8_is_created_and_listed_under_that_name) {
    const test::scratch_dir dir;
    const std::string name = "plot-k32-Zoé-農場.plot";
    std::ofstream(dir.path / path_from_utf8(name)) << "x";
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path)) {
        names.push_back(utf8_of(entry.path().filename()));
    }
    BOOST_TEST(names == std::vector<std::string>{name});
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm
