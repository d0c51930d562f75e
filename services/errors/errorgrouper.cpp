#include "errors/errorgrouper.h"

#include "core/text.h"

#include <QHash>
#include <QRegularExpression>

#include <algorithm>

namespace opsdeck {

QString errorSignature(const QString &message)
{
    // Only the first line: stack traces differ by frames, not by the error.
    QString s = sanitizeForDisplay(message.section(QLatin1Char('\n'), 0, 0)).trimmed();
    static const QList<std::pair<QRegularExpression, QString>> rules{
        {QRegularExpression(QStringLiteral("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")),
         QStringLiteral("<uuid>")},
        {QRegularExpression(QStringLiteral("\\b\\d{1,3}(\\.\\d{1,3}){3}(:\\d+)?\\b")), QStringLiteral("<ip>")},
        {QRegularExpression(QStringLiteral("\\b(0x)?[0-9a-fA-F]{12,}\\b")), QStringLiteral("<hex>")},
        {QRegularExpression(QStringLiteral("'[^']*'")), QStringLiteral("'…'")},
        {QRegularExpression(QStringLiteral("\"[^\"]*\"")), QStringLiteral("\"…\"")},
        {QRegularExpression(QStringLiteral("\\b(req|dpl|usr|user|id|ord|cus)_[A-Za-z0-9]+\\b")), QStringLiteral("\\1_…")},
        {QRegularExpression(QStringLiteral("\\d+(\\.\\d+)?")), QStringLiteral("#")},
    };
    for (const auto &[re, replacement] : rules)
        s.replace(re, replacement);
    return s.left(300);
}

QList<ErrorGroup> groupErrors(const QList<RuntimeLogLine> &lines)
{
    QHash<QString, qsizetype> index;
    QList<ErrorGroup> groups;
    QList<QHash<QString, int>> pathCounts;
    for (const RuntimeLogLine &line : lines) {
        const QString level = line.level.toLower();
        if (level != QLatin1String("error") && level != QLatin1String("fatal"))
            continue;
        if (line.source == QLatin1String("delimiter"))
            continue;
        const QString sig = errorSignature(line.message);
        auto it = index.find(sig);
        if (it == index.end()) {
            it = index.insert(sig, groups.size());
            groups.append(ErrorGroup{sig, 0, line.timestamp, line.timestamp,
                                     sanitizeForDisplay(line.message.section(QLatin1Char('\n'), 0, 0)).left(500), {}, {}});
            pathCounts.append(QHash<QString, int>());
        }
        ErrorGroup &g = groups[*it];
        ++g.count;
        if (line.timestamp.isValid()) {
            if (!g.firstSeen.isValid() || line.timestamp < g.firstSeen)
                g.firstSeen = line.timestamp;
            if (!g.lastSeen.isValid() || line.timestamp > g.lastSeen)
                g.lastSeen = line.timestamp;
        }
        if (!line.requestPath.isEmpty())
            ++pathCounts[*it][sanitizeForDisplay(line.requestPath)];
        if (line.responseStatusCode && !g.statusCodes.contains(line.responseStatusCode))
            g.statusCodes.append(line.responseStatusCode);
    }
    for (qsizetype i = 0; i < groups.size(); ++i) {
        QList<std::pair<QString, int>> paths(pathCounts[i].keyValueBegin(), pathCounts[i].keyValueEnd());
        std::sort(paths.begin(), paths.end(), [](const auto &a, const auto &b) {
            return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
        for (qsizetype p = 0; p < paths.size() && p < 10; ++p)
            groups[i].paths << paths[p].first;
        std::sort(groups[i].statusCodes.begin(), groups[i].statusCodes.end());
    }
    std::stable_sort(groups.begin(), groups.end(), [](const ErrorGroup &a, const ErrorGroup &b) {
        return a.count != b.count ? a.count > b.count : a.lastSeen > b.lastSeen;
    });
    return groups;
}

} // namespace opsdeck
