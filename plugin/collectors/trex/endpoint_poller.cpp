#include "collectors/trex/endpoint_poller.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "core/logger.hpp"

namespace lfdm::trex {
namespace {

namespace asio = boost::asio;
using steady_clock = std::chrono::steady_clock;

constexpr std::string_view component = "trex";

poll_status status_of(http::failure kind) {
    switch (kind) {
        case http::failure::refused:
            return poll_status::refused;
        case http::failure::unreachable:
            return poll_status::unreachable;
        case http::failure::connect_timeout:
            return poll_status::connect_timeout;
        case http::failure::timeout:
            return poll_status::timeout;
        case http::failure::tls:
            return poll_status::tls_error;
        case http::failure::bad_response:
            return poll_status::bad_response;
        case http::failure::truncated:
            return poll_status::truncated;
        case http::failure::too_large:
            return poll_status::too_large;
        default:
            return poll_status::network_error;
    }
}

poll_status status_of(body_error::kind kind) {
    switch (kind) {
        case body_error::kind::truncated:
            return poll_status::truncated;
        case body_error::kind::refused:
            return poll_status::auth_failed;
        default:
            return poll_status::not_json;
    }
}

bool is_connect_failure(http::failure kind) {
    return kind == http::failure::refused || kind == http::failure::unreachable ||
           kind == http::failure::connect_timeout || kind == http::failure::tls;
}

bool is_unauthorized(unsigned status) {
    return status == 401 || status == 403;
}

}  // namespace

struct endpoint_poller::state : std::enable_shared_from_this<endpoint_poller::state> {
    state(asio::io_context& loop, poller_settings s, result_sink out)
        : settings(std::move(s)),
          endpoint(settings.api.text()),
          sink(std::move(out)),
          client(loop, settings.api, settings.client),
          timer(loop) {}

    poller_settings settings;
    std::string endpoint;
    result_sink sink;
    http::client client;
    asio::steady_timer timer;
    std::string sid;
    steady_clock::time_point started;
    std::int64_t failures = 0;
    std::optional<poll_status> logged;
    bool stopped = false;

