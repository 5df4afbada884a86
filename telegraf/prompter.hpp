#pragma once

#include <functional>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

/// The questions lfdm-confgen asks in a terminal: one line each, the
/// detected default in brackets (Enter keeps it), a wrong answer explained
/// and asked again.
namespace lfdm::confgen {

/// The problem with an answer, or empty when it is fine.
using answer_check = std::function<std::string(const std::string&)>;

/// Asks on `out`, reads answers from `in`.
class prompter {
  public:
    prompter(std::istream& in, std::ostream& out) : in_(in), out_(out) {}

    /// A line of text; `fallback` when the answer is empty. Throws
    /// `usage_error` at the end of the input.
    std::string ask(const std::string& question, const std::string& fallback = {},
                    const answer_check& check = {});
    /// Yes or no.
    bool ask_yes_no(const std::string& question, bool fallback);
    /// Several values, one per line, ended by an empty line; `fallback` when
    /// the first line is empty.
    std::vector<std::string> ask_list(const std::string& question,
                                      const std::vector<std::string>& fallback,
                                      const answer_check& check = {});
    /// Text that is not echoed where the terminal allows it (a password).
    std::string ask_secret(const std::string& question);

    /// Writes a line of explanation.
    void say(const std::string& text);

  private:
    std::string read_line();

    std::istream& in_;
    std::ostream& out_;
};

}  // namespace lfdm::confgen
