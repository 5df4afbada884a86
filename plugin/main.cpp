#include "app/plugin_main.hpp"

int main(int argc, char** argv) {
    return lfdm::plugin_main(argc, argv);
}
