#pragma once

namespace creditdesk::app {

// Starts the desktop app (QApplication); returns its exit status.
int runGui(int argc, char *argv[]);

} // namespace creditdesk::app
