#include "telegraf/confgen_cli.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <functional>

#include "collectors/trex/trex_config.hpp"
#include "core/config_schema.hpp"

namespace lfdm::confgen {
namespace {

using setter = std::function<void(confgen_options&, std::string_view)>;

/// One flag: its name, whether it takes a value, and what it sets.
struct flag {
    std::string name;
    bool takes_value;
    setter apply;
};

std::string text(std::string_view value) {
    return std::string(value);
}

std::int64_t parse_count(std::string_view name, std::string_view value, std::int64_t minimum,
                         std::int64_t maximum) {
    std::int64_t number = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
    if (ec != std::errc() || end != value.data() + value.size() || number < minimum ||
        number > maximum) {
        throw usage_error(std::string(name) + " needs a whole number from " +
                          std::to_string(minimum) + " to " + std::to_string(maximum) + ", not \"" +
                          std::string(value) + "\"");
    }
    return number;
}

std::string checked(std::string_view name, std::string_view value,
                    std::string (*check)(std::string_view)) {
    if (auto problem = check(value); !problem.empty()) {
        throw usage_error("bad " + std::string(name) + " \"" + std::string(value) +
                          "\": " + problem);
    }
    return text(value);
}

std::string checked_env_name(std::string_view name, std::string_view value) {
    const bool ok = !value.empty() && !std::isdigit(static_cast<unsigned char>(value[0])) &&
                    std::all_of(value.begin(), value.end(), [](char c) {
                        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                    });
    if (!ok) {
        throw usage_error(std::string(name) + " needs an environment variable name (letters, " +
                          "digits and _), not \"" + std::string(value) + "\"");
    }
    return text(value);
}

std::vector<chia_service> parse_services(std::string_view value) {
    std::vector<chia_service> services;
    while (!value.empty()) {
        const std::size_t comma = value.find(',');
        const std::string_view name = value.substr(0, comma);
        if (name == "all") {
            services = all_chia_services();
        } else if (auto service = parse_chia_service(name)) {
            if (std::find(services.begin(), services.end(), *service) == services.end())
                services.push_back(*service);
        } else {
            throw usage_error("--chia-rpc: unknown chia service \"" + std::string(name) +
                              "\"; choose harvester, farmer, full_node, wallet or all");
        }
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
    }
    return services;
}

const std::vector<flag>& flags() {
    using o = confgen_options;
    static const std::vector<flag> all = {
        {"--help", false, [](o& x, auto) { x.what = o::action::help; }},
        {"--version", false, [](o& x, auto) { x.what = o::action::version; }},
        {"--check", true,
         [](o& x, auto v) {
             x.what = o::action::check;
             x.check_file = text(v);
         }},
        {"--print-es-template", false, [](o& x, auto) { x.what = o::action::print_es_template; }},
        {"--platform", true,
         [](o& x, auto v) {
             if (v != "linux" && v != "windows") {
                 throw usage_error("--platform needs \"linux\" or \"windows\", not \"" + text(v) +
                                   "\"");
             }
             x.platform = v == "windows" ? target_os::windows_os : target_os::linux_os;
         }},
        {"--pseudo", true,
         [](o& x, auto v) { x.pseudo = checked("pseudo", v, check_index_name_part); }},
        {"--rig", true,
         [](o& x, auto v) {
             if (v.empty()) throw usage_error("--rig needs a name");
             x.rig = text(v);
         }},
        {"--launcher-id", true,
         [](o& x, auto v) { x.launcher_id = checked("launcher id", v, check_launcher_id); }},
        {"--interval", true,
         [](o& x, auto v) {
             parse_interval("--interval", v, std::chrono::seconds(1));
             x.interval = text(v);
         }},
        {"--log-file", true, [](o& x, auto v) { x.log_file = text(v); }},
        {"--no-log-file", false, [](o& x, auto) { x.log_file = std::string(); }},
        {"--plot-count", true,
         [](o& x, auto v) { x.plot_count = parse_count("--plot-count", v, 0, 100'000'000); }},
        {"--es-url", true,
         [](o& x, auto v) { x.es_urls.push_back(checked("Elasticsearch URL", v, check_url)); }},
        {"--es-username", true,
         [](o& x, auto v) {
             x.es_username = checked("Elasticsearch user name", v, check_index_name_part);
         }},
        {"--es-password-env", true,
         [](o& x, auto v) { x.es_password_env = checked_env_name("--es-password-env", v); }},
        {"--es-password-clear", false, [](o& x, auto) { x.es_password_clear = true; }},
        {"--es-password-store", false, [](o& x, auto) { x.es_password_store = true; }},
        {"--es-ca", true, [](o& x, auto v) { x.es_ca = text(v); }},
        {"--es-template", true, [](o& x, auto v) { x.es_template = text(v); }},
        {"--output", true, [](o& x, auto v) { x.output = text(v); }},
        {"--plugin-config", true, [](o& x, auto v) { x.plugin_config = text(v); }},
        {"--plugin-path", true, [](o& x, auto v) { x.plugin_path = text(v); }},
        {"--system-metrics", true,
         [](o& x, auto v) {
             if (v == "plugin") {
                 x.system_metrics = system_metrics_source::plugin;
             } else if (v == "telegraf") {
                 x.system_metrics = system_metrics_source::telegraf;
             } else if (v == "none") {
                 x.system_metrics = system_metrics_source::none;
             } else {
                 throw usage_error(
                     "--system-metrics needs \"plugin\", \"telegraf\" or \"none\", "
                     "not \"" +
                     text(v) + "\"");
             }
         }},
        {"--plot-check", false, [](o& x, auto) { x.plot_check = true; }},
        {"--no-plot-check", false, [](o& x, auto) { x.plot_check = false; }},
        {"--chia-path", true, [](o& x, auto v) { x.chia_path = text(v); }},
        {"--chia-root", true, [](o& x, auto v) { x.chia_root = text(v); }},
        {"--passphrase-file", true, [](o& x, auto v) { x.passphrase_file = text(v); }},
        {"--plot-check-interval", true,
         [](o& x, auto v) {
             parse_interval("--plot-check-interval", v, std::chrono::minutes(1));
             x.plot_check_interval = text(v);
         }},
        {"--challenges", true,
         [](o& x, auto v) { x.challenges = parse_count("--challenges", v, 1, 1'000'000); }},
        {"--plot-dir", true,
         [](o& x, auto v) {
             if (v.empty()) throw usage_error("--plot-dir needs a directory");
             x.plot_dirs.push_back(text(v));
         }},
        {"--trex", true,
         [](o& x, auto v) { x.trex_urls.push_back(checked("T-Rex URL", v, check_trex_url)); }},
        {"--trex-password-env", true,
         [](o& x, auto v) { x.trex_password_env = checked_env_name("--trex-password-env", v); }},
        {"--nvidia-smi", false, [](o& x, auto) { x.nvidia_smi = true; }},
        {"--no-nvidia-smi", false, [](o& x, auto) { x.nvidia_smi = false; }},
        {"--procstat", true,
         [](o& x, auto v) {
             if (v.empty()) throw usage_error("--procstat needs a process name");
             if (!x.procstat) x.procstat.emplace();
             x.procstat->push_back(text(v));
         }},
        {"--no-procstat", false, [](o& x, auto) { x.procstat.emplace(); }},
        {"--chia-rpc", true,
         [](o& x, auto v) {
             if (!x.chia_rpc) x.chia_rpc.emplace();
             for (const auto service : parse_services(v)) {
                 if (std::find(x.chia_rpc->begin(), x.chia_rpc->end(), service) ==
                     x.chia_rpc->end())
                     x.chia_rpc->push_back(service);
             }
         }},
        {"--no-chia-rpc", false, [](o& x, auto) { x.chia_rpc.emplace(); }},
        {"--pool-2miners", true, [](o& x, auto v) { x.pools.push_back(parse_pool(v)); }},
        {"--no-pool", false, [](o& x, auto) { x.no_pool = true; }},
        {"--stdout", false, [](o& x, auto) { x.to_stdout = true; }},
        {"--force", false, [](o& x, auto) { x.force = true; }},
        {"--non-interactive", false, [](o& x, auto) { x.non_interactive = true; }},
        {"--interactive", false, [](o& x, auto) { x.interactive = true; }},
    };
    return all;
}

const flag* find_flag(std::string_view name) {
    for (const auto& f : flags()) {
        if (f.name == name) return &f;
    }
    return nullptr;
}

[[noreturn]] void unknown_flag(std::string_view arg) {
    std::vector<std::string> names;
    for (const auto& f : flags())
        names.push_back(f.name);
    std::string message = "unknown option \"" + std::string(arg) + "\"";
    if (auto close = config::nearest(arg, names)) message += " (did you mean \"" + *close + "\"?)";
    throw usage_error(message + "; see lfdm-confgen --help");
}

}  // namespace

confgen_options parse_confgen_cli(const std::vector<std::string_view>& args) {
    confgen_options options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view name = args[i];
        std::optional<std::string_view> value;
        if (name == "-h") name = "--help";
        if (const std::size_t equals = name.find('=');
            name.starts_with("--") && equals != std::string_view::npos) {
            value = name.substr(equals + 1);
            name = name.substr(0, equals);
        }
        const flag* f = find_flag(name);
        if (!f) {
            if (!name.starts_with("-")) {
                throw usage_error("unexpected argument \"" + std::string(name) +
                                  "\": every value follows its option; see lfdm-confgen --help");
            }
            unknown_flag(name);
        }
        if (!f->takes_value && value) {
            throw usage_error("option " + f->name + " takes no value");
        }
        if (f->takes_value && !value) {
            if (i + 1 >= args.size()) throw usage_error("option " + f->name + " needs a value");
            value = args[++i];
        }
        // The value goes into TOML files, which hold UTF-8 only.
        if (value && !config::is_utf8(*value)) {
            throw usage_error("option " + f->name +
                              " has text that is not UTF-8 (set the terminal to UTF-8)");
        }
        f->apply(options, value.value_or(""));
    }
    if (options.interactive && options.non_interactive) {
        throw usage_error("--interactive and --non-interactive cannot be combined");
    }
    if (options.es_password_clear && options.es_password_store) {
        throw usage_error("--es-password-clear and --es-password-store cannot be combined");
    }
    return options;
}

