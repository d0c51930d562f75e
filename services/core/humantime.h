#pragma once

#include <QDateTime>
#include <QString>

namespace opsdeck {

// The one way OpsDeck shows a moment: relative in the text ("just now", "5 min ago", "9 h ago",
// "3 days ago", "in 2 h" for the future), exact in a tooltip ("2026-12-07 16:57 UTC").
QString relativeTime(const QDateTime &then, const QDateTime &now);
QString exactTime(const QDateTime &when);

} // namespace opsdeck
