// The real lfdm-confgen binary: flags, questions answered on stdin, files
// written atomically with backups and modes, bad input refused with exit
// status 2 and nothing written, --check and the index template.
#include <filesystem>
#include <sys/stat.h>

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include "support/child_process.hpp"
#include "support/scratch_dir.hpp"

namespace lfdm {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test::child_process;
using test::scratch_dir;

const std::string confgen = LFDM_CONFGEN_PATH;

/// A finished run of lfdm-confgen.
struct run_result {
    int status = -1;
    std::string out, err;
};

run_result run(const std::vector<std::string>& args, const std::string& input = {},
               const std::map<std::string, std::string>& env = {}) {
    child_process p(confgen, args, env);
    if (!input.empty()) p.write(input);
    p.close_stdin();
    run_result r;
    r.status = p.wait_for_exit(30s).value_or(-1);
    r.out = p.out();
    r.err = p.err();
    return r;
}

/// Flags for a complete, question-free run writing into `dir`.
std::vector<std::string> complete_args(const scratch_dir& dir) {
    const auto ca = dir.write("lfdm-ca.pem", "CA");
    return {"--non-interactive",
            "--pseudo",
            "zoe",
            "--rig",
            "rig-1",
            "--output",
            (dir.path / "telegraf.conf").string(),
            "--plugin-config",
            (dir.path / "lfdm.toml").string(),
            "--plugin-path",
            LFDM_PLUGIN_PATH,
            "--es-ca",
            ca.string(),
            "--no-plot-check",
            "--no-nvidia-smi",
            "--no-procstat",
            "--no-chia-rpc",
            "--no-pool"};
}

std::vector<std::string> plus(std::vector<std::string> args,
                              std::initializer_list<std::string> more) {
    args.insert(args.end(), more);
    return args;
}

std::vector<std::string> files_in(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

#if !defined(_WIN32)
unsigned mode_of(const fs::path& path) {
    return static_cast<unsigned>(fs::status(path).permissions() & fs::perms::all);
}
#endif

/// Runs `args` expecting exit status 2, an error naming `message`, and no
/// file written beside the CA.
void expect_refused(const std::vector<std::string>& args, const std::string& message) {
    scratch_dir dir;
    auto full = complete_args(dir);
    full.insert(full.end(), args.begin(), args.end());
    const auto r = run(full);
    BOOST_TEST_INFO("stderr: " << r.err);
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find(message) != std::string::npos);
    BOOST_TEST(files_in(dir.path) == std::vector<std::string>{"lfdm-ca.pem"});
}

}  // namespace

BOOST_AUTO_TEST_SUITE(confgen_process)

