// A stand-in for chia in the process tests: replays a script of output and
// behaviour (silence, a crash, a hang, a child process), so the plot check
// collector is tested against a real process, over real pipes.
//
// The script is named by LFDM_STUB_CHIA_SCRIPT; one command per line:
//   err TEXT / errn TEXT   write TEXT to stderr, with / without a newline
//   out TEXT / outn TEXT   the same on stdout
//   replay FILE            copy FILE (next to the script) to stderr
//   sleep MS               pause
//   flood COUNT TEXT       write TEXT and a newline COUNT times to stderr,
//                          as fast as the pipe takes it
//   blob BYTES             write BYTES times 'x' to stderr, no newline
//   child                  start a process that sleeps for ever holding the
//                          pipes (a grandchild of the plugin)
//   hang                   sleep for ever
//   exit CODE              end with CODE
// TEXT understands \t \r \n \e (escape) and \\. Lines starting with # are
// comments. What the stub saw (its pid, arguments, environment, stdin) is
// written to LFDM_STUB_CHIA_RECORD when set, one "key value" a line.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <poll.h>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>

namespace {

std::ofstream record;

std::string unescape(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\' || i + 1 == text.size()) {
            out += text[i];
            continue;
        }
        switch (text[++i]) {
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case 'n':
                out += '\n';
                break;
            case 'e':
                out += '\x1b';
                break;
            default:
                out += text[i];
        }
    }
    return out;
}

void write_all(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            std::exit(5);  // the reader went away
        }
        done += static_cast<std::size_t>(n);
    }
}

void note(const std::string& key, const std::string& value) {
    if (record.is_open()) record << key << ' ' << value << std::endl;
}

void record_start(int argc, char** argv) {
    if (const char* path = std::getenv("LFDM_STUB_CHIA_RECORD")) record.open(path, std::ios::app);
    note("pid", std::to_string(::getpid()));
    for (int i = 1; i < argc; ++i)
        note("arg", argv[i]);
    for (const char* name : {"NO_COLOR", "PYTHONIOENCODING", "CHIA_ROOT"}) {
        const char* value = std::getenv(name);
        note("env", std::string(name) + "=" + (value ? value : "(unset)"));
    }
    // The null device is readable at once, with nothing to read; an open
    // pipe or terminal has nothing within 100 ms.
    pollfd input{0, POLLIN, 0};
    char byte = 0;
    const bool eof = ::poll(&input, 1, 100) == 1 && ::read(0, &byte, 1) == 0;
    note("stdin", eof ? "eof" : "open");
    note("session_leader", ::getsid(0) == ::getpid() ? "yes" : "no");
}

void start_child() {
    const pid_t pid = ::fork();
    if (pid == 0) {
        for (;;)
            ::pause();
    }
    note("child", std::to_string(pid));
}

std::string directory_of(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

}  // namespace

int main(int argc, char** argv) {
    record_start(argc, argv);
    const char* script_path = std::getenv("LFDM_STUB_CHIA_SCRIPT");
    std::ifstream script(script_path ? script_path : "");
    if (!script) {
        write_all(2, "stub chia: no script (set LFDM_STUB_CHIA_SCRIPT)\n");
        return 3;
    }
    for (std::string line; std::getline(script, line);) {
        if (line.empty() || line.front() == '#') continue;
        const std::size_t space = line.find(' ');
        const std::string command = line.substr(0, space);
        const std::string text = space == std::string::npos ? "" : line.substr(space + 1);
        if (command == "err" || command == "errn") {
            write_all(2, unescape(text) + (command == "err" ? "\n" : ""));
        } else if (command == "out" || command == "outn") {
            write_all(1, unescape(text) + (command == "out" ? "\n" : ""));
        } else if (command == "replay") {
            std::ifstream in(directory_of(script_path) + "/" + text, std::ios::binary);
            std::ostringstream all;
            all << in.rdbuf();
            write_all(2, all.str());
        } else if (command == "flood") {
            const std::size_t count = std::stoul(text.substr(0, text.find(' ')));
            const std::string repeated = unescape(text.substr(text.find(' ') + 1)) + "\n";
            std::string block;
            for (std::size_t i = 0; i < count; ++i) {
                block += repeated;
                if (block.size() >= 65536 || i + 1 == count) {
                    write_all(2, block);
                    block.clear();
                }
            }
        } else if (command == "blob") {
            const std::size_t total = std::stoul(text);
            const std::string block(65536, 'x');
            for (std::size_t done = 0; done < total; done += block.size())
                write_all(2, block.substr(0, std::min(block.size(), total - done)));
        } else if (command == "sleep") {
            std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(text)));
        } else if (command == "child") {
            start_child();
        } else if (command == "hang") {
            for (;;)
                ::pause();
        } else if (command == "exit") {
            return std::stoi(text);
        }
    }
    return 0;
}
