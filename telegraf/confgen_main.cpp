#include "telegraf/confgen_main.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include "collectors/trex/trex_config.hpp"
#include "core/platform.hpp"
#include "lfdm_version.hpp"
#include "telegraf/es_template.hpp"
#include "telegraf/file_output.hpp"
#include "telegraf/telegraf_check.hpp"
#include "telegraf/telegraf_conf.hpp"

#ifdef _WIN32
#include <io.h>
#else
#include <unistd.h>
#endif

namespace lfdm::confgen {
namespace fs = std::filesystem;
namespace {

constexpr int usage_status = 2;
const std::vector<std::string> lfdm_cluster = {"https://grafana.ether-source.fr:9201",
                                               "https://grafana.ether-source.fr:9202",
                                               "https://grafana.ether-source.fr:9203"};
constexpr const char* grafana_url = "https://grafana.ether-source.fr";

/// The settling of one request: flags first, then answers, then defaults.
class resolver {
  public:
    resolver(const confgen_options& options, prompter* ask,
             const config::environment_lookup& environment, std::vector<std::string>& warnings)
        : o_(options), ask_(ask), env_(environment), warnings_(warnings) {}

    farm_request run() {
        r_.os = o_.platform.value_or(host_os());
        // --platform writes for another machine: nothing is looked for here.
        local_ = !o_.platform;
        paths_ = default_paths(r_.os);
        if (ask_) {
            ask_->say(
                "lfdm-confgen writes Telegraf's configuration and lfdm-plugin's for this "
                "machine.\nPress Enter to keep the value in brackets.\n");
        }
        identity();
        files();
        elasticsearch();
        plot_check();
        miners_and_extras();
        return r_;
    }

  private:
    /// The flag's value, else the answer, else `fallback`.
    std::string text(const std::optional<std::string>& given, const std::string& question,
                     const std::string& fallback, const answer_check& check = {}) {
        if (given) return *given;
        if (ask_) return ask_->ask(question, fallback, check);
        return fallback;
    }

    bool yes_no(const std::optional<bool>& given, const std::string& question, bool fallback) {
        if (given) return *given;
        if (ask_) return ask_->ask_yes_no(question, fallback);
        return fallback;
    }

    void identity() {
        const auto required_name = [](const std::string& answer) {
            return check_index_name_part(answer);
        };
        r_.pseudo =
            text(o_.pseudo, "Your pseudo (how you find your data in Grafana)", "", required_name);
        if (r_.pseudo.empty()) {
            throw usage_error("--pseudo is needed: the name you find your data under in Grafana");
        }
        r_.es.username =
            text(o_.es_username, "Your LFDM Elasticsearch user name", r_.pseudo, required_name);
        r_.rig = text(o_.rig, "This machine's name (the rig tag)",
                      local_ ? host_name(env_) : std::string());
        r_.launcher_id = text(
            o_.launcher_id, "Your pool launcher id (chia plotnft show; empty: none)", "",
            [](const std::string& a) { return a.empty() ? std::string() : check_launcher_id(a); });
        r_.interval = o_.interval
                          ? parse_interval("--interval", *o_.interval, std::chrono::seconds(1))
                          : duration(std::chrono::seconds(30));
    }

    std::string absolute(const std::string& path, const char* flag) {
        if (is_absolute_path(r_.os, path)) return path;
        if (!local_) {
            throw usage_error(std::string(flag) + " \"" + path + "\" must be an absolute " +
                              std::string(os_name(r_.os)) + " path");
        }
        return fs::absolute(path).lexically_normal().string();
    }

    std::string detected_plugin() {
        if (!local_) return paths_.plugin_path;
        const char* name = r_.os == target_os::windows_os ? "lfdm-plugin.exe" : "lfdm-plugin";
        if (auto self = own_executable()) {
            const auto beside = self->parent_path() / name;
            if (fs::exists(beside)) return beside.string();
        }
        return paths_.plugin_path;
    }

    void files() {
        r_.telegraf_conf = absolute(
            text(o_.output, "Where to write telegraf.conf", paths_.telegraf_conf), "--output");
        r_.plugin_config =
            absolute(text(o_.plugin_config, "Where to write lfdm-plugin's configuration",
                          paths_.plugin_config),
                     "--plugin-config");
        if (r_.telegraf_conf == r_.plugin_config) {
            throw usage_error("--output and --plugin-config name the same file " +
                              r_.plugin_config);
        }
        r_.plugin_path =
            absolute(text(o_.plugin_path, "Where lfdm-plugin is installed", detected_plugin()),
                     "--plugin-path");
        if (local_ && o_.plugin_path && !fs::exists(r_.plugin_path)) {
            throw usage_error("cannot find the plugin " + r_.plugin_path +
                              ": no such file (give --plugin-path where lfdm-plugin is)");
        }
        if (local_ && !fs::exists(r_.plugin_path)) {
            warnings_.push_back("lfdm-plugin is not at " + r_.plugin_path +
                                " yet: install it there before starting Telegraf");
        }
        const std::string log_default =
            r_.os == target_os::windows_os
                ? join_path(r_.os, parent_path(r_.os, r_.telegraf_conf), "telegraf.log")
                : paths_.log_file;
        r_.log_file = o_.log_file.value_or(log_default);
        if (!r_.log_file.empty()) r_.log_file = absolute(r_.log_file, "--log-file");
        r_.system_metrics = o_.system_metrics.value_or(system_metrics_source::plugin);
    }

    void elasticsearch() {
        auto& es = r_.es;
        es.urls = o_.es_urls.empty() ? lfdm_cluster : o_.es_urls;
        es.password_env = o_.es_password_env.value_or("LFDM_ES_PASSWORD");
        if (o_.es_password_store) {
            es.password = password_source::secret_store;
        } else if (o_.es_password_clear) {
            es.password = password_source::clear_text;
            if (auto from_env = env_(es.password_env); from_env && !from_env->empty()) {
                es.clear_password = *from_env;
            } else if (ask_) {
                es.clear_password = ask_->ask_secret("Elasticsearch password (written in clear)");
            }
            if (es.clear_password.empty()) {
                throw usage_error("--es-password-clear needs the password in " + es.password_env +
                                  " (or typed at the question, in a terminal)");
            }
            if (!config::is_utf8(es.clear_password)) {
                throw usage_error("the password in " + es.password_env +
                                  " is not UTF-8 text, which telegraf.conf cannot hold");
            }
        }
        es.ca_file = absolute(o_.es_ca.value_or(paths_.es_ca), "--es-ca");
        if (local_ && o_.es_ca && !fs::exists(es.ca_file)) {
            throw usage_error("cannot find the CA file " + es.ca_file + ": no such file");
        }
        if (local_ && !o_.es_ca && !fs::exists(es.ca_file)) {
            warnings_.push_back("the LFDM CA certificate is not at " + es.ca_file +
                                " yet: copy it there before starting Telegraf");
        }
        if (o_.es_template) es.template_file = absolute(*o_.es_template, "--es-template");
    }

    std::string detected_chia() {
        if (!local_) return {};
        std::optional<fs::path> found;
        if (r_.os == target_os::windows_os) {
            if (auto app_data = env_("LOCALAPPDATA")) found = find_windows_chia(*app_data);
        } else {
            found = find_linux_chia(env_);
        }
        return found ? found->string() : std::string();
    }

    void plot_check() {
        const std::string chia = o_.chia_path.value_or(detected_chia());
        r_.plot_check = yes_no(o_.plot_check, "Check your plots with `chia plots check` (farmers)",
                               !chia.empty());
        const std::string root = local_ ? default_chia_root(env_).value_or("") : "";
        if (r_.plot_check) {
            r_.chia_path = text(o_.chia_path, "The chia program", chia);
            if (r_.chia_path.empty() && local_) {
                throw usage_error("cannot find chia on this machine: give --chia-path");
            }
            if (!r_.chia_path.empty()) r_.chia_path = absolute(r_.chia_path, "--chia-path");
            if (local_ && o_.chia_path && !fs::exists(r_.chia_path)) {
                throw usage_error("cannot find chia at " + r_.chia_path + ": no such file");
            }
            r_.chia_root = text(o_.chia_root, "chia's configuration root (CHIA_ROOT)", root);
            r_.plot_dirs = o_.plot_dirs;
            if (r_.plot_dirs.empty() && ask_) {
                r_.plot_dirs = ask_->ask_list("Your plot directories", {});
            }
        } else {
            r_.chia_root = o_.chia_root.value_or(root);
            r_.plot_dirs = o_.plot_dirs;
        }
        if (!r_.chia_root.empty()) r_.chia_root = absolute(r_.chia_root, "--chia-root");
        r_.challenges = o_.challenges.value_or(30);
        if (o_.plot_check_interval) {
            r_.plot_check_interval = parse_interval(
                "--plot-check-interval", *o_.plot_check_interval, std::chrono::minutes(1));
        }
        if (o_.passphrase_file) {
            r_.passphrase_file = absolute(*o_.passphrase_file, "--passphrase-file");
            if (local_ && !fs::exists(r_.passphrase_file)) {
                throw usage_error("cannot find the passphrase file " + r_.passphrase_file +
                                  ": no such file");
            }
        }
        for (auto& dir : r_.plot_dirs) {
            dir = absolute(dir, "--plot-dir");
            if (local_ && !fs::is_directory(dir)) {
                warnings_.push_back("the plot directory " + dir +
                                    " is not there now (a drive not mounted?)");
            }
        }
        r_.plot_count = o_.plot_count.value_or(local_ ? count_plots(r_.plot_dirs) : 0);
    }

    void miners_and_extras() {
        r_.trex_urls = o_.trex_urls;
        if (r_.trex_urls.empty() && ask_ && ask_->ask_yes_no("Watch a T-Rex miner", false)) {
            r_.trex_urls.push_back(
                ask_->ask("T-Rex's API address", "http://127.0.0.1:4067",
                          [](const std::string& a) { return check_trex_url(a); }));
        }
        // lfdm-plugin refuses a miner listed twice (also as .../summary).
        std::set<std::string> miners;
        for (const auto& url : r_.trex_urls) {
            std::string problem;
            const auto api = trex::api_url(url, problem);
            if (api && !miners.insert(api->text()).second) {
                throw usage_error("--trex " + api->text() + " is given twice");
            }
        }
        r_.trex_password_env = o_.trex_password_env.value_or("");

        const auto smi = local_ ? find_nvidia_smi(env_) : std::nullopt;
        r_.nvidia_smi =
            yes_no(o_.nvidia_smi, "Watch the NVIDIA GPUs with nvidia-smi", smi.has_value());
        r_.nvidia_smi_path = smi ? smi->string()
                             : r_.os == target_os::windows_os
                                 ? "C:\\Windows\\System32\\nvidia-smi.exe"
                                 : "/usr/bin/nvidia-smi";

        if (o_.procstat) {
            r_.procstat = *o_.procstat;
        } else if (ask_) {
            std::vector<std::string> usual;
            if (r_.plot_check) usual = {"chia_harvester", "chia_farmer", "chia_full_node"};
            if (!r_.trex_urls.empty()) usual.push_back("t-rex");
            r_.procstat = ask_->ask_list("Processes to watch (CPU and memory)", usual);
        }

        chia_rpc();
        if (!o_.pools.empty() || o_.no_pool) {
            r_.pools = o_.pools;
        } else if (ask_) {
            const auto pool = ask_->ask("Your 2Miners account as COIN:WALLET (empty: none)", "",
                                        [](const std::string& a) {
                                            if (a.empty()) return std::string();
                                            try {
                                                parse_pool(a);
                                            } catch (const usage_error& e) {
                                                return std::string(e.what());
                                            }
                                            return std::string();
                                        });
            if (!pool.empty()) r_.pools.push_back(parse_pool(pool));
        }
    }

