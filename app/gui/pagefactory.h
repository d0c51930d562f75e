#pragma once

namespace opsdeck {

class AppContext;
class MainWindow;

// The GUI's wiring: builds the pages with the facades each needs from the composition root and
// adds them to the window; the alert monitor's notifications go to the tray or the desktop. Pages
// appear here as their features land; there are no placeholder pages.
void addPages(MainWindow &window, AppContext &context);

} // namespace opsdeck