BOOST_AUTO_TEST_CASE(writes_both_files_and_prints_the_next_steps) {
    scratch_dir dir;
    const auto r = run(complete_args(dir));
    BOOST_TEST_INFO(r.err);
    BOOST_REQUIRE(r.status == 0);
    BOOST_TEST(files_in(dir.path) ==
               (std::vector<std::string>{"lfdm-ca.pem", "lfdm.toml", "telegraf.conf"}));
    BOOST_TEST(r.out.find("wrote " + (dir.path / "telegraf.conf").string()) != std::string::npos);
    BOOST_TEST(r.out.find("--config " + (dir.path / "telegraf.conf").string() + " --test") !=
               std::string::npos);
    BOOST_TEST(r.out.find("choose the pseudo \"zoe\"") != std::string::npos);
#if !defined(_WIN32)  // Windows has no file modes: the folder's permissions apply.
    BOOST_TEST(mode_of(dir.path / "telegraf.conf") == 0644u);
#endif
    const auto check = run({"--check", (dir.path / "telegraf.conf").string()});
    BOOST_TEST(check.status == 0);
    BOOST_TEST(check.out.find("Telegraf accepts every table and key") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(never_overwrites_without_force_and_keeps_a_backup_with_it) {
    scratch_dir dir;
    const auto conf = dir.write("telegraf.conf", "# the farmer's own\n");
    const auto refused = run(complete_args(dir));
    BOOST_TEST(refused.status == 2);
    BOOST_TEST(refused.err.find("cannot write " + conf.string() + ": it exists (give --force") !=
               std::string::npos);
    BOOST_TEST(test::read_file(conf) == "# the farmer's own\n");
    BOOST_TEST(!fs::exists(dir.path / "lfdm.toml"));

    const auto forced = run(plus(complete_args(dir), {"--force"}));
    BOOST_REQUIRE(forced.status == 0);
    BOOST_TEST(test::read_file(conf).find("[[outputs.elasticsearch]]") != std::string::npos);
    std::vector<std::string> backups;
    for (const auto& name : files_in(dir.path)) {
        if (name.starts_with("telegraf.conf.") && name.ends_with(".bak")) backups.push_back(name);
    }
    BOOST_REQUIRE(backups.size() == 1u);
    BOOST_TEST(test::read_file(dir.path / backups[0]) == "# the farmer's own\n");
    BOOST_TEST(forced.out.find("kept the previous file as") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_clear_password_file_is_readable_by_its_owner_only) {
    scratch_dir dir;
    const auto r = run(plus(complete_args(dir), {"--es-password-clear"}), {},
                       {{"LFDM_ES_PASSWORD", "s3cr$t"}});
    BOOST_REQUIRE(r.status == 0);
#if !defined(_WIN32)  // Windows has no file modes: the folder's permissions apply.
    BOOST_TEST(mode_of(dir.path / "telegraf.conf") == 0600u);
    BOOST_TEST(mode_of(dir.path / "lfdm.toml") == 0644u);
#endif
    BOOST_TEST(test::read_file(dir.path / "telegraf.conf").find("password = \"s3cr$$t\"") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(stdout_prints_and_writes_nothing) {
    scratch_dir dir;
    const auto r = run(plus(complete_args(dir), {"--stdout"}));
    BOOST_REQUIRE(r.status == 0);
    BOOST_TEST(r.out.starts_with("# ==> " + (dir.path / "telegraf.conf").string() + " <==\n"));
    BOOST_TEST(r.out.find("# ==> " + (dir.path / "lfdm.toml").string() + " <==\n") !=
               std::string::npos);
    BOOST_TEST(r.err.find("Next steps") != std::string::npos);
    BOOST_TEST(files_in(dir.path) == std::vector<std::string>{"lfdm-ca.pem"});
}

BOOST_AUTO_TEST_CASE(bad_input_is_refused_with_status_2_and_nothing_written) {
    expect_refused({"--colour"}, "unknown option \"--colour\"");
    expect_refused({"--es-url", "ftp://grafana.ether-source.fr"}, "bad Elasticsearch URL");
    expect_refused({"--pseudo", "Zoé"}, "bad pseudo");
    // Paths are named absolute, as the platform writes them (Z:\nonexistent\...
    // under Wine).
    const auto absolute = [](const char* path) { return fs::absolute(path).string(); };
    expect_refused({"--es-ca", "/nonexistent/ca.pem"},
                   "cannot find the CA file " + absolute("/nonexistent/ca.pem") + ": no such file");
    expect_refused({"--plugin-path", "/nonexistent/lfdm-plugin"},
                   "cannot find the plugin " + absolute("/nonexistent/lfdm-plugin"));
    expect_refused({"--plot-check", "--chia-path", "/nonexistent/chia"},
                   "cannot find chia at " + absolute("/nonexistent/chia"));
    expect_refused({"--passphrase-file", "/nonexistent/pass"}, "cannot find the passphrase file");
    // Found by the confgen fuzzer: a configuration lfdm-plugin would refuse.
    expect_refused({"--trex", "http://127.0.0.1:4067", "--trex", "http://127.0.0.1:4067/summary"},
                   "--trex http://127.0.0.1:4067 is given twice");
}

BOOST_AUTO_TEST_CASE(a_missing_pseudo_without_questions_is_an_error) {
    const auto r = run({"--non-interactive", "--stdout"});
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err ==
               "lfdm-confgen: --pseudo is needed: the name you find your data under in "
               "Grafana\n");
}

BOOST_AUTO_TEST_CASE(questions_are_answered_on_stdin) {
    scratch_dir dir;
    const auto ca = dir.write("lfdm-ca.pem", "CA");
    const std::string answers =
        "Zoe\n"         // refused: capital letter
        "zoe\n"         // pseudo
        "\n"            // user name: the pseudo
        "rig-7\n"       // rig
        "\n"            // no launcher id
        "n\n"           // no plot check
        "y\n"           // a T-Rex miner
        "\n"            // at the default address
        "n\n"           // no nvidia-smi
        "\n"            // processes: the suggested t-rex
        "n\n"           // no chia RPC
        "etc:0xabc\n";  // a 2Miners account
    const auto r = run({"--interactive", "--output", (dir.path / "telegraf.conf").string(),
                        "--plugin-config", (dir.path / "lfdm.toml").string(), "--plugin-path",
                        LFDM_PLUGIN_PATH, "--es-ca", ca.string()},
                       answers);
    BOOST_TEST_INFO(r.err);
    BOOST_REQUIRE(r.status == 0);
    BOOST_TEST(r.err.find("has the capital letter 'Z'") != std::string::npos);
    BOOST_TEST(r.err.find("Your LFDM Elasticsearch user name [zoe]: ") != std::string::npos);
    const auto conf = test::read_file(dir.path / "telegraf.conf");
    BOOST_TEST(conf.find("rig = \"rig-7\"") != std::string::npos);
    BOOST_TEST(conf.find("exe = \"t-rex\"") != std::string::npos);
    BOOST_TEST(conf.find("https://etc.2miners.com/api/accounts/0xabc") != std::string::npos);
    BOOST_TEST(test::read_file(dir.path / "lfdm.toml").find("url = \"http://127.0.0.1:4067\"") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(input_ending_during_the_questions_writes_nothing) {
    scratch_dir dir;
    const auto r =
        run({"--interactive", "--output", (dir.path / "telegraf.conf").string()}, "zoe\n");
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err.find("cannot read the answer: the input ended") != std::string::npos);
    BOOST_TEST(files_in(dir.path).empty());
}

BOOST_AUTO_TEST_CASE(check_says_what_is_wrong_and_where) {
    scratch_dir dir;
    const auto conf = dir.write("telegraf.conf", "[agent]\n  flush_intervall = \"10s\"\n");
    const auto r = run({"--check", conf.string()});
    BOOST_TEST(r.status == 1);
    BOOST_TEST(r.out == conf.string() +
                            ":2:3: error: [agent] unknown key \"flush_intervall\" (did you mean "
                            "\"flush_interval\"?)\n" +
                            conf.string() + ": 1 error: Telegraf would refuse to start\n");
    const auto missing = run({"--check", (dir.path / "none.conf").string()});
    BOOST_TEST(missing.status == 2);
    BOOST_TEST(missing.err.find("cannot read " + (dir.path / "none.conf").string() +
                                ": No such file or directory") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(es_template_option_writes_it_and_tells_telegraf_not_to_manage_one) {
    scratch_dir dir;
    const auto template_file = dir.path / "lfdm-template.json";
    const auto r = run(plus(complete_args(dir), {"--es-template", template_file.string()}));
    BOOST_REQUIRE(r.status == 0);
    const auto body = boost::json::parse(test::read_file(template_file));
    BOOST_TEST(body.at("index_patterns").at(0).as_string() == "data-zoe-*");
    BOOST_TEST(test::read_file(dir.path / "telegraf.conf").find("manage_template = false") !=
               std::string::npos);
    BOOST_TEST(r.out.find("/_index_template/lfdm-zoe") != std::string::npos);

    const auto printed = run({"--print-es-template"});
    BOOST_TEST(printed.status == 0);
    BOOST_TEST(boost::json::parse(printed.out).at("index_patterns").at(0).as_string() == "data-*");
}

// The backup of an existing file was made, and that file replaced, before
// the next file failed: half the files new, a temporary file left behind,
// and "nothing was replaced" said.
BOOST_AUTO_TEST_CASE(a_file_that_cannot_be_replaced_leaves_every_file_as_it_was) {
    scratch_dir dir;
    const auto conf = dir.write("telegraf.conf", "# the farmer's own\n");
    fs::create_directory(dir.path / "lfdm.toml");  // cannot be replaced by a file
    const auto r = run(plus(complete_args(dir), {"--force", "--es-password-clear"}), {},
                       {{"LFDM_ES_PASSWORD", "s3cret"}});
    BOOST_TEST(r.status == 1);
    BOOST_TEST(r.err.find("lfdm-confgen: cannot back up " + (dir.path / "lfdm.toml").string()) !=
               std::string::npos);
    BOOST_TEST(r.err.find("; nothing was replaced") != std::string::npos);
    BOOST_TEST(test::read_file(conf) == "# the farmer's own\n");
    BOOST_TEST(files_in(dir.path) ==
               (std::vector<std::string>{"lfdm-ca.pem", "lfdm.toml", "telegraf.conf"}));
}

BOOST_AUTO_TEST_CASE(the_elasticsearch_password_is_only_in_the_private_telegraf_conf) {
    const std::string secret = "Es-P4ss;w0rd";
    const std::map<std::string, std::string> env = {{"LFDM_ES_PASSWORD", secret}};
    scratch_dir dir;
    std::string everything;  // every output of every run
    const auto keep = [&](const run_result& r) { everything += r.out + r.err; };

    const auto args = plus(complete_args(dir), {"--es-password-clear"});
    const auto written = run(args, {}, env);
    keep(written);
    BOOST_REQUIRE(written.status == 0);
    BOOST_TEST(test::read_file(dir.path / "telegraf.conf").find(secret) != std::string::npos);
#if !defined(_WIN32)  // Windows has no file modes: the folder's permissions apply.
    BOOST_TEST(mode_of(dir.path / "telegraf.conf") == 0600u);
#endif
    BOOST_TEST(test::read_file(dir.path / "lfdm.toml").find(secret) == std::string::npos);

    const auto again = run(plus(args, {"--force"}), {}, env);
    keep(again);
    BOOST_REQUIRE(again.status == 0);
#if !defined(_WIN32)
    for (const auto& name : files_in(dir.path)) {
        if (name.starts_with("telegraf.conf.") && name.ends_with(".bak")) {
            BOOST_TEST(mode_of(dir.path / name) == 0600u, name);
        }
    }
#endif
    keep(run({"--check", (dir.path / "telegraf.conf").string()}));
    keep(run(plus(args, {"--colour"}), {}, env));
    keep(run(plus(args, {"--force", "--output", (dir.path / "lfdm-ca.pem" / "x.conf").string()}),
             {}, env));
    // Typed at the question: not echoed back.
    keep(run(
        {"--interactive", "--pseudo", "zoe", "--es-password-clear", "--output",
         (dir.path / "typed.conf").string(), "--plugin-config", (dir.path / "typed.toml").string(),
         "--es-ca", (dir.path / "lfdm-ca.pem").string(), "--plugin-path", LFDM_PLUGIN_PATH},
        "\n\n\n" + secret + "\n"));
    BOOST_TEST(everything.find(secret) == std::string::npos);
    BOOST_TEST(everything.find("Es-P4ss") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(help_and_version) {
    const auto help = run({"--help"});
    BOOST_TEST(help.status == 0);
    BOOST_TEST(help.out.starts_with("Usage: lfdm-confgen"));
    const auto version = run({"--version"});
    BOOST_TEST(version.out.starts_with("lfdm-confgen "));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm
