#pragma once

#include <QString>

namespace creditdesk::app {

struct DemoOptions {
    // Save a PNG of the window after the first sync, then quit ("" = keep running).
    QString screenshotPath;
};

// `creditdesk --demo`: the real server embedded in this process over a
// temporary directory, seeded with the demo account, and the window signed
// in to it with a temporary profile and in-memory secrets (never the user's
// profile, settings or keychain). Everything is deleted on exit. Needs a
// running QApplication; returns the exit code.
[[nodiscard]] int runDemo(const DemoOptions &options);

} // namespace creditdesk::app
