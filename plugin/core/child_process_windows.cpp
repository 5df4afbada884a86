// Windows: the child is started with Win32, suspended, put into a job object
// that kills the whole tree when its last handle closes (also when the
// plugin is killed), then resumed. Its stdout and stderr are named pipes,
// overlapped on our side so that Asio reads them on the loop.
#include <atomic>
#include <system_error>
#include <thread>
#include <windows.h>

#include <boost/asio/io_context.hpp>

#include "core/child_process.hpp"
#include "core/utf8_path.hpp"

namespace lfdm {
namespace asio = boost::asio;

namespace {

std::wstring wide(std::string_view text) {
    if (text.empty()) return {};
    const int size =
        MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0);
    std::wstring out(static_cast<std::size_t>(size), L'\0');
    MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), out.data(), size);
    return out;
}

/// A handle closed when it goes out of scope.
struct owned_handle {
    HANDLE handle = nullptr;
    owned_handle() = default;
    explicit owned_handle(HANDLE h) : handle(h == INVALID_HANDLE_VALUE ? nullptr : h) {}
    owned_handle(owned_handle&& other) noexcept : handle(std::exchange(other.handle, nullptr)) {}
    owned_handle& operator=(owned_handle&& other) noexcept {
        std::swap(handle, other.handle);
        return *this;
    }
    ~owned_handle() {
        if (handle) CloseHandle(handle);
    }
    HANDLE release() { return std::exchange(handle, nullptr); }
};

[[noreturn]] void fail(const std::filesystem::path& program, DWORD code) {
    throw std::system_error(static_cast<int>(code), std::system_category(),
                            "cannot start " + utf8_of(program));
}

/// One pipe between us and the child: our end overlapped (for Asio), the
/// child's end inheritable and synchronous, as programs expect their
/// standard handles to be.
struct pipe_ends {
    owned_handle ours;
    owned_handle theirs;
};

pipe_ends make_pipe(bool child_writes, const std::filesystem::path& program) {
    static std::atomic<unsigned> counter{0};
    const std::wstring name = L"\\\\.\\pipe\\lfdm-" + std::to_wstring(GetCurrentProcessId()) +
                              L"-" + std::to_wstring(counter++);
    const DWORD direction = child_writes ? PIPE_ACCESS_INBOUND : PIPE_ACCESS_OUTBOUND;
    pipe_ends ends;
    ends.ours = owned_handle(CreateNamedPipeW(
        name.c_str(), direction | FILE_FLAG_OVERLAPPED | FILE_FLAG_FIRST_PIPE_INSTANCE,
        PIPE_TYPE_BYTE | PIPE_WAIT, 1, 65536, 65536, 0, nullptr));
    if (!ends.ours.handle) fail(program, GetLastError());

    SECURITY_ATTRIBUTES inherit{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
    ends.theirs =
        owned_handle(CreateFileW(name.c_str(), child_writes ? GENERIC_WRITE : GENERIC_READ, 0,
                                 &inherit, OPEN_EXISTING, 0, nullptr));
    if (!ends.theirs.handle) fail(program, GetLastError());
    return ends;
}

owned_handle null_device(const std::filesystem::path& program) {
    SECURITY_ATTRIBUTES inherit{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
    owned_handle device(CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE,
                                    &inherit, OPEN_EXISTING, 0, nullptr));
    if (!device.handle) fail(program, GetLastError());
    return device;
}

/// `argument` quoted so that the child's C runtime reads it back whole.
void append_quoted(std::wstring& line, const std::wstring& argument) {
    if (!argument.empty() && argument.find_first_of(L" \t\n\v\"") == std::wstring::npos) {
        line += argument;
        return;
    }
    line += L'"';
    for (auto it = argument.begin();; ++it) {
        std::size_t backslashes = 0;
        while (it != argument.end() && *it == L'\\') {
            ++it;
            ++backslashes;
        }
        if (it == argument.end()) {
            line.append(backslashes * 2, L'\\');  // before the closing quote
            break;
        }
        if (*it == L'"') {
            line.append(backslashes * 2 + 1, L'\\');
        } else {
            line.append(backslashes, L'\\');
        }
        line += *it;
    }
    line += L'"';
}

/// The plugin's environment with `extra` set over it, as the block
/// CreateProcessW takes. Names compare without case, as Windows does.
std::wstring environment_block(const std::vector<std::pair<std::string, std::string>>& extra) {
    std::vector<std::pair<std::wstring, std::wstring>> overrides;
    for (const auto& [key, value] : extra)
        overrides.emplace_back(wide(key), wide(value));

    std::wstring block;
    wchar_t* current = GetEnvironmentStringsW();
    for (const wchar_t* entry = current; entry && *entry; entry += wcslen(entry) + 1) {
        const std::wstring_view text(entry);
        const auto equals = text.find(L'=', 1);  // "=C:=C:\\dir" entries start with '='
        const auto name = text.substr(0, equals);
        bool replaced = false;
        for (const auto& [key, value] : overrides) {
            if (CompareStringOrdinal(name.data(), static_cast<int>(name.size()), key.data(),
                                     static_cast<int>(key.size()), TRUE) == CSTR_EQUAL) {
                replaced = true;
            }
        }
        if (!replaced) block.append(text).push_back(L'\0');
    }
    if (current) FreeEnvironmentStringsW(current);
    for (const auto& [key, value] : overrides)
        block.append(key + L"=" + value).push_back(L'\0');
    block.push_back(L'\0');
    return block;
}

}  // namespace

