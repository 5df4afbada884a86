#include "telegraf/prompter.hpp"

#include <cctype>

#include "core/config_schema.hpp"
#include "telegraf/confgen_cli.hpp"

#ifdef _WIN32
#include <windows.h>
#else
#include <termios.h>
#include <unistd.h>
#endif

namespace lfdm::confgen {
namespace {

/// Answers go into TOML files, which hold UTF-8 only.
const std::string not_utf8 = "is not UTF-8 text (set the terminal to UTF-8)";

std::string trimmed(const std::string& text) {
    const std::size_t begin = text.find_first_not_of(" \t\r");
    if (begin == std::string::npos) return {};
    return text.substr(begin, text.find_last_not_of(" \t\r") + 1 - begin);
}

/// Turns terminal echo off for its life, when stdin is a terminal.
class no_echo {
  public:
    no_echo() {
#ifdef _WIN32
        handle_ = ::GetStdHandle(STD_INPUT_HANDLE);
        active_ = ::GetConsoleMode(handle_, &mode_) &&
                  ::SetConsoleMode(handle_, mode_ & ~static_cast<DWORD>(ENABLE_ECHO_INPUT));
#else
        active_ = ::isatty(0) && ::tcgetattr(0, &saved_) == 0;
        if (active_) {
            termios quiet = saved_;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            ::tcsetattr(0, TCSANOW, &quiet);
        }
#endif
    }
    ~no_echo() {
#ifdef _WIN32
        if (active_) ::SetConsoleMode(handle_, mode_);
#else
        if (active_) ::tcsetattr(0, TCSANOW, &saved_);
#endif
    }
    no_echo(const no_echo&) = delete;
    no_echo& operator=(const no_echo&) = delete;
    bool active() const {
        return active_;
    }

  private:
    bool active_ = false;
#ifdef _WIN32
    HANDLE handle_ = nullptr;
    DWORD mode_ = 0;
#else
    termios saved_{};
#endif
};

}  // namespace

std::string prompter::read_line() {
    std::string line;
    if (!std::getline(in_, line)) {
        out_ << '\n';
        throw usage_error("cannot read the answer: the input ended");
    }
    return trimmed(line);
}

std::string prompter::ask(const std::string& question, const std::string& fallback,
                          const answer_check& check) {
    for (;;) {
        out_ << question;
        if (!fallback.empty()) out_ << " [" << fallback << "]";
        out_ << ": " << std::flush;
        std::string answer = read_line();
        if (answer.empty()) answer = fallback;
        const std::string problem = !config::is_utf8(answer) ? not_utf8
                                    : check                  ? check(answer)
                                                             : std::string();
        if (problem.empty()) return answer;
        out_ << "  " << problem << '\n';
    }
}

bool prompter::ask_yes_no(const std::string& question, bool fallback) {
    for (;;) {
        out_ << question << (fallback ? " [Y/n]: " : " [y/N]: ") << std::flush;
        std::string answer = read_line();
        for (auto& c : answer)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (answer.empty()) return fallback;
        if (answer == "y" || answer == "yes" || answer == "o" || answer == "oui") return true;
        if (answer == "n" || answer == "no" || answer == "non") return false;
        out_ << "  answer y or n\n";
    }
}

std::vector<std::string> prompter::ask_list(const std::string& question,
                                            const std::vector<std::string>& fallback,
                                            const answer_check& check) {
    out_ << question << " (one a line, an empty line to end";
    if (!fallback.empty()) {
        out_ << "; an empty line now keeps:";
        for (const auto& item : fallback)
            out_ << ' ' << item;
    }
    out_ << ")\n";
    std::vector<std::string> items;
    for (;;) {
        out_ << "  > " << std::flush;
        const std::string answer = read_line();
        if (answer.empty()) return items.empty() ? fallback : items;
        if (auto problem = !config::is_utf8(answer) ? not_utf8
                           : check                  ? check(answer)
                                                    : std::string();
            !problem.empty()) {
            out_ << "  " << problem << '\n';
            continue;
        }
        items.push_back(answer);
    }
}

std::string prompter::ask_secret(const std::string& question) {
    out_ << question << ": " << std::flush;
    std::string answer;
    {
        no_echo hidden;
        if (!std::getline(in_, answer)) {
            out_ << '\n';
            throw usage_error("cannot read the answer: the input ended");
        }
        if (hidden.active()) out_ << '\n';
    }
    if (!answer.empty() && answer.back() == '\r') answer.pop_back();
    if (!config::is_utf8(answer)) throw usage_error("the answer " + not_utf8);
    return answer;
}

void prompter::say(const std::string& text) {
    out_ << text << '\n';
}

}  // namespace lfdm::confgen