    void schedule(steady_clock::time_point at) {
        timer.expires_at(at);
        timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
            if (!ec && !self->stopped) self->poll();
        });
    }

    void poll() {
        started = steady_clock::now();
        if (!settings.password.empty() && sid.empty()) {
            log_in();
        } else {
            fetch_summary(false);
        }
    }

    void log_in() {
        const std::string target =
            settings.api.path + "/login?password=" + http::encode_query_value(settings.password);
        client.get(target, [self = shared_from_this()](http::outcome o) {
            if (!self->stopped) self->on_login(std::move(o));
        });
    }

    void on_login(http::outcome o) {
        const std::string what = "cannot log in to " + endpoint;
        if (!o.answer) return fail_transport(o, what);
        if (is_unauthorized(o.answer->status)) {
            return fail(poll_status::auth_failed,
                        what + ": the miner refused the password (" + status_text(*o.answer) + ")");
        }
        if (o.answer->status != 200) {
            return fail(poll_status::http_error, what + ": " + status_text(*o.answer));
        }
        auto decoded = decode_login(o.answer->body);
        if (auto* error = std::get_if<body_error>(&decoded)) {
            if (error->problem == body_error::kind::refused) {
                return fail(poll_status::auth_failed, what + ": the miner refused the password (" +
                                                          from_miner(error->reason) + ")");
            }
            return fail(status_of(error->problem), what + ": " + error->message);
        }
        sid = std::move(std::get<login_session>(decoded).sid);
        log::debug(component, endpoint + ": logged in");
        fetch_summary(true);
    }

    /// `fresh`: the session was opened for this very poll, so a refusal is
    /// not an expired session.
    void fetch_summary(bool fresh) {
        std::string target = settings.api.path + "/summary";
        if (!sid.empty()) target += "?sid=" + http::encode_query_value(sid);
        client.get(target, [self = shared_from_this(), fresh](http::outcome o) {
            if (!self->stopped) self->on_summary(std::move(o), fresh);
        });
    }

    void on_summary(http::outcome o, bool fresh) {
        const std::string what = "cannot read " + endpoint + "/summary";
        if (!o.answer) return fail_transport(o, what);
        if (is_unauthorized(o.answer->status)) {
            return refused(fresh, what + ": " + status_text(*o.answer));
        }
        if (o.answer->status != 200) {
            return fail(poll_status::http_error, what + ": " + status_text(*o.answer));
        }
        auto decoded = decode_summary(o.answer->body);
        if (auto* error = std::get_if<body_error>(&decoded)) {
            if (error->problem == body_error::kind::refused) {
                return refused(fresh, what + ": " + from_miner(error->message));
            }
            return fail(status_of(error->problem), what + ": " + error->message);
        }
        poll_result result;
        result.data = std::move(std::get<summary>(decoded));
        finish(std::move(result));
    }

    /// The miner refused `/summary`. A session that worked before has
    /// probably expired (T-Rex forgets them, and restarts): log in again,
    /// once per poll.
    void refused(bool fresh, std::string message) {
        const bool had_session = !sid.empty();
        sid.clear();
        if (!settings.password.empty() && had_session && !fresh) {
            log::debug(component, endpoint + ": session refused; logging in again");
            return log_in();
        }
        if (settings.password.empty()) {
            message += "; the miner asks for a password: set this endpoint's password";
        }
        fail(poll_status::auth_failed, std::move(message));
    }

    void fail_transport(const http::outcome& o, const std::string& what) {
        const std::string prefix =
            is_connect_failure(o.kind) ? "cannot connect to " + endpoint : what;
        fail(status_of(o.kind), prefix + ": " + o.cause);
    }

    void fail(poll_status status, std::string error) {
        poll_result result;
        result.status = status;
        result.error = std::move(error);
        finish(std::move(result));
    }

    /// Text that comes from the miner (a reason phrase, an error message)
    /// could quote what it was sent: the password and the session id are
    /// hidden from it.
    std::string from_miner(std::string text) const {
        for (const auto& secret : {settings.password, sid}) {
            if (secret.empty()) continue;
            for (const auto& form : {secret, http::encode_query_value(secret)}) {
                for (std::size_t at; (at = text.find(form)) != std::string::npos;) {
                    text.replace(at, form.size(), "(hidden)");
                }
            }
        }
        return text;
    }

    std::string status_text(const http::response& answer) const {
        std::string text = "HTTP " + std::to_string(answer.status);
        if (!answer.reason.empty()) text += " " + from_miner(answer.reason);
        return text;
    }

    void finish(poll_result result) {
        const auto now = steady_clock::now();
        result.poll_time_ms = std::chrono::duration<double, std::milli>(now - started).count();
        const std::int64_t failed_before = failures;
        failures = result.status == poll_status::ok ? 0 : failures + 1;
        result.consecutive_failures = failures;
        log_change(result, failed_before);
        sink(std::move(result));
        schedule(std::max(started + settings.interval, now));
    }

    /// One line when the state changes: the first answer, the first
    /// failure of a kind, the recovery. Nothing while it stays the same.
    void log_change(const poll_result& result, std::int64_t failed_before) {
        if (logged == result.status) return;
        const bool first = !logged;
        logged = result.status;
        if (result.status != poll_status::ok) {
            const bool user_must_act = result.status == poll_status::auth_failed ||
                                       result.status == poll_status::tls_error;
            log::write(user_must_act ? log::level::error : log::level::warning, component,
                       result.error);
            return;
        }
        if (first) {
            const auto& s = *result.data;
            log::info(component, endpoint + ": T-Rex " + s.version.value_or("(version unknown)") +
                                     " answers, " + std::to_string(s.gpus.size()) + " GPUs");
        } else {
            log::info(component, endpoint + ": answers again after " +
                                     std::to_string(failed_before) + " failed polls");
        }
    }

    void stop() {
        stopped = true;
        timer.cancel();
        client.cancel();
    }
};

endpoint_poller::endpoint_poller(asio::io_context& loop, poller_settings settings, result_sink sink)
    : state_(std::make_shared<state>(loop, std::move(settings), std::move(sink))) {}

endpoint_poller::~endpoint_poller() {
    if (state_) state_->stop();
}

void endpoint_poller::start() {
    state_->schedule(steady_clock::now());
}

void endpoint_poller::stop() {
    state_->stop();
}

}  // namespace lfdm::trex