    void chia_rpc() {
        const bool has_certificates =
            local_ && !r_.chia_root.empty() &&
            fs::exists(fs::path(r_.chia_root) / "config" / "ssl" / "ca" / "private_ca.crt");
        if (o_.chia_rpc) {
            r_.chia_rpc = *o_.chia_rpc;
        } else if (ask_ && ask_->ask_yes_no("Watch the chia services through their RPC "
                                            "(harvester, farmer, full node, wallet)",
                                            has_certificates)) {
            const auto names = ask_->ask_list(
                "Which services", {"harvester", "farmer", "full_node", "wallet"},
                [](const std::string& a) {
                    return parse_chia_service(a) ? std::string()
                                                 : "choose harvester, farmer, full_node or wallet";
                });
            for (const auto& name : names)
                r_.chia_rpc.push_back(*parse_chia_service(name));
        }
        if (r_.chia_rpc.empty()) return;
        if (r_.chia_root.empty()) {
            throw usage_error(
                "--chia-rpc needs --chia-root: the chia services' certificates "
                "are under it");
        }
        if (local_ && !has_certificates) {
            warnings_.push_back("no chia certificates under " + r_.chia_root +
                                "/config/ssl: the chia RPC inputs will fail until chia has "
                                "run once there");
        }
    }

