#include "collectors/plot_check/plot_inventory.hpp"

#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include "core/utf8_path.hpp"
#include "support/dead_server.hpp"

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

/// Lists like the real listing, except for one directory, on a share whose
/// server is gone.
struct hung_share {
    std::string dir;
    test::dead_server server;

    detail::plot_dir_scan scan(const std::string& listed, const detail::listing_basis& basis) {
        if (listed == dir) server.answer();
        return detail::scan_plot_dir(listed, basis);
    }
};

const metric& dir_metric(const metric_batch& batch, const std::string& dir) {
    for (const auto& m : batch.metrics) {
        if (*m.find_tag("plot_dir") == dir) return m;
    }
    BOOST_FAIL("no lfdm_plot_dir metric for " + dir);
    throw;
}

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

BOOST_AUTO_TEST_CASE(an_unchanged_directory_counts_nothing_added_or_removed) {
    plot_dir dir;
    dir.add("plot-k32-a.plot", 100);
    dir.add("plot-k32-b.plot", 200);
    plot_inventory inventory({dir.path.string()});
    inventory.list(dir.path.string());
    fs::remove(dir.path / "plot-k32-a.plot");
    inventory.list(dir.path.string());

    for (int i = 0; i < 2; ++i) {
        const auto same = inventory.list(dir.path.string());
        BOOST_TEST(same.plots == 1);
        BOOST_TEST(same.plot_bytes == 200);
        BOOST_TEST(same.plots_added == 0);
        BOOST_TEST(same.plots_removed == 0);
    }
}

BOOST_AUTO_TEST_CASE(a_plot_still_being_copied_is_measured_again_at_the_hourly_refresh) {
    plot_dir dir;
    dir.add("plot-k32-a.plot", 100);
    dir.add("plot-k32-b.plot", 200);
    const std::string path = dir.path.string();
    const auto first = detail::scan_plot_dir(path, {});
    BOOST_TEST_REQUIRE(first.listing.reachable);
    dir.add("plot-k32-b.plot", 900);  // the copy went on

    detail::listing_basis basis{first.sizes, true, false};
    const auto kept = detail::scan_plot_dir(path, basis);
    BOOST_TEST(kept.listing.plot_bytes == 300);  // sizes are not read again
    BOOST_TEST(kept.sizes == first.sizes);       // nor copied: nothing changed

    basis.refresh_sizes = true;
    const auto refreshed = detail::scan_plot_dir(path, basis);
    BOOST_TEST(refreshed.listing.plot_bytes == 1000);
    BOOST_TEST(refreshed.listing.plots_added == 0);
    BOOST_TEST(refreshed.listing.plots_removed == 0);
    BOOST_TEST(refreshed.sizes->at("plot-k32-b.plot") == 900);
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

BOOST_AUTO_TEST_CASE(a_hung_share_is_unreachable_without_holding_up_the_other_directories) {
    plot_dir local;
    local.add("plot-k32-a.plot", 100);
    const std::string share = (local.path / "nas").string();
    fs::create_directories(share);
    auto hung = std::make_shared<hung_share>();
    hung->dir = share;
    plot_inventory inventory({share, local.path.string()}, std::chrono::seconds(2),
                             [hung](const std::string& dir, const detail::listing_basis& basis) {
                                 return hung->scan(dir, basis);
                             });

    metric_batch first;
    inventory.collect(first);
    const metric& gone = dir_metric(first, share);
    BOOST_TEST(!std::get<bool>(*gone.find_field("reachable")));
    BOOST_TEST(std::get<std::string>(*gone.find_field("error")) == "no answer within 2s");
    BOOST_TEST(!gone.find_field("scan_ms"));
    BOOST_TEST(
        std::get<std::int64_t>(*dir_metric(first, local.path.string()).find_field("plots")) == 1);

    // Not listed again while the first listing still hangs.
    metric_batch second;
    inventory.collect(second);
    const auto error = std::get<std::string>(*dir_metric(second, share).find_field("error"));
    BOOST_TEST(error.starts_with("no answer for "));
    BOOST_TEST(hung->server.asked() == 1);

    // The server answers again: a later gather lists the share.
    hung->server.come_back();
    BOOST_TEST_REQUIRE(hung->server.wait_all_answered());
    bool reachable = false;
    for (int i = 0; i < 300 && !reachable; ++i) {
        metric_batch later;
        inventory.collect(later);
        reachable = std::get<bool>(*dir_metric(later, share).find_field("reachable"));
        if (!reachable) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    BOOST_TEST(reachable);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::plot_check
