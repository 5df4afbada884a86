#include "telegraf/telegraf_conf.hpp"

#include <algorithm>

#include "lfdm_version.hpp"

namespace lfdm::confgen {
namespace {

/// `text` as the plugin's configuration must hold it to read it back as it
/// is: lfdm-plugin reads "${NAME}" as an environment variable, and "$${"
/// as "${".
std::string literal(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 2, "${") == 0) out += '$';
        out += text[i];
    }
    return out;
}

std::string telegraf_duration(duration d) {
    return format_duration(d);
}

std::int64_t round_up(std::int64_t value, std::int64_t step) {
    return (value + step - 1) / step * step;
}

void add_global_tags(conf_document& doc, const farm_request& request) {
    auto& tags = doc.add("global_tags", false,
                         "Tags on every metric: your pseudo is how you find your data in "
                         "Grafana.");
    tags.set("pseudo", request.pseudo);
    if (!request.rig.empty()) tags.set("rig", request.rig);
    if (!request.launcher_id.empty()) tags.set("launcher_id", request.launcher_id);
}

void add_agent(conf_document& doc, const farm_request& request) {
    const auto size = size_agent(request.plot_check ? request.plot_count : 0, request.interval);
    const std::string interval = telegraf_duration(request.interval);
    auto& agent = doc.add("agent", false);
    agent.set("interval", interval, "How often every input gathers.")
        .set("round_interval", true)
        .set("metric_batch_size", size.metric_batch_size,
             "One gather's metrics, plot check results included, fit in one batch.")
        .set("metric_buffer_limit", size.metric_buffer_limit,
             (request.plot_check
                  ? "Holds a whole plot check (" + std::to_string(request.plot_count) +
                        " plots) and 30 minutes of the\nother metrics"
                  : std::string("Holds 30 minutes of metrics")) +
                 ", so that nothing is lost while the cluster is out of\nreach.")
        .set("collection_jitter", std::string("0s"))
        .set("flush_interval", interval)
        .set("flush_jitter", std::string("5s"),
             "Spreads the farms' writes over time on the shared cluster.");
    if (!request.log_file.empty()) {
        agent
            .set("logfile", request.log_file,
                 "Telegraf's log, rotated at 10 MB, the last 5 kept (a Windows service has no\n"
                 "console to log to).")
            .set("logfile_rotation_max_size", std::string("10MB"))
            .set("logfile_rotation_max_archives", std::int64_t{5});
    }
}

telegraf_reference password_reference(const es_request& es) {
    if (es.password == password_source::secret_store) return {"@{lfdm:es_password}"};
    return {"${" + es.password_env + "}"};
}

void add_elasticsearch(conf_document& doc, const farm_request& request) {
    const auto& es = request.es;
    if (es.password == password_source::secret_store) {
        doc.add("secretstores.os", true,
                "The operating system's keyring, where the Elasticsearch password is kept.")
            .set("id", std::string("lfdm"));
    }
    auto& output = doc.add("outputs.elasticsearch", true, "The LFDM Elasticsearch cluster.");
    output.set("urls", es.urls, "Telegraf writes to one of them at a time.")
        .set("timeout", std::string("30s"))
        .set("enable_sniffer", false,
             "Never ask the cluster for its nodes: their internal addresses are out of\n"
             "reach from a farm.")
        .set("enable_gzip", true)
        .set("health_check_interval", std::string("10s"))
        .set("health_check_timeout", std::string("5s"))
        .set("username", es.username);
    const std::string password_doc =
        es.password == password_source::environment
            ? "Read from the environment variable " + es.password_env + " when Telegraf starts."
        : es.password == password_source::secret_store
            ? "Read from the keyring: telegraf secrets set lfdm es_password"
            : "Written in clear, as asked: keep this file private.";
    if (es.password == password_source::clear_text) {
        output.set("password", es.clear_password, password_doc);
    } else {
        output.set("password", password_reference(es), password_doc);
    }
    output
        .set("index_name", "data-" + es.username + "-%Y.%m.%d",
             "One index a day; Grafana reads data-" + es.username + "-*.")
        .set("tls_ca", es.ca_file, "The LFDM cluster's certificate authority.")
        .set("insecure_skip_verify", false)
        .set("manage_template", es.template_file.empty(),
             es.template_file.empty()
                 ? "Telegraf installs its own index template, named after you."
                 : "The LFDM index template is installed instead (lfdm-confgen\n"
                   "--es-template wrote it, with the command to install it).")
        .set("template_name", "lfdm-" + es.username)
        .set("overwrite_template", false)
        .set("force_document_id", true,
             "A batch sent again after a timeout replaces its documents instead of\n"
             "doubling them.")
        .set("float_handling", std::string("drop"),
             "Drop NaN and infinite values: with the default, one of them makes the\n"
             "cluster refuse the whole batch.")
        .set("startup_error_behavior", std::string("retry"),
             "Start even when the cluster is out of reach, and connect later.");
}

