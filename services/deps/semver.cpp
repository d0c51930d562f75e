#include "deps/semver.h"

#include <QRegularExpression>

namespace opsdeck {

namespace {
int compareIdentifiers(const QString &a, const QString &b)
{
    bool aNum = false;
    bool bNum = false;
    const qulonglong an = a.toULongLong(&aNum);
    const qulonglong bn = b.toULongLong(&bNum);
    if (aNum && bNum)
        return an < bn ? -1 : an > bn ? 1 : 0;
    if (aNum)
        return -1;
    if (bNum)
        return 1;
    return a < b ? -1 : a > b ? 1 : 0;
}

int cmp(qint64 a, qint64 b) { return a < b ? -1 : a > b ? 1 : 0; }
} // namespace

std::optional<SemVer> SemVer::parse(const QString &text)
{
    // node-semver's LOOSE form: optional "=" or "v", spaces allowed before the version.
    static const QRegularExpression re(QStringLiteral(
        "^\\s*[v=\\s]*(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
        "(?:-?((?:\\d+|\\d*[a-zA-Z-][a-zA-Z0-9-]*)(?:\\.(?:\\d+|\\d*[a-zA-Z-][a-zA-Z0-9-]*))*))?"
        "(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?\\s*$"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    SemVer v;
    bool ok1 = false;
    bool ok2 = false;
    bool ok3 = false;
    v.major = m.captured(1).toLongLong(&ok1);
    v.minor = m.captured(2).toLongLong(&ok2);
    v.patch = m.captured(3).toLongLong(&ok3);
    if (!ok1 || !ok2 || !ok3 || v.major > 9007199254740991LL || v.minor > 9007199254740991LL || v.patch > 9007199254740991LL)
        return std::nullopt;  // beyond Number.MAX_SAFE_INTEGER, as node-semver refuses
    if (!m.captured(4).isEmpty())
        v.prerelease = m.captured(4).split(QLatin1Char('.'));
    v.build = m.captured(5);
    return v;
}

int SemVer::compareMain(const SemVer &o) const
{
    if (const int c = cmp(major, o.major))
        return c;
    if (const int c = cmp(minor, o.minor))
        return c;
    return cmp(patch, o.patch);
}

int SemVer::compare(const SemVer &o) const
{
    if (const int c = compareMain(o))
        return c;
    if (prerelease.isEmpty() || o.prerelease.isEmpty())
        return prerelease.isEmpty() == o.prerelease.isEmpty() ? 0 : prerelease.isEmpty() ? 1 : -1;
    for (qsizetype i = 0;; ++i) {
        if (i >= prerelease.size() && i >= o.prerelease.size())
            return 0;
        if (i >= prerelease.size())
            return -1;
        if (i >= o.prerelease.size())
            return 1;
        if (const int c = compareIdentifiers(prerelease[i], o.prerelease[i]))
            return c;
    }
}

QString SemVer::toString() const
{
    QString s = QStringLiteral("%1.%2.%3").arg(major).arg(minor).arg(patch);
    if (!prerelease.isEmpty())
        s += QLatin1Char('-') + prerelease.join(QLatin1Char('.'));
    return s;
}

QString semverDiff(const QString &from, const QString &to)
{
    const auto v1 = SemVer::parse(from);
    const auto v2 = SemVer::parse(to);
    if (!v1 || !v2)
        return QStringLiteral("unknown");
    const int comparison = v1->compare(*v2);
    if (comparison == 0)
        return QStringLiteral("none");
    const SemVer &high = comparison > 0 ? *v1 : *v2;
    const SemVer &low = comparison > 0 ? *v2 : *v1;
    // node-semver 7: from a prerelease to a release is special-cased.
    if (low.isPrerelease() && !high.isPrerelease()) {
        if (low.patch == 0 && low.minor == 0)
            return QStringLiteral("major");
        if (low.compareMain(high) == 0) {
            if (low.minor != 0 && low.patch == 0)
                return QStringLiteral("minor");
            return QStringLiteral("patch");
        }
    }
    const QString prefix = high.isPrerelease() ? QStringLiteral("pre") : QString();
    if (v1->major != v2->major)
        return prefix + QStringLiteral("major");
    if (v1->minor != v2->minor)
        return prefix + QStringLiteral("minor");
    if (v1->patch != v2->patch)
        return prefix + QStringLiteral("patch");
    return QStringLiteral("prerelease");
}

UpdateRisk updateRisk(const QString &current, const QString &latest)
{
    const QString kind = semverDiff(current, latest);
    if (kind == QLatin1String("unknown") || kind == QLatin1String("major") || kind == QLatin1String("premajor"))
        return UpdateRisk::High;
    if (kind == QLatin1String("minor") || kind == QLatin1String("preminor")) {
        const auto v = SemVer::parse(current);
        return v && v->major == 0 ? UpdateRisk::High : UpdateRisk::Medium;
    }
    return UpdateRisk::Low;
}

QString riskName(UpdateRisk risk)
{
    switch (risk) {
    case UpdateRisk::Low: return QStringLiteral("low");
    case UpdateRisk::Medium: return QStringLiteral("medium");
    case UpdateRisk::High: return QStringLiteral("high");
    }
    return {};
}

std::optional<UpdateRisk> parseRisk(const QString &name)
{
    if (name == QLatin1String("low"))
        return UpdateRisk::Low;
    if (name == QLatin1String("medium"))
        return UpdateRisk::Medium;
    if (name == QLatin1String("high"))
        return UpdateRisk::High;
    return std::nullopt;
}

} // namespace opsdeck