std::string check_index_name_part(std::string_view name) {
    if (name.empty()) return "must not be empty";
    if (name.size() > 100) return "is longer than 100 characters";
    for (const char c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isupper(u)) {
            return "has the capital letter '" + std::string(1, c) +
                   "': Elasticsearch index names are in lower case";
        }
        if (!(std::islower(u) || std::isdigit(u) || c == '-' || c == '_' || c == '.')) {
            const std::string shown = std::isprint(u) && c != ' ' ? "'" + std::string(1, c) + "'"
                                      : c == ' '                  ? "a space"
                                                                  : "a non-ASCII character";
            return "has " + shown +
                   ", which Elasticsearch index names cannot hold (use lower-case letters, "
                   "digits, '-', '_' and '.')";
        }
    }
    if (name.front() == '-' || name.front() == '_' || name.front() == '.') {
        return "starts with '" + std::string(1, name.front()) +
               "' (start with a letter or a digit)";
    }
    return {};
}

std::string check_url(std::string_view url) {
    std::string_view rest;
    if (url.starts_with("https://")) {
        rest = url.substr(8);
    } else if (url.starts_with("http://")) {
        rest = url.substr(7);
    } else {
        return "must start with https:// or http://";
    }
    const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
    if (url.find_first_of(" \t\"\\") != std::string_view::npos) {
        return "has a space, a quote or a backslash";
    }
    // The plugin refuses them too: its configuration would not load.
    if (std::any_of(url.begin(), url.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
        return "has a control character";
    }
    if (authority.find('@') != std::string_view::npos) {
        return "must not hold a user name or password (give them with their own options)";
    }
    const std::size_t colon = authority.starts_with("[") ? authority.find(':', authority.find(']'))
                                                         : authority.rfind(':');
    const std::string_view host = authority.substr(0, colon);
    if (host.empty()) return "has no host name";
    if (colon != std::string_view::npos) {
        const std::string_view port = authority.substr(colon + 1);
        int number = 0;
        const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
        if (port.empty() || ec != std::errc() || end != port.data() + port.size() || number < 1 ||
            number > 65535) {
            return "has a bad port \"" + std::string(port) + "\" (1 to 65535)";
        }
    }
    return {};
}

std::string check_trex_url(std::string_view url) {
    if (auto problem = check_url(url); !problem.empty()) return problem;
    // The plugin's own rule, so that it loads what is written.
    std::string problem;
    (void)trex::api_url(std::string(url), problem);
    return problem;
}

std::string check_launcher_id(std::string_view id) {
    if (id.starts_with("0x")) id.remove_prefix(2);
    const bool hex = std::all_of(
        id.begin(), id.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
    if (id.size() != 64 || !hex) {
        return "must be 64 hexadecimal digits, as `chia plotnft show` prints it";
    }
    return {};
}

std::optional<chia_service> parse_chia_service(std::string_view name) {
    for (const auto service : all_chia_services()) {
        if (chia_service_name(service) == name) return service;
    }
    if (name == "full-node" || name == "node") return chia_service::full_node;
    return std::nullopt;
}

pool_request parse_pool(std::string_view value) {
    const std::size_t colon = value.find(':');
    const auto is_word = [](std::string_view s, bool lower_only) {
        return !s.empty() && std::all_of(s.begin(), s.end(), [&](char c) {
            const auto u = static_cast<unsigned char>(c);
            return (lower_only ? (std::islower(u) || std::isdigit(u)) : std::isalnum(u)) ||
                   (!lower_only && (c == '.' || c == '_' || c == '-'));
        });
    };
    if (colon == std::string_view::npos || !is_word(value.substr(0, colon), true) ||
        !is_word(value.substr(colon + 1), false)) {
        throw usage_error("--pool-2miners needs COIN:WALLET, such as etc:0x12ab..., not \"" +
                          std::string(value) + "\"");
    }
    return {std::string(value.substr(0, colon)), std::string(value.substr(colon + 1))};
}

duration parse_interval(std::string_view flag, std::string_view value, duration minimum) {
    const auto parsed = parse_duration(value);
    if (!parsed || *parsed < minimum) {
        throw usage_error(std::string(flag) + " needs a duration of at least " +
                          format_duration(minimum) + ", such as \"30s\" or \"24h\"; got \"" +
                          std::string(value) + "\"");
    }
    return *parsed;
}

std::string confgen_usage() {
    return R"(Usage: lfdm-confgen [OPTIONS]
       lfdm-confgen --check FILE
       lfdm-confgen --print-es-template [--es-username NAME]
       lfdm-confgen --help | --version

Writes a telegraf.conf that Telegraf accepts as is (global tags, agent, the
LFDM Elasticsearch output, lfdm-plugin through inputs.execd, and the inputs
you choose) and lfdm-plugin's own configuration. In a terminal it asks for
what the options leave out, with what it found on this machine in brackets.

Files:
  --output FILE             telegraf.conf to write
                            (default /etc/telegraf/telegraf.conf,
                            C:\Program Files\Telegraf\telegraf.conf on Windows)
  --plugin-config FILE      lfdm-plugin's configuration to write
                            (default /etc/lfdm/lfdm.toml, C:\ProgramData\lfdm\lfdm.toml)
  --plugin-path FILE        where lfdm-plugin is installed (default: beside
                            lfdm-confgen, else /usr/local/bin/lfdm-plugin,
                            C:\Program Files\lfdm\lfdm-plugin.exe)
  --stdout                  print both files instead of writing them
  --force                   replace existing files (each kept as FILE.<time>.bak)
  --platform linux|windows  write for that system (default: this one); paths
                            are then not looked for on this machine
  --non-interactive         ask nothing: options and detected defaults only
  --interactive             ask even when stdin is not a terminal

You:
  --pseudo NAME             how you find your data in Grafana (required;
                            lower-case letters, digits, '-', '_', '.')
  --rig NAME                this machine's name (default: its host name)
  --launcher-id HEX         your pool launcher id (chia plotnft show)

Telegraf:
  --interval DURATION       how often to gather and send (default 30s)
  --log-file FILE           Telegraf's log file, rotated (default on Windows:
                            telegraf.log beside telegraf.conf)
  --no-log-file             log to stderr (the journal on Linux)
  --plot-count N            plots on the farm, to size the buffer (default:
                            the *.plot files in the plot directories)

Elasticsearch:
  --es-url URL              a node of the cluster; repeat for each (default:
                            https://grafana.ether-source.fr:9201, :9202, :9203)
  --es-username NAME        your user name (default: your pseudo); the indices
                            are data-NAME-YYYY.MM.DD
  --es-password-env VAR     the environment variable Telegraf reads the
                            password from (default LFDM_ES_PASSWORD)
  --es-password-store       read the password from the system keyring instead
  --es-password-clear       write the password in clear (taken from the
                            variable above, or asked); the file gets mode 0600
  --es-ca FILE              the LFDM CA certificate (default /etc/lfdm/lfdm-ca.pem,
                            C:\ProgramData\lfdm\lfdm-ca.pem)
  --es-template FILE        write the LFDM index template to FILE and tell
                            Telegraf not to install its own (manage_template =
                            false); prints the command that installs it
  --print-es-template       print the LFDM index template and stop

lfdm-plugin:
  --system-metrics plugin|telegraf|none
                            who reports CPU, memory, disks and network
                            (default: plugin)
  --plot-check, --no-plot-check
                            run `chia plots check` on a schedule (default: yes
                            when chia is found)
  --chia-path FILE          the chia program (default: found on this machine)
  --chia-root DIR           chia's configuration root (default: $CHIA_ROOT,
                            else ~/.chia/mainnet)
  --challenges N            challenges per plot (default 30)
  --plot-check-interval DURATION
                            time between two checks (default 24h)
  --passphrase-file FILE    the keyring passphrase file, when the keyring is locked
  --plot-dir DIR            a plot directory to watch; repeat for each
  --trex URL                a T-Rex miner's API (http://127.0.0.1:4067); repeat
  --trex-password-env VAR   the variable holding T-Rex's API password

Telegraf's own inputs:
  --nvidia-smi, --no-nvidia-smi
                            NVIDIA GPUs (default: yes when nvidia-smi is found)
  --procstat NAME           CPU and memory of the processes named NAME
                            (chia_harvester, t-rex...); repeat; --no-procstat
  --chia-rpc SERVICES       the chia services' RPC: harvester, farmer,
                            full_node, wallet or all, comma-separated;
                            --no-chia-rpc
  --pool-2miners COIN:WALLET
                            a 2Miners account (etc:0x...); repeat; --no-pool

Exit status: 0 done; 1 a file could not be written, or --check found errors;
2 a wrong option or value (nothing is written then).
)";
}

}  // namespace lfdm::confgen