void add_plugin(conf_document& doc, const farm_request& request) {
    doc.add("inputs.execd", true,
            "lfdm-plugin: gathers once for each line Telegraf sends it (signal = \"STDIN\").")
        .set("command",
             std::vector<std::string>{request.plugin_path, "--config", request.plugin_config})
        .set("signal", std::string("STDIN"))
        .set("restart_delay", std::string("10s"),
             "Started again this long after it stopped unexpectedly.")
        .set("data_format", std::string("influx"));
}

void add_system_inputs(conf_document& doc, const farm_request& request) {
    if (request.system_metrics != system_metrics_source::telegraf) return;
    doc.add("inputs.cpu", true,
            "The machine's metrics, gathered by Telegraf itself instead of lfdm-plugin's\n"
            "system collector (the LFDM dashboards read the plugin's).")
        .set("percpu", false)
        .set("totalcpu", true)
        .set("report_active", true);
    doc.add("inputs.mem", true);
    doc.add("inputs.disk", true)
        .set("ignore_fs", std::vector<std::string>{"tmpfs", "devtmpfs", "devfs", "iso9660",
                                                   "overlay", "aufs", "squashfs"});
    doc.add("inputs.diskio", true);
    doc.add("inputs.net", true);
    doc.add("inputs.system", true);
}

void add_optional_inputs(conf_document& doc, const farm_request& request) {
    if (request.nvidia_smi) {
        doc.add("inputs.nvidia_smi", true, "NVIDIA GPUs: temperature, power, fans, clocks, use.")
            .set("bin_path", request.nvidia_smi_path)
            .set("timeout", std::string("5s"));
    }
    for (const auto& process : request.procstat) {
        auto& input =
            doc.add("inputs.procstat", true, "CPU and memory of the " + process + " processes.");
        input.set("exe", process);
        if (request.os == target_os::windows_os) input.set("pid_finder", std::string("native"));
        input.set("properties", std::vector<std::string>{"cpu", "memory"});
    }
    const chia_rpc_paths paths{request.chia_root, request.os == target_os::windows_os ? '\\' : '/'};
    for (const auto service : request.chia_rpc)
        doc.tables.push_back(chia_rpc_table(service, paths));
    for (const auto& pool : request.pools)
        doc.tables.push_back(two_miners_table(pool.coin, pool.wallet));
}

}  // namespace

agent_sizing size_agent(std::int64_t plot_count, duration interval) {
    const std::int64_t per_gather_plots = plot_check::plot_check_config{}.max_plots_per_gather;
    const std::int64_t seconds = std::max<std::int64_t>(1, interval.count() / 1000);
    const std::int64_t gathers_in_30_minutes = std::max<std::int64_t>(1, 1800 / seconds);
    agent_sizing size;
    size.metric_batch_size = round_up(per_gather_plots + other_metrics_per_gather, 1000);
    size.metric_buffer_limit =
        std::max<std::int64_t>(10000, round_up(std::max<std::int64_t>(0, plot_count) +
                                                   other_metrics_per_gather * gathers_in_30_minutes,
                                               1000));
    return size;
}

conf_document telegraf_document(const farm_request& request) {
    conf_document doc;
    doc.preamble = "Telegraf configuration of " + request.pseudo + "'s " +
                   (request.rig.empty() ? std::string("machine") : request.rig) +
                   ", written by lfdm-confgen " + version +
                   ".\nCheck it with: lfdm-confgen --check FILE";
    add_global_tags(doc, request);
    add_agent(doc, request);
    add_elasticsearch(doc, request);
    add_plugin(doc, request);
    add_system_inputs(doc, request);
    add_optional_inputs(doc, request);
    return doc;
}

plugin_config plugin_configuration(const farm_request& request) {
    plugin_config values;
    values.tags["pseudo"] = literal(request.pseudo);
    if (!request.rig.empty()) values.tags["rig"] = literal(request.rig);
    values.system.enabled = request.system_metrics == system_metrics_source::plugin;

    auto& plots = values.plot_check;
    plots.enabled = request.plot_check;
    plots.chia_path = literal(request.chia_path);
    plots.chia_root = literal(request.chia_root);
    plots.challenges = request.challenges;
    plots.interval = request.plot_check_interval;
    plots.passphrase_file = literal(request.passphrase_file);
    for (const auto& dir : request.plot_dirs)
        plots.plot_dirs.push_back(literal(dir));

    values.trex.enabled = !request.trex_urls.empty();
    for (const auto& url : request.trex_urls) {
        trex::endpoint_config endpoint;
        endpoint.url = literal(url);
        if (!request.trex_password_env.empty()) {
            endpoint.password = "${" + request.trex_password_env + "}";
        }
        values.trex.endpoints.push_back(std::move(endpoint));
    }
    return values;
}

}  // namespace lfdm::confgen
