// Where things live on each system, and what lfdm-confgen finds on this one.
#include "telegraf/platform_defaults.hpp"

#include <boost/test/unit_test.hpp>

#include "support/build_features.hpp"
#include "support/scratch_dir.hpp"

namespace lfdm::confgen {
namespace {

namespace fs = std::filesystem;

config::environment_lookup environment(std::map<std::string, std::string> values) {
    return [values](const std::string& name) -> std::optional<std::string> {
        const auto found = values.find(name);
        if (found == values.end()) return std::nullopt;
        return found->second;
    };
}

fs::path windows_chia(const fs::path& app_data, const std::string& version) {
    return app_data / "chia-blockchain" / ("app-" + version) / "resources" / "app.asar.unpacked" /
           "daemon" / "chia.exe";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(platform_defaults)

BOOST_AUTO_TEST_CASE(finds_the_newest_windows_chia_comparing_numbers) {
    test::scratch_dir dir;
    for (const char* version : {"1.8.2", "1.10.0", "1.9.9"})
        dir.write(windows_chia("app", version).string(), "");
    fs::create_directories(dir.path / "app/chia-blockchain/app-2.0.0");  // no chia.exe inside
    dir.write("app/chia-blockchain/packages/chia.exe", "");
    BOOST_TEST(find_windows_chia(dir.path / "app").value_or(fs::path()) ==
               windows_chia(dir.path / "app", "1.10.0"));
    BOOST_TEST(!find_windows_chia(dir.path / "none").has_value());
}

BOOST_AUTO_TEST_CASE(finds_linux_chia_on_path_then_in_the_usual_places,
                     *boost::unit_test::precondition(test::posix_host)) {
    test::scratch_dir dir;
    const auto env = environment({{"PATH", (dir.path / "bin").string() + ":/nonexistent"},
                                  {"HOME", (dir.path / "home").string()}});
    BOOST_TEST(!find_linux_chia(env, dir.path / "root").has_value());
    dir.write("root/opt/chia/resources/app.asar.unpacked/daemon/chia", "");
    BOOST_TEST(find_linux_chia(env, dir.path / "root").value_or(fs::path()) ==
               dir.path / "root/opt/chia/resources/app.asar.unpacked/daemon/chia");
    dir.write("home/chia-blockchain/venv/bin/chia", "");
    BOOST_TEST(find_linux_chia(env, dir.path / "root").value_or(fs::path()) ==
               dir.path / "home/chia-blockchain/venv/bin/chia");
    dir.write("bin/chia", "");
    BOOST_TEST(find_linux_chia(env, dir.path / "root").value_or(fs::path()) ==
               dir.path / "bin/chia");
}

BOOST_AUTO_TEST_CASE(chia_root_is_chia_root_else_the_home_mainnet,
                     *boost::unit_test::precondition(test::posix_host)) {
    BOOST_TEST(*default_chia_root(environment({{"CHIA_ROOT", "/srv/chia"}, {"HOME", "/h"}})) ==
               "/srv/chia");
    BOOST_TEST(*default_chia_root(environment({{"HOME", "/home/zoe"}})) ==
               "/home/zoe/.chia/mainnet");
    BOOST_TEST(!default_chia_root(environment({})).has_value());
}

BOOST_AUTO_TEST_CASE(counts_plot_files_in_the_plot_directories) {
    test::scratch_dir dir;
    dir.write("a/1.plot", "");
    dir.write("a/2.plot", "");
    dir.write("a/notes.txt", "");
    dir.write("b/3.plot", "");
    dir.write("b/sub/4.plot", "");
    BOOST_TEST(
        count_plots({(dir.path / "a").string(), (dir.path / "b").string(), "/nonexistent"}) == 3);
}

BOOST_AUTO_TEST_CASE(paths_follow_the_target_system) {
    BOOST_TEST(join_path(target_os::windows_os, "C:\\Program Files\\Telegraf", "telegraf.log") ==
               "C:\\Program Files\\Telegraf\\telegraf.log");
    BOOST_TEST(join_path(target_os::linux_os, "/etc/lfdm/", "x") == "/etc/lfdm/x");
    BOOST_TEST(parent_path(target_os::windows_os, "C:\\a\\b.conf") == "C:\\a");
    BOOST_TEST(parent_path(target_os::linux_os, "/b.conf") == "/");
    BOOST_TEST(is_absolute_path(target_os::windows_os, "D:\\plots"));
    BOOST_TEST(is_absolute_path(target_os::windows_os, "\\\\nas\\plots"));
    BOOST_TEST(!is_absolute_path(target_os::windows_os, "/mnt/plots"));
    BOOST_TEST(!is_absolute_path(target_os::linux_os, "plots"));
    BOOST_TEST(default_paths(target_os::windows_os).plugin_config ==
               "C:\\ProgramData\\lfdm\\lfdm.toml");
    BOOST_TEST(default_paths(target_os::linux_os).telegraf_conf == "/etc/telegraf/telegraf.conf");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::confgen
