// creditdesk: the desktop app, or with a command the command line
// (`creditdesk --help`). The choice is made from argv before any
// Q*Application exists, so commands run on a QCoreApplication without a display.
#include "app/cli/cli.h"

#ifdef CREDITDESK_HAS_GUI
#include "app/gui_main.h"
#endif

int main(int argc, char *argv[])
{
#ifdef CREDITDESK_HAS_GUI
    if (!creditdesk::cli::isCommandLine(argc, argv))
        return creditdesk::app::runGui(argc, argv);
#endif
    // Without the GUI, no command is a usage error (exit status 1).
    return creditdesk::cli::run(argc, argv);
}