struct child_process::state {
    explicit state(asio::io_context& loop) : out(loop), err(loop), in(loop) {}

    asio::readable_pipe out;
    asio::readable_pipe err;
    asio::writable_pipe in;
    owned_handle job;
    owned_handle process;
    int pid = 0;
    std::optional<int> exit_code;
    bool killed = false;
};

child_process::child_process(asio::io_context& loop, const child_spec& spec)
    : state_(std::make_unique<state>(loop)) {
    auto& s = *state_;
    auto out = make_pipe(true, spec.program);
    auto err = make_pipe(true, spec.program);
    pipe_ends in;
    owned_handle null_in;
    if (spec.stdin_pipe) {
        in = make_pipe(false, spec.program);
    } else {
        null_in = null_device(spec.program);
    }
    HANDLE child_in = spec.stdin_pipe ? in.theirs.handle : null_in.handle;

    s.job = owned_handle(CreateJobObjectW(nullptr, nullptr));
    if (!s.job.handle) fail(spec.program, GetLastError());
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    SetInformationJobObject(s.job.handle, JobObjectExtendedLimitInformation, &limits,
                            sizeof limits);

    // Only the three standard handles are inherited, nothing else of ours.
    HANDLE inherited[] = {child_in, out.theirs.handle, err.theirs.handle};
    SIZE_T size = 0;
    InitializeProcThreadAttributeList(nullptr, 1, 0, &size);
    std::vector<char> attributes(size);
    auto* list = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(attributes.data());
    if (!InitializeProcThreadAttributeList(list, 1, 0, &size) ||
        !UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, inherited,
                                   sizeof inherited, nullptr, nullptr)) {
        fail(spec.program, GetLastError());
    }

    STARTUPINFOEXW startup{};
    startup.StartupInfo.cb = sizeof startup;
    startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    startup.StartupInfo.hStdInput = child_in;
    startup.StartupInfo.hStdOutput = out.theirs.handle;
    startup.StartupInfo.hStdError = err.theirs.handle;
    startup.lpAttributeList = list;

    const std::wstring program = spec.program.wstring();
    std::wstring command_line;
    append_quoted(command_line, program);
    for (const auto& arg : spec.args) {
        command_line += L' ';
        append_quoted(command_line, wide(arg));
    }
    std::wstring environment = environment_block(spec.environment);

    PROCESS_INFORMATION info{};
    const BOOL started =
        CreateProcessW(program.c_str(), command_line.data(), nullptr, nullptr, TRUE,
                       CREATE_SUSPENDED | CREATE_NO_WINDOW | CREATE_UNICODE_ENVIRONMENT |
                           EXTENDED_STARTUPINFO_PRESENT,
                       environment.data(), nullptr, &startup.StartupInfo, &info);
    const DWORD error = GetLastError();
    DeleteProcThreadAttributeList(list);
    if (!started) fail(spec.program, error);

    s.process = owned_handle(info.hProcess);
    owned_handle thread(info.hThread);
    s.pid = static_cast<int>(info.dwProcessId);
    if (!AssignProcessToJobObject(s.job.handle, info.hProcess)) {
        const DWORD code = GetLastError();
        TerminateProcess(info.hProcess, 1);
        fail(spec.program, code);
    }
    ResumeThread(thread.handle);

    s.out.assign(out.ours.release());
    s.err.assign(err.ours.release());
    if (spec.stdin_pipe) s.in.assign(in.ours.release());
}

child_process::~child_process() {
    kill_tree();
    reap(std::chrono::milliseconds(500));
}

asio::readable_pipe& child_process::out() {
    return state_->out;
}
asio::readable_pipe& child_process::err() {
    return state_->err;
}
asio::writable_pipe& child_process::in() {
    return state_->in;
}

int child_process::id() const {
    return state_->pid;
}

bool child_process::running() {
    auto& s = *state_;
    if (!s.process.handle) return false;
    if (WaitForSingleObject(s.process.handle, 0) == WAIT_TIMEOUT) return true;
    DWORD code = 0;
    GetExitCodeProcess(s.process.handle, &code);
    s.exit_code = s.killed ? -1 : static_cast<int>(code);
    s.process = owned_handle();
    return false;
}

std::optional<int> child_process::exit_code() const {
    return state_->exit_code;
}

void child_process::kill_tree() {
    auto& s = *state_;
    if (!s.job.handle) return;
    if (s.process.handle) s.killed = true;
    TerminateJobObject(s.job.handle, 1);  // also what the child left behind
}

bool child_process::send_signal(int) {
    return false;
}

bool child_process::reap(duration patience) {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (running()) {
        if (std::chrono::steady_clock::now() >= deadline) {
            state_->process = owned_handle();
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

}  // namespace lfdm
