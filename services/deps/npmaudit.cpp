#include "deps/npmaudit.h"

#include "core/text.h"
#include "deps/semver.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <optional>

namespace opsdeck {

namespace {
QString tr(const char *s) { return QCoreApplication::translate("NpmAudit", s); }

const QStringList kSeverities{QStringLiteral("info"), QStringLiteral("low"), QStringLiteral("moderate"), QStringLiteral("high"),
                              QStringLiteral("critical")};

// The JSON document in output: from the first line that starts with '{'.
Result<QJsonObject> jsonIn(const QByteArray &output, const QString &what)
{
    qsizetype start = output.startsWith('{') ? 0 : output.indexOf("\n{");
    if (start < 0)
        return makeError(ErrorKind::BadResponse, tr("%1 did not print JSON").arg(what));
    if (start > 0)
        ++start;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(output.mid(start), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(ErrorKind::BadResponse, tr("%1 did not print JSON: %2").arg(what, error.errorString()));
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("error")).isObject()) {
        const QJsonObject e = root.value(QLatin1String("error")).toObject();
        return makeError(ErrorKind::External, tr("%1 failed: %2")
                                                  .arg(what, sanitizeForDisplay(e.value(QLatin1String("summary")).toString()).left(400)));
    }
    return root;
}

std::optional<bool> comparatorHolds(const SemVer &v, const QString &comparator)
{
    static const QRegularExpression re(QStringLiteral("^(<=|>=|<|>|=)?\\s*v?(.+)$"));
    if (comparator == QLatin1String("*") || comparator.isEmpty())
        return true;
    const QRegularExpressionMatch m = re.match(comparator);
    if (!m.hasMatch())
        return std::nullopt;
    const auto bound = SemVer::parse(m.captured(2));
    if (!bound)
        return std::nullopt;
    const int c = v.compare(*bound);
    const QString op = m.captured(1);
    if (op == QLatin1String("<"))
        return c < 0;
    if (op == QLatin1String("<="))
        return c <= 0;
    if (op == QLatin1String(">"))
        return c > 0;
    if (op == QLatin1String(">="))
        return c >= 0;
    return c == 0;
}
} // namespace

int AuditReport::total() const
{
    int n = 0;
    for (int v : bySeverity)
        n += v;
    return n;
}

int AuditReport::atLeast(const QString &severity) const
{
    const int rank = severityRank(severity);
    int n = 0;
    for (auto it = bySeverity.cbegin(); it != bySeverity.cend(); ++it)
        if (severityRank(it.key()) >= rank)
            n += it.value();
    return n;
}

int severityRank(const QString &severity)
{
    return int(kSeverities.indexOf(severity));
}

Result<AuditReport> parseNpmAudit(const QByteArray &output)
{
    auto root = jsonIn(output, QStringLiteral("npm audit"));
    if (!root)
        return root.error();
    AuditReport report;
    for (const QString &s : kSeverities)
        report.bySeverity.insert(s, 0);
    const QJsonObject counts = root->value(QLatin1String("metadata")).toObject().value(QLatin1String("vulnerabilities")).toObject();
    if (!root->value(QLatin1String("vulnerabilities")).isObject() || counts.isEmpty())
        return makeError(ErrorKind::BadResponse, tr("npm audit printed JSON without vulnerabilities and their counts "
                                                    "(npm 7 or newer is needed)"));
    for (const QString &s : kSeverities)
        report.bySeverity[s] = counts.value(s).toInt();
    const QJsonObject vulns = root->value(QLatin1String("vulnerabilities")).toObject();
    for (auto it = vulns.constBegin(); it != vulns.constEnd(); ++it) {
        const QJsonObject v = it.value().toObject();
        const bool fix = v.value(QLatin1String("fixAvailable")).isObject() || v.value(QLatin1String("fixAvailable")).toBool();
        for (const QJsonValue &via : v.value(QLatin1String("via")).toArray()) {
            if (!via.isObject())
                continue;  // a package name: the advisory is listed under that package
            const QJsonObject a = via.toObject();
            AuditAdvisory adv;
            const QString url = sanitizeForDisplay(a.value(QLatin1String("url")).toString());
            static const QRegularExpression ghsa(QStringLiteral("(GHSA(?:-[23456789cfghjmpqrvwx]{4}){3})"));
            const QRegularExpressionMatch m = ghsa.match(url);
            adv.id = m.hasMatch() ? m.captured(1) : QString::number(a.value(QLatin1String("source")).toInteger());
            adv.package = sanitizeForDisplay(a.value(QLatin1String("name")).toString(it.key()));
            adv.title = sanitizeForDisplay(a.value(QLatin1String("title")).toString()).left(300);
            adv.severity = sanitizeForDisplay(a.value(QLatin1String("severity")).toString());
            adv.url = url;
            adv.vulnerableRange = sanitizeForDisplay(a.value(QLatin1String("range")).toString());
            adv.isDirect = v.value(QLatin1String("isDirect")).toBool();
            adv.fixAvailable = fix;
            report.advisories.append(adv);
        }
    }
    std::sort(report.advisories.begin(), report.advisories.end(), [](const AuditAdvisory &a, const AuditAdvisory &b) {
        return severityRank(a.severity) != severityRank(b.severity) ? severityRank(a.severity) > severityRank(b.severity)
                                                                    : a.package < b.package;
    });
    return report;
}

