#include "core/humantime.h"

#include <QCoreApplication>

namespace opsdeck {

namespace {
QString tr(const char *text, int n = -1) { return QCoreApplication::translate("Time", text, nullptr, n); }
} // namespace

QString relativeTime(const QDateTime &then, const QDateTime &now)
{
    if (!then.isValid() || !now.isValid())
        return tr("never");
    const qint64 seconds = then.secsTo(now);
    const bool future = seconds < 0;
    const qint64 s = future ? -seconds : seconds;
    if (s < 45)
        return future ? tr("in a moment") : tr("just now");
    QString span;
    if (s < 3600)
        span = tr("%n min", int(std::max<qint64>(1, (s + 30) / 60)));
    else if (s < 48 * 3600)
        span = tr("%n h", int(s / 3600));
    else
        span = tr("%n days", int(s / 86400));
    return future ? tr("in %1").arg(span) : tr("%1 ago").arg(span);
}

QString exactTime(const QDateTime &when)
{
    if (!when.isValid())
        return QString();
    return when.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")) + QStringLiteral(" UTC");
}

} // namespace opsdeck
