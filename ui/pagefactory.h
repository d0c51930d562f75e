#pragma once

namespace opsdeck {

class AppContext;
class MainWindow;

// Builds the pages for the active context and adds them to the window. Pages appear here as
// their features land; there are no placeholder pages.
void addPages(MainWindow &window, AppContext &context);

} // namespace opsdeck
