// The files lfdm-confgen writes: every table and key known to Telegraf, and
// read back with toml++ (and by the plugin) to exactly what was asked.
#include "telegraf/telegraf_conf.hpp"

#include <boost/test/unit_test.hpp>

#include "core/toml.hpp"
#include "telegraf/telegraf_check.hpp"

namespace lfdm::confgen {
namespace {

/// A Linux farm with everything on.
farm_request full_linux_request() {
    farm_request r;
    r.pseudo = "zoe";
    r.rig = "farm \"one\"";
    r.launcher_id = std::string(64, 'a');
    r.es.urls = {"https://a.example:9201", "https://b.example:9202"};
    r.es.username = "zoe";
    r.es.ca_file = "/etc/lfdm/lfdm-ca.pem";
    r.telegraf_conf = "/etc/telegraf/telegraf.conf";
    r.plugin_config = "/etc/lfdm/lfdm.toml";
    r.plugin_path = "/usr/local/bin/lfdm-plugin";
    r.log_file = "/var/log/telegraf/telegraf.log";
    r.plot_check = true;
    r.plot_count = 4321;
    r.chia_path = "/home/zoe/chia-blockchain/venv/bin/chia";
    r.chia_root = "/home/zoe/.chia/mainnet";
    r.passphrase_file = "/home/zoe/.chia/passphrase";
    r.plot_dirs = {"/mnt/plots 1", "/mnt/plots2"};
    r.trex_urls = {"http://127.0.0.1:4067"};
    r.trex_password_env = "TREX_API_PASSWORD";
    r.nvidia_smi = true;
    r.nvidia_smi_path = "/usr/bin/nvidia-smi";
    r.procstat = {"chia_harvester", "t-rex"};
    r.chia_rpc = all_chia_services();
    r.pools = {{"etc", "0xabc"}, {"rvn", "RWallet"}};
    return r;
}

/// The same on Windows, with the password in clear and Telegraf's own
/// system inputs.
farm_request full_windows_request() {
    farm_request r = full_linux_request();
    r.os = target_os::windows_os;
    r.telegraf_conf = "C:\\Program Files\\Telegraf\\telegraf.conf";
    r.plugin_config = "C:\\ProgramData\\lfdm\\lfdm.toml";
    r.plugin_path = "C:\\Program Files\\lfdm\\lfdm-plugin.exe";
    r.log_file = "C:\\Program Files\\Telegraf\\telegraf.log";
    r.es.ca_file = "C:\\ProgramData\\lfdm\\lfdm-ca.pem";
    r.es.password = password_source::clear_text;
    r.es.clear_password = "pa$$word ${HOME} \"quoted\"";
    r.es.template_file = "C:\\ProgramData\\lfdm\\template.json";
    r.system_metrics = system_metrics_source::telegraf;
    r.chia_root = "C:\\Users\\Zoé\\.chia\\mainnet";
    r.chia_path =
        "C:\\Users\\Zoé\\AppData\\Local\\chia-blockchain\\app-2.4.1\\resources\\"
        "app.asar.unpacked\\daemon\\chia.exe";
    r.plot_dirs = {"D:\\plots", "E:\\"};
    return r;
}

std::vector<farm_request> request_matrix() {
    auto minimal = full_linux_request();
    minimal.rig.clear();
    minimal.launcher_id.clear();
    minimal.log_file.clear();
    minimal.plot_check = false;
    minimal.trex_urls.clear();
    minimal.nvidia_smi = false;
    minimal.procstat.clear();
    minimal.chia_rpc.clear();
    minimal.pools.clear();
    minimal.system_metrics = system_metrics_source::none;
    auto store = full_linux_request();
    store.es.password = password_source::secret_store;
    return {full_linux_request(), full_windows_request(), minimal, store};
}

toml::table parse(const std::string& text) {
    return toml::parse(text);
}

/// Telegraf's reading of a string: "$$" is one "$".
std::string telegraf_reads(std::string text) {
    for (std::size_t at = 0; (at = text.find("$$", at)) != std::string::npos; ++at)
        text.erase(at, 1);
    return text;
}

std::vector<std::string> strings_of(const toml::node_view<const toml::node>& node) {
    std::vector<std::string> out;
    if (const auto* array = node.as_array()) {
        for (const auto& item : *array)
            out.push_back(telegraf_reads(item.value_or(std::string())));
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(telegraf_conf_generation)

BOOST_AUTO_TEST_CASE(every_table_and_key_written_is_one_telegraf_knows) {
    for (const auto& request : request_matrix()) {
        const std::string text = telegraf_document(request).to_toml();
        for (const auto& f : check_telegraf_conf(text)) {
            BOOST_TEST_INFO(text);
            BOOST_TEST((f.level != severity::error), format_finding("telegraf.conf", f));
            if (request.es.password != password_source::clear_text) {
                BOOST_TEST((f.level != severity::warning), format_finding("telegraf.conf", f));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(reads_back_as_what_was_asked) {
    const auto request = full_linux_request();
    const auto conf = parse(telegraf_document(request).to_toml());
    BOOST_TEST(conf["global_tags"]["pseudo"].value_or(std::string()) == "zoe");
    BOOST_TEST(conf["global_tags"]["rig"].value_or(std::string()) == "farm \"one\"");
    BOOST_TEST(conf["global_tags"]["launcher_id"].value_or(std::string()) == request.launcher_id);
    BOOST_TEST(conf["agent"]["interval"].value_or(std::string()) == "30s");
    BOOST_TEST(conf["agent"]["logfile"].value_or(std::string()) == request.log_file);

    const auto es = conf["outputs"]["elasticsearch"][0];
    BOOST_TEST(strings_of(es["urls"]) == request.es.urls);
    BOOST_TEST(es["username"].value_or(std::string()) == "zoe");
    BOOST_TEST(es["password"].value_or(std::string()) == "${LFDM_ES_PASSWORD}");
    BOOST_TEST(es["index_name"].value_or(std::string()) == "data-zoe-%Y.%m.%d");
    BOOST_TEST(es["tls_ca"].value_or(std::string()) == request.es.ca_file);
    BOOST_TEST(es["insecure_skip_verify"].value_or(true) == false);
    BOOST_TEST(es["float_handling"].value_or(std::string()) == "drop");
    BOOST_TEST(es["manage_template"].value_or(false) == true);
    BOOST_TEST(es["template_name"].value_or(std::string()) == "lfdm-zoe");

    const auto execd = conf["inputs"]["execd"][0];
    BOOST_TEST(strings_of(execd["command"]) ==
               (std::vector<std::string>{request.plugin_path, "--config", request.plugin_config}));
    BOOST_TEST(execd["signal"].value_or(std::string()) == "STDIN");
    BOOST_TEST(execd["data_format"].value_or(std::string()) == "influx");

    BOOST_TEST(conf["inputs"]["procstat"].as_array()->size() == 2u);
    BOOST_TEST(conf["inputs"]["procstat"][1]["exe"].value_or(std::string()) == "t-rex");
    BOOST_TEST(conf["inputs"]["nvidia_smi"][0]["bin_path"].value_or(std::string()) ==
               "/usr/bin/nvidia-smi");
    BOOST_TEST(conf["inputs"]["http"].as_array()->size() == 6u);
    const auto harvester = conf["inputs"]["http"][0];
    BOOST_TEST(strings_of(harvester["urls"]) ==
               std::vector<std::string>{"https://localhost:8560/get_plots"});
    BOOST_TEST(harvester["method"].value_or(std::string()) == "POST");
    BOOST_TEST(harvester["body"].value_or(std::string()) == "{}");
    BOOST_TEST(harvester["tls_cert"].value_or(std::string()) ==
               "/home/zoe/.chia/mainnet/config/ssl/harvester/private_harvester.crt");
    BOOST_TEST(harvester["json_v2"][0]["measurement_name"].value_or(std::string()) ==
               "chia_harvester");
    const auto pool = conf["inputs"]["http"][4];
    BOOST_TEST(strings_of(pool["urls"]) ==
               std::vector<std::string>{"https://etc.2miners.com/api/accounts/0xabc"});
    BOOST_TEST(pool["tags"]["coin"].value_or(std::string()) == "etc");
}

BOOST_AUTO_TEST_CASE(windows_paths_and_a_clear_password_read_back_unchanged) {
    const auto request = full_windows_request();
    const auto conf = parse(telegraf_document(request).to_toml());
    const auto es = conf["outputs"]["elasticsearch"][0];
    BOOST_TEST(telegraf_reads(es["password"].value_or(std::string())) == request.es.clear_password);
    BOOST_TEST(es["manage_template"].value_or(true) == false);
    BOOST_TEST(strings_of(conf["inputs"]["execd"][0]["command"]).front() == request.plugin_path);
    BOOST_TEST(conf["inputs"]["http"][0]["tls_key"].value_or(std::string()) ==
               "C:\\Users\\Zoé\\.chia\\mainnet\\config\\ssl\\harvester\\private_harvester.key");
    BOOST_TEST(conf["inputs"]["procstat"][0]["pid_finder"].value_or(std::string()) == "native");
    for (const char* input : {"cpu", "mem", "disk", "diskio", "net", "system"}) {
        BOOST_TEST_INFO(input);
        BOOST_TEST(conf["inputs"][input].is_array());
    }
}

// Found by the confgen fuzzer: a carriage return in the rig name, quoted in
// a comment, made a telegraf.conf that is not TOML.
BOOST_AUTO_TEST_CASE(control_characters_in_values_leave_valid_toml) {
    auto request = full_linux_request();
    request.rig = "gpu\rrig\x01\x7F";
    request.plot_dirs = {"/mnt/\x1B[31mplots"};
    const std::string text = telegraf_document(request).to_toml();
    BOOST_CHECK_NO_THROW(parse(text));
    BOOST_TEST(parse(text)["global_tags"]["rig"].value_or(std::string()) == request.rig);
    BOOST_CHECK_NO_THROW(toml::parse(write_plugin_config(plugin_configuration(request))));
}

BOOST_AUTO_TEST_CASE(a_secret_store_password_declares_the_store) {
    auto request = full_linux_request();
    request.es.password = password_source::secret_store;
    const auto conf = parse(telegraf_document(request).to_toml());
    BOOST_TEST(conf["secretstores"]["os"][0]["id"].value_or(std::string()) == "lfdm");
    BOOST_TEST(conf["outputs"]["elasticsearch"][0]["password"].value_or(std::string()) ==
               "@{lfdm:es_password}");
}

BOOST_AUTO_TEST_CASE(plugin_configuration_loads_back_as_asked) {
    for (const auto& request : {full_linux_request(), full_windows_request()}) {
        const auto text = write_plugin_config(plugin_configuration(request));
        const auto loaded = parse_plugin_config(text, "lfdm.toml", [](const std::string& name) {
            return name == "TREX_API_PASSWORD" ? std::optional<std::string>("secret")
                                               : std::nullopt;
        });
        BOOST_TEST(loaded.tags.at("pseudo") == request.pseudo);
        BOOST_TEST(loaded.tags.at("rig") == request.rig);
        BOOST_TEST(loaded.system.enabled ==
                   (request.system_metrics == system_metrics_source::plugin));
        BOOST_TEST(loaded.plot_check.enabled);
        BOOST_TEST(loaded.plot_check.chia_path == request.chia_path);
        BOOST_TEST(loaded.plot_check.chia_root == request.chia_root);
        BOOST_TEST(loaded.plot_check.passphrase_file == request.passphrase_file);
        BOOST_TEST(loaded.plot_check.plot_dirs == request.plot_dirs);
        BOOST_TEST(loaded.trex.enabled);
        BOOST_TEST(loaded.trex.endpoints.at(0).url == "http://127.0.0.1:4067");
        BOOST_TEST(loaded.trex.endpoints.at(0).password == "secret");
    }
}

// Found by the confgen fuzzer: a rig named "x${" made a plugin configuration
// that lfdm-plugin refuses ("unclosed ${"), and "${HOME}" one that it reads
// as the home directory.
BOOST_AUTO_TEST_CASE(text_holding_dollar_braces_reads_back_as_typed) {
    auto request = full_linux_request();
    request.rig = "x${";
    request.chia_path = "/opt/${HOME}/$${chia}";
    request.plot_dirs = {"/mnt/${PLOTS:-a}"};
    const auto loaded = parse_plugin_config(
        write_plugin_config(plugin_configuration(request)), "lfdm.toml",
        [](const std::string& name) { return std::optional<std::string>("set-" + name); });
    BOOST_TEST(loaded.tags.at("rig") == request.rig);
    BOOST_TEST(loaded.plot_check.chia_path == request.chia_path);
    BOOST_TEST(loaded.plot_check.plot_dirs == request.plot_dirs);
    BOOST_TEST(loaded.trex.endpoints.at(0).password == "set-TREX_API_PASSWORD");
}

BOOST_AUTO_TEST_CASE(buffer_holds_a_plot_check_and_half_an_hour_of_metrics) {
    const auto small = size_agent(0, std::chrono::seconds(30));
    BOOST_TEST(small.metric_batch_size == 1000);
    BOOST_TEST(small.metric_buffer_limit == 12000);  // 60 gathers of 200
    const auto farm = size_agent(25'000, std::chrono::seconds(10));
    BOOST_TEST(farm.metric_buffer_limit == 61000);  // 25000 + 180 gathers of 200
    BOOST_TEST(size_agent(0, std::chrono::minutes(5)).metric_buffer_limit == 10000);
}

BOOST_AUTO_TEST_CASE(dollars_are_doubled_and_references_kept) {
    BOOST_TEST(escape_dollars("a$b$$c") == "a$$b$$$$c");
    BOOST_TEST(toml_text(std::string("C:\\x$")) == "\"C:\\\\x$$\"");
    BOOST_TEST(toml_text(telegraf_reference{"${LFDM_ES_PASSWORD}"}) == "\"${LFDM_ES_PASSWORD}\"");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lfdm::confgen