    const confgen_options& o_;
    prompter* ask_;
    const config::environment_lookup& env_;
    std::vector<std::string>& warnings_;
    farm_request r_;
    bool local_ = true;
    platform_paths paths_;
};

std::string timestamp() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
#ifdef _WIN32
    localtime_s(&local, &now);
#else
    localtime_r(&now, &local);
#endif
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &local);
    return text;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw usage_error("cannot read " + path + ": " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

int run_check(const std::string& path, std::ostream& out) {
    const auto findings = check_telegraf_conf(read_text(path));
    std::size_t errors = 0, warnings = 0;
    for (const auto& f : findings) {
        out << format_finding(path, f) << '\n';
        errors += f.level == severity::error;
        warnings += f.level == severity::warning;
    }
    if (errors == 0) {
        out << path << ": Telegraf accepts every table and key lfdm-confgen knows";
        if (warnings > 0) out << " (" << warnings << " warning" << (warnings > 1 ? "s" : "") << ")";
        out << '\n';
        return 0;
    }
    out << path << ": " << errors << " error" << (errors > 1 ? "s" : "")
        << ": Telegraf would refuse to start\n";
    return 1;
}

std::string template_pattern(const confgen_options& options) {
    const auto user = options.es_username ? options.es_username : options.pseudo;
    return user ? "data-" + *user + "-*" : "data-*";
}

es_template_options template_options(const std::string& pattern) {
    es_template_options options;
    options.index_pattern = pattern;
    // A farmer's own template outranks the cluster-wide one on its indices.
    options.priority = pattern == "data-*" ? 200 : 210;
    return options;
}

std::string template_text(const std::string& pattern) {
    return pretty_json(es_index_template(documented_measurements(), template_options(pattern)));
}

bool stdin_is_terminal() {
#ifdef _WIN32
    return ::_isatty(0) != 0;
#else
    return ::isatty(0) != 0;
#endif
}

int generate(const confgen_options& options, confgen_io& io) {
    std::vector<std::string> warnings;
    const bool interactive = options.interactive || (!options.non_interactive && io.terminal);
    prompter questions(io.in, io.err);
    const auto request =
        resolve_request(options, interactive ? &questions : nullptr, io.environment, warnings);
    const auto files = build_files(request);

    if (!options.to_stdout && !options.force) {
        const auto existing = existing_files(files);
        if (!existing.empty()) {
            throw usage_error("cannot write " + existing.front() +
                              ": it exists (give --force to replace it; the old one is kept as "
                              "a backup)");
        }
    }
    for (const auto& warning : warnings)
        io.err << "warning: " << warning << '\n';

    if (options.to_stdout) {
        for (const auto& file : files)
            io.out << "# ==> " << file.path << " <==\n" << file.text << '\n';
        io.err << next_steps(request, false);
        return 0;
    }
    const auto backups = write_files(files, timestamp());
    for (const auto& file : files)
        io.out << "wrote " << file.path << (file.secret ? " (readable by its owner only)" : "")
               << '\n';
    for (const auto& backup : backups)
        io.out << "kept the previous file as " << backup << '\n';
    io.out << '\n' << next_steps(request, true);
    return 0;
}

std::string quoted_path(const farm_request& request, const std::string& path) {
    if (path.find(' ') == std::string::npos) return path;
    return (request.os == target_os::windows_os ? "\"" : "'") + path +
           (request.os == target_os::windows_os ? "\"" : "'");
}

}  // namespace

farm_request resolve_request(const confgen_options& options, prompter* ask,
                             const config::environment_lookup& environment,
                             std::vector<std::string>& warnings) {
    return resolver(options, ask, environment, warnings).run();
}

std::vector<output_file> build_files(const farm_request& request) {
    const std::string telegraf_text = telegraf_document(request).to_toml();
    const auto findings = check_telegraf_conf(telegraf_text);
    const auto error = std::find_if(findings.begin(), findings.end(),
                                    [](const finding& f) { return f.level == severity::error; });
    if (error != findings.end()) {
        throw std::logic_error("the configuration written fails its own check: " +
                               format_finding(request.telegraf_conf, *error));
    }
    // One line saying what the file is, as telegraf.conf opens; as a
    // comment whatever the pseudo and rig hold.
    std::ostringstream header;
    config::detail::write_doc(header,
                              "lfdm-plugin configuration of " + request.pseudo + "'s " +
                                  (request.rig.empty() ? std::string("machine") : request.rig) +
                                  ", written by lfdm-confgen " + version +
                                  ".\nCheck it with: lfdm-plugin --check-config --config FILE",
                              "");
    const std::string plugin_text =
        header.str() + write_plugin_config(plugin_configuration(request));
    // Loads it as the plugin will, with every variable it names set.
    parse_plugin_config(plugin_text, request.plugin_config,
                        [](const std::string&) { return std::string("set"); });

    std::vector<output_file> files = {
        {request.telegraf_conf, telegraf_text, request.es.password == password_source::clear_text},
        {request.plugin_config, plugin_text, false}};
    if (!request.es.template_file.empty()) {
        files.push_back(
            {request.es.template_file, template_text("data-" + request.es.username + "-*"), false});
    }
    return files;
}

std::string next_steps(const farm_request& request, bool written) {
    const bool windows = request.os == target_os::windows_os;
    const std::string conf = quoted_path(request, request.telegraf_conf);
    const std::string telegraf =
        windows ? "& \"C:\\Program Files\\Telegraf\\telegraf.exe\"" : "telegraf";
    std::ostringstream out;
    int step = 0;
    out << "Next steps" << (windows ? " (PowerShell as administrator)" : "") << ":\n";
    if (!written) {
        out << ++step << ". Save the files above where their headers say.\n";
    }
    const auto& es = request.es;
    if (es.password == password_source::environment) {
        out << ++step << ". Give Telegraf your Elasticsearch password in " << es.password_env
            << ":\n";
        if (windows) {
            out << "     [Environment]::SetEnvironmentVariable(\"" << es.password_env
                << "\", \"YOUR-PASSWORD\", \"Machine\")\n";
        } else {
            out << "     echo '" << es.password_env
                << "=YOUR-PASSWORD' | sudo tee -a /etc/default/telegraf\n"
                << "     sudo chmod 600 /etc/default/telegraf\n";
        }
    } else if (es.password == password_source::secret_store) {
        out << ++step
            << ". Put your Elasticsearch password in the keyring, as the account the\n"
               "   Telegraf service runs under:\n     "
            << telegraf << " --config " << conf << " secrets set lfdm es_password\n";
    }
    if (!request.trex_password_env.empty()) {
        out << ++step << ". Give Telegraf T-Rex's API password in " << request.trex_password_env
            << ", the same way:\n   lfdm-plugin cannot start while it is unset.\n";
    }
    out << ++step << ". Make sure the LFDM CA certificate is at " << es.ca_file << ".\n";
    if (!es.template_file.empty()) {
        out << ++step << ". Install the LFDM index template once (it maps integers as long, "
            << "floats as double):\n     " << (windows ? "curl.exe" : "curl") << " --cacert "
            << quoted_path(request, es.ca_file) << " -u " << es.username
            << " -X PUT -H \"Content-Type: application/json\" --data-binary "
            // PowerShell reads a bare @ as splatting: quote the whole argument.
            << (windows ? "\"@" + es.template_file + "\""
                        : "@" + quoted_path(request, es.template_file))
            << " " << es.urls.front() << "/_index_template/lfdm-" << es.username << "\n";
    }
    out << ++step << ". Test: Telegraf gathers once and prints the metrics, sending nothing:\n     "
        << telegraf << " --config " << conf << " --test\n";
    if (windows) {
        out << ++step << ". Run Telegraf as a Windows service with this file:\n     " << telegraf
            << " --config " << conf << " service install\n     " << telegraf << " service start\n";
    } else {
        out << ++step << ". Restart Telegraf: sudo systemctl restart telegraf\n";
        if (!request.chia_rpc.empty() || request.plot_check) {
            out << "   The telegraf service user must be able to read " << request.chia_root
                << "\n   (or run it as your user: sudo systemctl edit telegraf, then\n"
                << "   [Service] User=YOUR-USER).\n";
        }
    }
    out << ++step << ". In Grafana (" << grafana_url << "), choose the pseudo \"" << request.pseudo
        << "\";\n   the data lands in the indices data-" << es.username << "-YYYY.MM.DD.\n";
    return out.str();
}

int run_confgen(const std::vector<std::string_view>& args, confgen_io& io) {
    try {
        const auto options = parse_confgen_cli(args);
        switch (options.what) {
            case confgen_options::action::help:
                io.out << confgen_usage();
                return 0;
            case confgen_options::action::version:
                io.out << "lfdm-confgen " << version << '\n';
                return 0;
            case confgen_options::action::check:
                return run_check(options.check_file, io.out);
            case confgen_options::action::print_es_template:
                io.out << template_text(template_pattern(options));
                return 0;
            case confgen_options::action::generate:
                return generate(options, io);
        }
    } catch (const usage_error& e) {
        io.err << "lfdm-confgen: " << e.what() << '\n';
        return usage_status;
    } catch (const write_error& e) {
        io.err << "lfdm-confgen: " << e.what() << "; nothing was replaced\n";
        return 1;
    } catch (const std::exception& e) {
        io.err << "lfdm-confgen: " << e.what() << '\n';
        return 1;
    }
    return 0;
}

int confgen_main(int argc, char** argv) {
    // The same bytes on every platform: no CRLF translation on Windows.
    platform::prepare_standard_streams();
    const std::vector<std::string> arguments = platform::command_line_arguments(argc, argv);
    const std::vector<std::string_view> args(arguments.begin(), arguments.end());
    confgen_io io{std::cin, std::cout, std::cerr};
    io.terminal = stdin_is_terminal();
    return run_confgen(args, io);
}

}  // namespace lfdm::confgen