Result<QList<AuditFixChange>> parseNpmAuditFixDryRun(const QByteArray &output)
{
    auto root = jsonIn(output, QStringLiteral("npm audit fix --dry-run"));
    if (!root)
        return root.error();
    QList<AuditFixChange> out;
    for (const QJsonValue &c : root->value(QLatin1String("change")).toArray()) {
        const QJsonObject from = c.toObject().value(QLatin1String("from")).toObject();
        const QJsonObject to = c.toObject().value(QLatin1String("to")).toObject();
        out.append({sanitizeForDisplay(to.value(QLatin1String("name")).toString(from.value(QLatin1String("name")).toString())),
                    sanitizeForDisplay(from.value(QLatin1String("version")).toString()),
                    sanitizeForDisplay(to.value(QLatin1String("version")).toString())});
    }
    for (const QJsonValue &c : root->value(QLatin1String("add")).toArray())
        out.append({sanitizeForDisplay(c.toObject().value(QLatin1String("name")).toString()), QString(),
                    sanitizeForDisplay(c.toObject().value(QLatin1String("version")).toString())});
    for (const QJsonValue &c : root->value(QLatin1String("remove")).toArray())
        out.append({sanitizeForDisplay(c.toObject().value(QLatin1String("name")).toString()),
                    sanitizeForDisplay(c.toObject().value(QLatin1String("version")).toString()), QString()});
    return out;
}

bool satisfiesRange(const QString &version, const QString &range)
{
    const auto v = SemVer::parse(version);
    if (!v)
        return false;
    for (const QString &alternative : range.split(QStringLiteral("||"))) {
        // ">= 1.2.0" is one comparator: join an operator to the version after it.
        QString text = alternative.simplified();
        static const QRegularExpression spacedOp(QStringLiteral("(<=|>=|<|>|=)\\s+"));
        text.replace(spacedOp, QStringLiteral("\\1"));
        bool all = true;
        bool readable = true;
        for (const QString &comparator : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            const auto holds = comparatorHolds(*v, comparator);
            if (!holds) {
                readable = false;
                break;
            }
            all = all && *holds;
        }
        if (readable && all)
            return true;
    }
    return false;
}

QString firstPatchedVersion(const QString &current, const QString &vulnerableRange, const QStringList &published)
{
    const auto from = SemVer::parse(current);
    std::optional<SemVer> best;
    for (const QString &text : published) {
        const auto v = SemVer::parse(text);
        if (!v || v->isPrerelease() || (from && v->compare(*from) <= 0) || satisfiesRange(text, vulnerableRange))
            continue;
        if (!best || v->compare(*best) < 0)
            best = v;
    }
    return best ? best->toString() : QString();
}

} // namespace opsdeck
