#include "collectors/plot_check/chia_locator.hpp"

#include <boost/test/unit_test.hpp>

namespace lfdm::plot_check {
namespace {

namespace fs = std::filesystem;

config::environment_lookup environment(std::map<std::string, std::string> values) {
    return [values](const std::string& name) -> std::optional<std::string> {
        const auto found = values.find(name);
        if (found == values.end()) return std::nullopt;
        return found->second;
    };
}

}  // namespace

BOOST_AUTO_TEST_SUITE(chia_locator)

BOOST_AUTO_TEST_CASE(the_newest_app_version_wins) {
    BOOST_TEST(*newest_app_folder({"app-1.8.2", "app-2.4.4", "app-2.10.0", "app-2.9.9", "x"}) ==
               "app-2.10.0");
    BOOST_TEST(!newest_app_folder({"Update.exe", "packages"}));
}

BOOST_AUTO_TEST_CASE(linux_places_in_order) {
    const auto found = chia_candidates(
        false, environment({{"PATH", "/usr/local/bin:/usr/bin"}, {"HOME", "/home/farmer"}}),
        [](const fs::path&) { return std::vector<std::string>{}; });
    const std::vector<fs::path> expected = {
        "/usr/local/bin/chia",
        "/usr/bin/chia",
        "/home/farmer/chia-blockchain/venv/bin/chia",
        "/home/farmer/chia-blockchain/.venv/bin/chia",
        "/opt/chia/resources/app.asar.unpacked/daemon/chia",
        "/usr/lib/chia-blockchain/resources/app.asar.unpacked/daemon/chia"};
    BOOST_TEST(found == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(windows_gui_install_first) {
    const auto found = chia_candidates(
        true,
        environment(
            {{"LOCALAPPDATA", "C:/Users/f/AppData/Local"}, {"ProgramFiles", "C:/Program Files"}}),
        [](const fs::path& dir) {
            BOOST_TEST(dir == fs::path("C:/Users/f/AppData/Local") / "chia-blockchain");
            return std::vector<std::string>{"app-2.4.3", "app-2.4.4", "Update.exe"};
        });
    BOOST_REQUIRE(found.size() == 2u);
    BOOST_TEST(found[0] == fs::path("C:/Users/f/AppData/Local") / "chia-blockchain" / "app-2.4.4" /
                               "resources" / "app.asar.unpacked" / "daemon" / "chia.exe");
    BOOST_TEST(found[1] == fs::path("C:/Program Files") / "Chia" / "resources" /
                               "app.asar.unpacked" / "daemon" / "chia.exe");
}

BOOST_AUTO_TEST_CASE(a_configured_path_that_does_not_exist_is_named) {
    std::string problem;
    BOOST_TEST(!find_chia("/nonexistent/chia", problem));
    BOOST_TEST(problem == "cannot find chia at /nonexistent/chia (chia_path in [plot_check])");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::plot_check
