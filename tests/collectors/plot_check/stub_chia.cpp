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
// comments. What the stub saw (its pid, arguments, environment, stdin,
// whether it runs as the root of a tree of its own) is written to
// LFDM_STUB_CHIA_RECORD when set, one "key value" a line. It builds for
// POSIX and for Windows, where `child` starts the stub again as `--hang`.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

#if defined(_WIN32)
#include <fcntl.h>
#include <io.h>
#include <process.h>
#include <windows.h>
#else
#include <unistd.h>
#endif

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
#if defined(_WIN32)
        const int n = ::_write(fd, text.data() + done, static_cast<unsigned>(text.size() - done));
#else
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
#endif
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
#if defined(_WIN32)
    note("pid", std::to_string(::_getpid()));
#else
    note("pid", std::to_string(::getpid()));
#endif
    for (int i = 1; i < argc; ++i)
        note("arg", argv[i]);
    for (const char* name : {"NO_COLOR", "PYTHONIOENCODING", "CHIA_ROOT"}) {
        const char* value = std::getenv(name);
        note("env", std::string(name) + "=" + (value ? value : "(unset)"));
    }
    // The null device ends at once; an open pipe or terminal has nothing
    // within 100 ms (the reading thread is left behind then).
    auto read = std::make_shared<std::promise<int>>();
    auto read_one = read->get_future();
    std::thread([read] {
        char byte = 0;
#if defined(_WIN32)
        read->set_value(::_read(0, &byte, 1));
#else
        read->set_value(static_cast<int>(::read(0, &byte, 1)));
#endif
    }).detach();
    const bool eof =
        read_one.wait_for(std::chrono::milliseconds(100)) == std::future_status::ready &&
        read_one.get() == 0;
    note("stdin", eof ? "eof" : "open");
#if defined(_WIN32)
    BOOL in_job = FALSE;
    ::IsProcessInJob(::GetCurrentProcess(), nullptr, &in_job);
    note("own_tree", in_job ? "yes" : "no");
#else
    note("own_tree", ::getsid(0) == ::getpid() ? "yes" : "no");
#endif
}

[[noreturn]] void hang() {
    for (;;)
        std::this_thread::sleep_for(std::chrono::hours(1));
}

/// Starts a process that sleeps for ever holding the stub's stdout and
/// stderr: a grandchild of the plugin.
void start_child(const char* self) {
#if defined(_WIN32)
    std::string command = std::string("\"") + self + "\" --hang";
    STARTUPINFOA startup{};
    startup.cb = sizeof startup;
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = ::GetStdHandle(STD_INPUT_HANDLE);
    startup.hStdOutput = ::GetStdHandle(STD_OUTPUT_HANDLE);
    startup.hStdError = ::GetStdHandle(STD_ERROR_HANDLE);
    PROCESS_INFORMATION info{};
    if (!::CreateProcessA(nullptr, command.data(), nullptr, nullptr, TRUE, 0, nullptr, nullptr,
                          &startup, &info)) {
        std::exit(6);
    }
    ::CloseHandle(info.hThread);
    ::CloseHandle(info.hProcess);
    note("child", std::to_string(info.dwProcessId));
#else
    (void)self;
    const pid_t pid = ::fork();
    if (pid == 0) hang();
    note("child", std::to_string(pid));
#endif
}

std::string directory_of(const std::string& path) {
    const std::size_t slash = path.find_last_of("/\\");
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && std::string(argv[1]) == "--hang") hang();
#if defined(_WIN32)
    ::_setmode(1, _O_BINARY);
    ::_setmode(2, _O_BINARY);
#endif
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
            start_child(argv[0]);
        } else if (command == "hang") {
            hang();
        } else if (command == "exit") {
            return std::stoi(text);
        }
    }
    return 0;
}
