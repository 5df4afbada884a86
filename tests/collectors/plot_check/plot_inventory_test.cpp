#include "collectors/plot_check/plot_inventory.hpp"

#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "core/utf8_path.hpp"

namespace lfdm::plot_check {
namespace {

namespace fs = std::filesystem;

struct plot_dir {
    fs::path path = fs::temp_directory_path() / ("lfdm-inventory-" + std::to_string(::getpid()));
    plot_dir() { fs::create_directories(path); }
    ~plot_dir() { fs::remove_all(path); }
    void add(const std::string& name, std::size_t size) const {
        std::ofstream(path / name) << std::string(size, 'p');
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(plot_dir_inventory)

BOOST_AUTO_TEST_CASE(file_names_are_classified) {
    BOOST_TEST((classify_plot_file("plot-k32-x.plot") == plot_file_kind::plot));
    BOOST_TEST((classify_plot_file("plot-k28-x.plot2") == plot_file_kind::plot2));
    BOOST_TEST((classify_plot_file("plot-k32-x.plot.tmp") == plot_file_kind::temporary));
    BOOST_TEST((classify_plot_file("plot-k32-x.plot.2.tmp") == plot_file_kind::temporary));
    BOOST_TEST((classify_plot_file(".plot-k32-x.plot.Xy12ab") == plot_file_kind::temporary));
    BOOST_TEST((classify_plot_file(".plot-k32-x.plot") == plot_file_kind::temporary));
    BOOST_TEST((classify_plot_file("notes.txt") == plot_file_kind::other));
}

BOOST_AUTO_TEST_CASE(counts_plots_and_follows_added_and_removed) {
    plot_dir dir;
    dir.add("plot-k32-a.plot", 100);
    dir.add("plot-k32-b.plot", 200);
    dir.add("plot-k28-c.plot2", 50);
    dir.add("plot-k32-d.plot.tmp", 7);
    dir.add("readme.txt", 3);
    plot_inventory inventory({dir.path.string()});

    const auto first = inventory.list(dir.path.string());
    BOOST_TEST(first.reachable);
    BOOST_TEST(first.plots == 3);
    BOOST_TEST(first.plots_v2 == 1);
    BOOST_TEST(first.plot_bytes == 350);
    BOOST_TEST(first.plots_added == 0);  // the first listing is the baseline
    BOOST_TEST(first.temp_files == 1);
    BOOST_TEST(first.temp_bytes == 7);
    BOOST_TEST(first.free_bytes > 0);

    fs::remove(dir.path / "plot-k32-a.plot");
    dir.add("plot-k32-e.plot", 400);
    dir.add("plot-k32-f.plot", 400);
    const auto second = inventory.list(dir.path.string());
    BOOST_TEST(second.plots == 4);
    BOOST_TEST(second.plots_added == 2);
    BOOST_TEST(second.plots_removed == 1);
    BOOST_TEST(second.plot_bytes == 1050);
}

BOOST_AUTO_TEST_CASE(an_unreachable_directory_says_why_and_keeps_its_baseline) {
    plot_dir dir;
    dir.add("plot-k32-a.plot", 10);
    plot_inventory inventory({dir.path.string()});
    inventory.list(dir.path.string());
    fs::rename(dir.path, dir.path.string() + ".away");
    const auto gone = inventory.list(dir.path.string());
    BOOST_TEST(!gone.reachable);
    BOOST_TEST(gone.error == "No such file or directory");
    const auto m = plot_dir_metric(dir.path.string(), gone);
    BOOST_TEST(!m.find_field("plots"));
    fs::rename(dir.path.string() + ".away", dir.path);
    const auto back = inventory.list(dir.path.string());
    BOOST_TEST(back.plots_added == 0);
    BOOST_TEST(back.plots_removed == 0);
}

BOOST_AUTO_TEST_CASE(non_ascii_directory_and_file_names_are_listed_and_named_exactly) {
    // UTF-16 names on Windows; UTF-8 in the configuration and the metrics.
    plot_dir dir;
    const std::string farm = utf8_of(dir.path / path_from_utf8("Ferme Zoé 農場"));
    fs::create_directories(path_from_utf8(farm));
    std::ofstream(path_from_utf8(farm) / path_from_utf8("plot-k32-été-日本.plot")) << "pp";
    plot_inventory inventory({farm});
    metric_batch batch;
    inventory.collect(batch);
    BOOST_REQUIRE(batch.metrics.size() == 1u);
    const metric& m = batch.metrics.front();
    BOOST_TEST(*m.find_tag("plot_dir") == farm);
    BOOST_TEST(std::get<bool>(*m.find_field("reachable")));
    BOOST_TEST(std::get<std::int64_t>(*m.find_field("plots")) == 1);
    BOOST_TEST(std::get<std::int64_t>(*m.find_field("plot_bytes")) == 2);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::plot_check
