#include "collectors/plot_check/plot_name.hpp"

#include <boost/test/unit_test.hpp>

namespace lfdm::plot_check {

namespace {
const std::string id = "4ca2b2159c47c0b06f41f64778b231e24ff99eadf8b054301aa4b51e7b980cea";
}

BOOST_AUTO_TEST_SUITE(plot_file_names)

BOOST_AUTO_TEST_CASE(reads_a_linux_plot_path) {
    const auto n = parse_plot_name("/mnt/hydras01/plot-k32-2021-09-09-08-35-" + id + ".plot");
    BOOST_TEST(n.id == id);
    BOOST_TEST(n.dir == "/mnt/hydras01");
    BOOST_TEST(n.drive.empty());
    BOOST_TEST(n.k == 32);
    BOOST_TEST(n.compression == 0);
    BOOST_TEST(n.format == 1);
}

BOOST_AUTO_TEST_CASE(reads_windows_drives_and_shares) {
    const auto d = parse_plot_name("E:\\Chia Plots\\ferme é\\plot-k33-c07-2024-" + id + ".plot");
    BOOST_TEST(d.dir == "E:\\Chia Plots\\ferme é");
    BOOST_TEST(d.drive == "E:");
    BOOST_TEST(d.k == 33);
    BOOST_TEST(d.compression == 7);
    const auto root = parse_plot_name("D:\\plot-k32-" + id + ".plot");
    BOOST_TEST(root.dir == "D:\\");
    const auto unc = parse_plot_name("\\\\nas\\plots\\sub\\plot-k32-" + id + ".plot");
    BOOST_TEST(unc.drive == "\\\\nas\\plots");
    BOOST_TEST(unc.dir == "\\\\nas\\plots\\sub");
}

BOOST_AUTO_TEST_CASE(reads_v2_plots_and_other_names) {
    const auto v2 = parse_plot_name("/mnt/pool/plot-k28-" + id + ".plot2");
    BOOST_TEST(v2.format == 2);
    BOOST_TEST(v2.k == 28);
    const auto other = parse_plot_name("/mnt/x/renamed.plot");
    BOOST_TEST(other.id == "renamed");
    BOOST_TEST(other.k == 0);
    BOOST_TEST(other.compression == -1);
}

BOOST_AUTO_TEST_CASE(reads_k_from_either_description) {
    BOOST_TEST(k_from_description("32") == 32);
    BOOST_TEST(k_from_description("PlotParam(size_v1=32, strength_v2=None)") == 32);
    BOOST_TEST(k_from_description("PlotParam { size_v1: Some(33) }") == 33);
    BOOST_TEST(k_from_description("PlotParam(size_v1=None, strength_v2=2)") == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::plot_check
