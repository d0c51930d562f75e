#pragma once

#include <QString>

class QApplication;

namespace opsdeck {

// Fusion with a light or dark palette; "system" follows the desktop's palette.
void applyTheme(QApplication &app, const QString &mode);
bool systemPrefersDark();

} // namespace opsdeck
