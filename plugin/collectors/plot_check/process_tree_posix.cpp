#include <cerrno>
#include <csignal>
#include <unistd.h>

#include "collectors/plot_check/process_tree.hpp"

namespace lfdm::plot_check {

namespace detail {

boost::system::error_code start_session() {
    if (::setsid() < 0) return {errno, boost::system::system_category()};
    return {};
}

unsigned long suspended_creation_flag() {
    return 0;
}

void adopt_suspended(void*, void*, void*) {}

}  // namespace detail

process_tree::process_tree() = default;

process_tree::~process_tree() {
    kill();
}

void process_tree::kill() {
    // The root leads its own process group (setsid), which its children
    // inherit; a negative id signals the whole group.
    if (root_ > 0) ::kill(-root_, SIGKILL);
}

}  // namespace lfdm::plot_check
