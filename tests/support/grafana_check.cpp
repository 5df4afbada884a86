#include "support/grafana_check.hpp"

#include <map>
#include <optional>
#include <regex>

#include <boost/json/parse.hpp>

namespace lfdm::test {
namespace {

namespace json = boost::json;

const std::string data_source_uid = "${datasource}";

/// A `<measurement>.<name>` found in a text; the measurement is "tag" for
/// `tag.<name>`.
struct reference {
    std::string measurement;
    std::string name;

    std::string text() const { return measurement + "." + name; }
};

/// What a lucene query names.
struct lucene_names {
    std::set<std::string> measurements;
    /// Every field left of a ':', measurement_name included.
    std::vector<std::string> fields;
};

std::string string_at(const json::value& v, std::string_view key) {
    const auto* object = v.if_object();
    if (!object) return {};
    const auto* member = object->if_contains(key);
    return member && member->is_string() ? std::string(member->get_string()) : std::string();
}

const json::array* array_at(const json::value& v, std::string_view key) {
    const auto* object = v.if_object();
    if (!object) return nullptr;
    const auto* member = object->if_contains(key);
    return member ? member->if_array() : nullptr;
}

std::string joined(const std::set<std::string>& names) {
    std::string out;
    for (const auto& name : names)
        out += (out.empty() ? "" : ", ") + name;
    return out;
}

lucene_names parse_lucene(std::string query) {
    // Quoted values may hold ':' (an endpoint's URL): they name nothing.
    static const std::regex quoted(R"("(\\.|[^"\\])*")");
    query = std::regex_replace(query, quoted, "\"\"");

    lucene_names names;
    static const std::regex measurement(R"(measurement_name:(\(([^)]*)\)|([A-Za-z0-9_*]+)))");
    for (std::sregex_iterator it(query.begin(), query.end(), measurement), end; it != end; ++it) {
        const std::string list = (*it)[2].matched ? (*it)[2].str() : (*it)[3].str();
        static const std::regex word(R"([A-Za-z0-9_*]+)");
        for (std::sregex_iterator w(list.begin(), list.end(), word); w != end; ++w) {
            if (w->str() != "OR") names.measurements.insert(w->str());
        }
    }
    static const std::regex field(R"(([A-Za-z0-9_.@]+):)");
    for (std::sregex_iterator it(query.begin(), query.end(), field), end; it != end; ++it)
        names.fields.push_back((*it)[1]);
    return names;
}

/// The dashboard being checked, and the problems found so far.
class checker {
  public:
    checker(const dashboard_catalogue& catalogue, std::vector<std::string>& problems)
        : catalogue_(catalogue), problems_(problems) {}

    void check(const json::value& dashboard);

    /// Every `<measurement>.<field>` the dashboard's panels name.
    std::set<std::string> fields_seen;

  private:
    void problem(const std::string& where, const std::string& what) {
        problems_.push_back(title_ + ": " + where + ": " + what);
    }

    void check_import(const json::value& dashboard);
    void check_variables(const json::value& dashboard);
    void check_variable(const json::value& variable, const std::string& tag);
    void check_panel(const json::value& panel, std::set<std::int64_t>& ids);
    /// Checks the panel's id and place; returns how messages name it.
    std::string check_placement(const json::value& panel, std::set<std::int64_t>& ids);
    std::set<std::string> check_query(const json::value& target, const std::string& where);
    void check_metrics(const json::value& target, const std::set<std::string>& read,
                       const std::string& where);
    std::set<std::string> check_buckets(const json::value& target,
                                        const std::set<std::string>& read,
                                        const std::string& where);
    void check_lucene(const std::string& query, const std::set<std::string>& read,
                      const std::string& where);
    void check_data_source(const json::value& holder, const std::string& where);
    std::set<std::string> columns_of(const json::value& target,
                                     const std::set<std::string>& read) const;
    void check_columns(const json::value& panel, std::set<std::string> columns,
                       const std::string& where);
    /// Applies a transformation to the columns (names, and names shown);
    /// false for one this check does not know.
    bool follow(const json::value& transformation, std::set<std::string>& columns,
                std::set<std::string>& shown, const std::string& where);
    void need_column(const std::string& name, const std::set<std::string>& known,
                     const std::string& what, const std::string& where);
    void check_units(const json::value& panel, const std::string& where);
    void check_override_units(const json::value& config, const std::string& where);
    void check_unit(const std::string& dotted, const std::string& unit, const std::string& where);

    /// The type of `dotted` ("m.f"), a field of a measurement in `read`; a
    /// problem and nothing when it is not one.
    std::optional<std::string> field_type(const std::string& dotted,
                                          const std::set<std::string>& read,
                                          const std::string& where);
    bool check_tag(const std::string& tag, const std::set<std::string>& read,
                   const std::string& where);
    void check_reference(const reference& r, const std::set<std::string>& read,
                         const std::string& where);
    void check_names_in(const json::value& v, const std::set<std::string>& read,
                        const std::string& where);
    std::vector<reference> references_in(std::string text) const;

    const dashboard_catalogue& catalogue_;
    std::vector<std::string>& problems_;
    std::string title_ = "dashboard";
};

void checker::check(const json::value& dashboard) {
    if (!dashboard.is_object()) {
        problem("top", "not a JSON object");
        return;
    }
    if (const auto title = string_at(dashboard, "title"); !title.empty()) title_ = title;
    check_import(dashboard);
    check_variables(dashboard);

    const auto* panels = array_at(dashboard, "panels");
    if (!panels || panels->empty()) {
        problem("panels", "no panel");
        return;
    }
    std::set<std::int64_t> ids;
    for (const auto& panel : *panels)
        check_panel(panel, ids);
}

void checker::check_import(const json::value& dashboard) {
    bool input = false;
    if (const auto* inputs = array_at(dashboard, "__inputs")) {
        for (const auto& i : *inputs) {
            input = input || (string_at(i, "name") == "DS_ELASTICSEARCH" &&
                              string_at(i, "type") == "datasource" &&
                              string_at(i, "pluginId") == "elasticsearch");
        }
    }
    if (!input) problem("__inputs", "no Elasticsearch data source input DS_ELASTICSEARCH");

    const auto* schema = dashboard.as_object().if_contains("schemaVersion");
    if (!schema || !schema->is_int64() || schema->as_int64() < 38 || schema->as_int64() > 41) {
        problem("schemaVersion", "not one of Grafana 10 and 11 (38 to 41)");
    }
    if (string_at(dashboard, "uid").empty()) problem("uid", "missing");
    if (string_at(dashboard, "title").empty()) problem("title", "missing");
}

void checker::check_variables(const json::value& dashboard) {
    std::map<std::string, const json::value*> variables;
    const auto* templating = dashboard.as_object().if_contains("templating");
    const auto* list = templating ? array_at(*templating, "list") : nullptr;
    if (list) {
        for (const auto& v : *list)
            variables[string_at(v, "name")] = &v;
    }

    const auto source = variables.find("datasource");
    if (source == variables.end() || string_at(*source->second, "type") != "datasource" ||
        string_at(*source->second, "query") != "elasticsearch") {
        problem("variables", "no variable \"datasource\" of type datasource for elasticsearch");
    }
    for (const std::string tag : {"pseudo", "host"}) {
        const auto found = variables.find(tag);
        if (found == variables.end()) {
            problem("variables", "no variable \"" + tag + "\"");
        } else {
            check_variable(*found->second, tag);
        }
    }
}

void checker::check_variable(const json::value& variable, const std::string& tag) {
    const std::string where = "variable " + tag;
    if (string_at(variable, "type") != "query") problem(where, "not a query variable");
    check_data_source(variable, where);

    json::value query;
    try {
        query = json::parse(string_at(variable, "query"));
    } catch (const std::exception& e) {
        problem(where, std::string("query is not JSON: ") + e.what());
        return;
    }
    if (string_at(query, "find") != "terms" || string_at(query, "field") != "tag." + tag) {
        problem(where, "does not list the terms of tag." + tag);
    }
    const auto lucene = string_at(query, "query");
    const auto read = parse_lucene(lucene).measurements;
    for (const auto& m : read) {
        if (!catalogue_.measurements.contains(m)) problem(where, "unknown measurement " + m);
    }
    check_lucene(lucene, read, where);
    if (tag == "host" && lucene.find("tag.pseudo:$pseudo") == std::string::npos) {
        problem(where, "does not list the hosts of the chosen pseudo (tag.pseudo:$pseudo)");
    }
}

void checker::check_data_source(const json::value& holder, const std::string& where) {
    const auto* object = holder.if_object();
    const auto* source = object ? object->if_contains("datasource") : nullptr;
    if (!source || string_at(*source, "type") != "elasticsearch" ||
        string_at(*source, "uid") != data_source_uid) {
        problem(where, "does not read the data source ${datasource} (elasticsearch)");
    }
}

std::string checker::check_placement(const json::value& panel, std::set<std::int64_t>& ids) {
    const auto* id = panel.as_object().if_contains("id");
    std::string where = "panel";
    if (!id || !id->is_int64() || id->as_int64() <= 0) {
        problem(where + " \"" + string_at(panel, "title") + "\"", "no positive integer id");
    } else {
        where += " " + std::to_string(id->as_int64());
        if (!ids.insert(id->as_int64()).second) problem(where, "id used twice");
    }
    where += " \"" + string_at(panel, "title") + "\"";

    const auto* grid = panel.as_object().if_contains("gridPos");
    const auto number = [&](std::string_view key) -> std::int64_t {
        const auto* o = grid ? grid->if_object() : nullptr;
        const auto* v = o ? o->if_contains(key) : nullptr;
        return v && v->is_int64() ? v->as_int64() : -1;
    };
    if (number("w") < 1 || number("h") < 1 || number("x") < 0 || number("y") < 0 ||
        number("x") + number("w") > 24) {
        problem(where, "gridPos is not a place on the 24-column grid");
    }
    return where;
}

void checker::check_panel(const json::value& panel, std::set<std::int64_t>& ids) {
    const auto* object = panel.if_object();
    if (!object) {
        problem("panels", "a panel is not an object");
        return;
    }
    const auto where = check_placement(panel, ids);
    if (string_at(panel, "type") == "row") {
        if (const auto* nested = array_at(panel, "panels")) {
            for (const auto& p : *nested)
                check_panel(p, ids);
        }
        return;
    }
    check_data_source(panel, where);
    const auto* targets = array_at(panel, "targets");
    if (!targets || targets->empty()) {
        problem(where, "no query");
        return;
    }
    std::set<std::string> ref_ids;
    std::set<std::string> read;
    std::set<std::string> columns;
    for (const auto& target : *targets) {
        const auto ref_id = string_at(target, "refId");
        if (ref_id.empty() || !ref_ids.insert(ref_id).second) {
            problem(where, "a query without a refId of its own");
        }
        const auto target_read = check_query(target, where + " query " + ref_id);
        columns.merge(columns_of(target, target_read));
        read.insert(target_read.begin(), target_read.end());
    }
    // What the panel does with the results names the same fields, and the
    // columns the queries give.
    for (const auto& [key, value] : *object) {
        if (key != "targets") check_names_in(value, read, where);
    }
    check_columns(panel, std::move(columns), where);
    check_units(panel, where);
}

void checker::check_unit(const std::string& dotted, const std::string& unit,
                         const std::string& where) {
    // The Grafana units that show each documented unit; fields in other
    // units (counts, rates of events) are not checked.
    static const std::map<std::string, std::set<std::string>> shown_as = {
        {"bytes", {"bytes", "decbytes"}},
        {"bytes per second", {"Bps", "binBps"}},
        {"percent", {"percent"}},
        {"seconds", {"s", "dtdurations"}},
        {"milliseconds", {"ms"}},
        {"°C", {"celsius"}},
        {"watts", {"watt"}},
        {"MHz", {"suffix: MHz"}},
        {"hashes per second", {"Hs"}},
        {"hashes per watt", {"si:H/W"}},
    };
    const auto dot = dotted.find('.');
    const auto doc = catalogue_.measurements.find(dotted.substr(0, dot));
    if (dot == std::string::npos || doc == catalogue_.measurements.end()) return;
    const auto documented = doc->second.units.find(dotted.substr(dot + 1));
    if (documented == doc->second.units.end()) return;
    const auto allowed = shown_as.find(documented->second);
    if (allowed != shown_as.end() && !allowed->second.contains(unit)) {
        problem(where, dotted + " is in " + documented->second + ", shown as \"" + unit + "\"");
    }
}

void checker::check_units(const json::value& panel, const std::string& where) {
    const auto* config = panel.as_object().if_contains("fieldConfig");
    if (!config || !config->is_object()) return;

    // The panel's unit applies to every value it shows: checked when those
    // are all fields documented in one unit.
    const auto* defaults = config->as_object().if_contains("defaults");
    const auto unit = defaults ? string_at(*defaults, "unit") : std::string();
    std::set<std::string> fields;
    std::set<std::string> units;
    bool all_fields = true;
    for (const auto& target : *array_at(panel, "targets")) {
        const auto* metrics = array_at(target, "metrics");
        for (const auto& m : metrics ? *metrics : json::array()) {
            const auto* hide = m.as_object().if_contains("hide");
            if (hide && hide->is_bool() && hide->as_bool()) continue;
            static const std::set<std::string> same_unit = {"avg", "sum", "min", "max"};
            const auto field = string_at(m, "field");
            const auto dot = field.find('.');
            const auto doc = catalogue_.measurements.find(field.substr(0, dot));
            if (!same_unit.contains(string_at(m, "type")) || dot == std::string::npos ||
                doc == catalogue_.measurements.end()) {
                all_fields = false;
                continue;
            }
            const auto documented = doc->second.units.find(field.substr(dot + 1));
            units.insert(documented == doc->second.units.end() ? "" : documented->second);
            fields.insert(field);
        }
    }
    if (!unit.empty() && all_fields && units.size() == 1) {
        for (const auto& field : fields)
            check_unit(field, unit, where);
    }

    check_override_units(*config, where);
}

void checker::check_override_units(const json::value& config, const std::string& where) {
    // An override's unit applies to the column it names: "Max <field>",
    // "<field> (lastNotNull)" or the field itself.
    const auto* overrides = array_at(config, "overrides");
    for (const auto& o : overrides ? *overrides : json::array()) {
        const auto* matcher = o.as_object().if_contains("matcher");
        if (!matcher || string_at(*matcher, "id") != "byName") continue;
        std::string name = string_at(*matcher, "options");
        name = name.substr(0, name.find(' ', name.find('.')));
        name = name.substr(name.rfind(' ') == std::string::npos ? 0 : name.rfind(' ') + 1);
        const auto* properties = array_at(o, "properties");
        for (const auto& p : properties ? *properties : json::array()) {
            if (string_at(p, "id") == "unit") check_unit(name, string_at(p, "value"), where);
        }
    }
}

std::set<std::string> checker::columns_of(const json::value& target,
                                          const std::set<std::string>& read) const {
    const auto* metrics = array_at(target, "metrics");
    const auto* buckets = array_at(target, "bucketAggs");
    if (!metrics) return {};
    std::set<std::string> columns;
    for (const auto& m : *metrics) {
        if (string_at(m, "type") != "raw_data") continue;
        // Every field of the documents, flattened as Grafana does.
        columns = {"@timestamp", "measurement_name", "_id", "_index", "_type", "sort", "highlight"};
        for (const auto& tag : catalogue_.common_tags)
            columns.insert("tag." + tag);
        for (const auto& name : read) {
            const auto doc = catalogue_.measurements.find(name);
            if (doc == catalogue_.measurements.end()) continue;
            for (const auto& tag : doc->second.tags)
                columns.insert("tag." + tag);
            for (const auto& [field, type] : doc->second.fields)
                columns.insert(name + "." + field);
        }
        return columns;
    }
    for (const auto& b : buckets ? *buckets : json::array()) {
        if (string_at(b, "type") != "terms") return {};  // Time series: named by alias.
        columns.insert(string_at(b, "field"));
    }
    // Grafana names a metric by its type ("Max"), followed by its field when
    // the query has several metrics of that type.
    static const std::map<std::string, std::string> names = {{"count", "Count"},
                                                             {"avg", "Average"},
                                                             {"sum", "Sum"},
                                                             {"max", "Max"},
                                                             {"min", "Min"},
                                                             {"cardinality", "Unique Count"},
                                                             {"bucket_script", "Bucket Script"}};
    std::map<std::string, int> of_type;
    for (const auto& m : *metrics)
        ++of_type[string_at(m, "type")];
    for (const auto& m : *metrics) {
        const auto type = string_at(m, "type");
        const auto name = names.find(type);
        std::string column = name == names.end() ? type : name->second;
        if (of_type[type] > 1 && type != "count") column += " " + string_at(m, "field");
        columns.insert(column);
    }
    return columns;
}

void checker::need_column(const std::string& name, const std::set<std::string>& known,
                          const std::string& what, const std::string& where) {
    if (!known.contains(name)) {
        problem(where, what + " names the column \"" + name +
                           "\", which the results do not have at that point");
    }
}

bool checker::follow(const json::value& transformation, std::set<std::string>& columns,
                     std::set<std::string>& shown, const std::string& where) {
    const auto id = string_at(transformation, "id");
    const auto* options = transformation.as_object().if_contains("options");
    const auto member = [&](std::string_view key) -> const json::object* {
        const auto* o = options ? options->if_object() : nullptr;
        const auto* v = o ? o->if_contains(key) : nullptr;
        return v ? v->if_object() : nullptr;
    };
    if (id == "filterFieldsByName") {
        const auto* include = member("include");
        const auto* names = include ? include->if_contains("names") : nullptr;
        std::set<std::string> kept;
        for (const auto& n : names && names->is_array() ? names->as_array() : json::array()) {
            need_column(std::string(n.as_string()), columns, id, where);
            kept.insert(std::string(n.as_string()));
        }
        columns = shown = kept;
    } else if (id == "groupBy") {
        std::set<std::string> out;
        const auto* fields = member("fields");
        for (const auto& [key, how] : fields ? *fields : json::object()) {
            const std::string name(key);
            need_column(name, columns, id, where);
            if (string_at(how, "operation") == "groupby") out.insert(name);
            const auto* calcs = array_at(how, "aggregations");
            for (const auto& calc : calcs ? *calcs : json::array())
                out.insert(name + " (" + std::string(calc.as_string()) + ")");
        }
        columns = shown = out;
    } else if (id == "organize") {
        for (const std::string part : {"excludeByName", "indexByName", "renameByName"}) {
            const auto* names = member(part);
            for (const auto& [key, value] : names ? *names : json::object()) {
                need_column(std::string(key), columns, id, where);
                if (value.is_string()) shown.insert(std::string(value.as_string()));
            }
        }
    } else {
        return false;
    }
    return true;
}

void checker::check_columns(const json::value& panel, std::set<std::string> columns,
                            const std::string& where) {
    if (columns.empty()) return;
    // Names, and the names organize shows them under.
    std::set<std::string> shown = columns;
    const auto* transformations = array_at(panel, "transformations");
    for (const auto& t : transformations ? *transformations : json::array()) {
        if (!follow(t, columns, shown, where)) return;  // One this check does not know.
    }
    shown.insert(columns.begin(), columns.end());

    const auto* config = panel.as_object().if_contains("fieldConfig");
    const auto* overrides = config ? array_at(*config, "overrides") : nullptr;
    for (const auto& o : overrides ? *overrides : json::array()) {
        const auto* matcher = o.as_object().if_contains("matcher");
        if (matcher && string_at(*matcher, "id") == "byName") {
            need_column(string_at(*matcher, "options"), shown, "an override", where);
        }
    }
    const auto* options = panel.as_object().if_contains("options");
    const auto* sort = options ? array_at(*options, "sortBy") : nullptr;
    for (const auto& s : sort ? *sort : json::array())
        need_column(string_at(s, "displayName"), shown, "the sort", where);

    const auto* reduce = options && options->is_object()
                             ? options->as_object().if_contains("reduceOptions")
                             : nullptr;
    const auto fields = reduce ? string_at(*reduce, "fields") : std::string();
    if (fields.starts_with("/^") && fields.ends_with("$/")) {
        const auto exact =
            std::regex_replace(fields.substr(2, fields.size() - 4), std::regex(R"(\\(.))"), "$1");
        need_column(exact, columns, "the reduction", where);
    }
}

std::set<std::string> checker::check_query(const json::value& target, const std::string& where) {
    check_data_source(target, where);
    if (string_at(target, "timeField") != "@timestamp") problem(where, "time field not @timestamp");

    const auto query = string_at(target, "query");
    const auto read = parse_lucene(query).measurements;
    if (read.empty()) problem(where, "no measurement_name in the query");
    for (const auto& m : read) {
        if (!catalogue_.measurements.contains(m)) problem(where, "unknown measurement " + m);
    }
    for (const std::string scope : {"tag.pseudo:$pseudo", "tag.host:$host"}) {
        if (query.find(scope) == std::string::npos) problem(where, "does not filter on " + scope);
    }
    check_lucene(query, read, where);
    check_metrics(target, read, where);

    const auto grouped = check_buckets(target, read, where);
    static const std::regex term(R"(\{\{term ([^}]*)\}\})");
    const auto alias = string_at(target, "alias");
    for (std::sregex_iterator it(alias.begin(), alias.end(), term), end; it != end; ++it) {
        if (!grouped.contains((*it)[1])) {
            problem(where, "alias names " + (*it)[1].str() + ", which the query does not group by");
        }
    }
    check_names_in(target, read, where);
    return read;
}

void checker::check_metrics(const json::value& target, const std::set<std::string>& read,
                            const std::string& where) {
    static const std::set<std::string> numeric = {
        "avg", "sum", "min", "max", "extended_stats", "percentiles", "rate"};
    static const std::set<std::string> pipeline = {"moving_avg", "moving_fn", "derivative",
                                                   "serial_diff", "cumulative_sum"};
    static const std::set<std::string> whole = {"count", "raw_data", "raw_document", "logs"};

    const auto* metrics = array_at(target, "metrics");
    if (!metrics || metrics->empty()) {
        problem(where, "no metric");
        return;
    }
    std::set<std::string> ids;
    for (const auto& m : *metrics)
        ids.insert(string_at(m, "id"));
    for (const auto& m : *metrics) {
        const auto type = string_at(m, "type");
        const auto field = string_at(m, "field");
        const auto what = where + " metric " + type + " " + field;
        if (numeric.contains(type)) {
            const auto kind = field_type(field, read, what);
            if (kind && *kind != "integer" && *kind != "float") {
                problem(what, "not a number but a " + *kind);
            }
        } else if (type == "cardinality") {
            // Strings are text in Telegraf's default mapping: only tags count.
            if (!field.starts_with("tag.") || !check_tag(field.substr(4), read, what)) {
                problem(what, "a unique count needs a tag");
            }
        } else if (pipeline.contains(type)) {
            const auto source = string_at(m, "pipelineAgg");
            if (!ids.contains(source.empty() ? field : source)) {
                problem(what, "does not name another metric of the query");
            }
        } else if (type == "bucket_script") {
            const auto* variables = array_at(m, "pipelineVariables");
            if (!variables || variables->empty()) problem(what, "no pipeline variable");
            for (const auto& v : variables ? *variables : json::array()) {
                if (!ids.contains(string_at(v, "pipelineAgg"))) {
                    problem(what, "a variable names no metric of the query");
                }
            }
        } else if (!whole.contains(type)) {
            problem(what, "unknown metric type");
        }
    }
}

std::set<std::string> checker::check_buckets(const json::value& target,
                                             const std::set<std::string>& read,
                                             const std::string& where) {
    std::set<std::string> grouped;
    const auto* buckets = array_at(target, "bucketAggs");
    for (const auto& b : buckets ? *buckets : json::array()) {
        const auto type = string_at(b, "type");
        const auto field = string_at(b, "field");
        const auto what = where + " group by " + type + " " + field;
        if (type == "terms") {
            // Strings are text in Telegraf's default mapping: only tags group.
            if (!field.starts_with("tag.")) {
                problem(what, "only tags can be grouped by");
            } else {
                check_tag(field.substr(4), read, what);
            }
            grouped.insert(field);
        } else if (type == "date_histogram") {
            if (field != "@timestamp") problem(what, "not over @timestamp");
        } else if (type == "filters") {
            const auto* settings = b.as_object().if_contains("settings");
            const auto* filters = settings ? array_at(*settings, "filters") : nullptr;
            for (const auto& f : filters ? *filters : json::array())
                check_lucene(string_at(f, "query"), read, what);
        } else if (type == "histogram") {
            const auto kind = field_type(field, read, what);
            if (kind && *kind != "integer" && *kind != "float") problem(what, "not a number");
        } else {
            problem(what, "unknown group by");
        }
    }
    return grouped;
}

void checker::check_lucene(const std::string& query, const std::set<std::string>& read,
                           const std::string& where) {
    for (const auto& name : parse_lucene(query).fields) {
        if (name == "measurement_name") continue;
        if (name.starts_with("tag.")) {
            check_tag(name.substr(4), read, where);
            continue;
        }
        const auto kind = field_type(name, read, where + " searches " + name);
        // Telegraf's default mapping does not index numbers.
        if (kind && *kind != "string" && *kind != "boolean") {
            problem(where, "searches the " + *kind + " " + name +
                               ": numbers are not searchable without the LFDM index template");
        }
    }
}

std::optional<std::string> checker::field_type(const std::string& dotted,
                                               const std::set<std::string>& read,
                                               const std::string& where) {
    const auto dot = dotted.find('.');
    if (dot == std::string::npos) {
        problem(where, "\"" + dotted + "\" is not <measurement>.<field>");
        return std::nullopt;
    }
    const std::string measurement = dotted.substr(0, dot);
    const std::string field = dotted.substr(dot + 1);
    const auto doc = catalogue_.measurements.find(measurement);
    if (doc == catalogue_.measurements.end()) {
        problem(where, "unknown measurement " + measurement);
        return std::nullopt;
    }
    if (!read.contains(measurement)) {
        problem(where, dotted + " belongs to a measurement the query does not read (" +
                           joined(read) + ")");
        return std::nullopt;
    }
    const auto found = doc->second.fields.find(field);
    if (found == doc->second.fields.end()) {
        problem(where, measurement + " has no field " + field);
        return std::nullopt;
    }
    fields_seen.insert(dotted);
    return found->second;
}

bool checker::check_tag(const std::string& tag, const std::set<std::string>& read,
                        const std::string& where) {
    if (catalogue_.common_tags.contains(tag)) return true;
    for (const auto& m : read) {
        const auto doc = catalogue_.measurements.find(m);
        if (doc != catalogue_.measurements.end() && doc->second.tags.contains(tag)) return true;
    }
    problem(where, "tag " + tag + " is not a tag of " + (read.empty() ? "any" : joined(read)));
    return false;
}

void checker::check_reference(const reference& r, const std::set<std::string>& read,
                              const std::string& where) {
    if (r.measurement == "tag") {
        check_tag(r.name, read, where);
    } else {
        field_type(r.text(), read, where);
    }
}

std::vector<reference> checker::references_in(std::string text) const {
    // Regular expressions in overrides and reductions escape the dot.
    text = std::regex_replace(text, std::regex(R"(\\\.)"), ".");
    static const std::regex dotted(
        R"((^|[^A-Za-z0-9_.])([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z0-9_]+))");
    std::vector<reference> found;
    for (std::sregex_iterator it(text.begin(), text.end(), dotted), end; it != end; ++it) {
        const std::string measurement = (*it)[2];
        if (measurement == "tag" || measurement.starts_with("lfdm_") ||
            catalogue_.measurements.contains(measurement)) {
            found.push_back({measurement, (*it)[3]});
        }
    }
    return found;
}

void checker::check_names_in(const json::value& v, const std::set<std::string>& read,
                             const std::string& where) {
    if (const auto* s = v.if_string()) {
        for (const auto& r : references_in(std::string(*s)))
            check_reference(r, read, where);
    } else if (const auto* a = v.if_array()) {
        for (const auto& item : *a)
            check_names_in(item, read, where);
    } else if (const auto* o = v.if_object()) {
        for (const auto& [key, value] : *o) {
            for (const auto& r : references_in(std::string(key)))
                check_reference(r, read, where);
            check_names_in(value, read, where);
        }
    }
}

}  // namespace

std::vector<std::string> check_dashboard(const json::value& dashboard,
                                         const dashboard_catalogue& catalogue) {
    std::vector<std::string> problems;
    checker(catalogue, problems).check(dashboard);
    // One message per problem, however many places repeat it.
    std::set<std::string> unique(problems.begin(), problems.end());
    return {unique.begin(), unique.end()};
}

std::set<std::string> fields_read(const json::value& dashboard,
                                  const dashboard_catalogue& catalogue) {
    std::vector<std::string> problems;
    checker c(catalogue, problems);
    c.check(dashboard);
    return c.fields_seen;
}

}  // namespace lfdm::test
