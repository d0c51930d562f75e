#pragma once

#include <QString>

namespace opsdeck {

// Removes C0/C1 control characters (except tab/newline when allowed), ANSI/OSC escape
// sequences and bidi overrides from text that came from outside, before display or logging.
QString sanitizeForDisplay(const QString &text, bool keepNewlines = false);

} // namespace opsdeck
