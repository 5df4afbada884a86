#include "telegraf/confgen_main.hpp"

int main(int argc, char** argv) {
    return lfdm::confgen::confgen_main(argc, argv);
}
