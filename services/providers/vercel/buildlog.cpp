#include "providers/vercel/buildlog.h"

#include "core/text.h"
#include "providers/jsonreader.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>

namespace opsdeck {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(opsdeck::BuildLog)
};

const QString kVercel = QStringLiteral("Vercel");
const QStringList kTargetOrder{QStringLiteral("production"), QStringLiteral("preview"), QStringLiteral("development")};

int targetRank(const QString &target)
{
    const int i = int(kTargetOrder.indexOf(target));
    return i < 0 ? int(kTargetOrder.size()) : i;
}

void appendDistinct(QStringList &list, const QString &value)
{
    if (!value.isEmpty() && !list.contains(value))
        list.append(value);
}
} // namespace

int BuildLog::failingCount() const
{
    return int(std::count_if(events.cbegin(), events.cend(), [](const BuildEvent &e) { return e.failing; }));
}

bool isFailingBuildLine(const QString &type, const QString &text)
{
    if (type == QLatin1String("stderr"))
        return true;
    static const QRegularExpression failing(QStringLiteral("(^|\\W)(Error:|Module not found|exited with)"));
    return failing.match(text).hasMatch();
}

Result<std::optional<BuildEvent>> parseBuildEvent(const QJsonObject &event)
{
    JsonReader reader(kVercel, Tr::tr("build event"));
    const JsonObjectView o(&reader, event, QString());
    if (!o.has("created"))
        return std::optional<BuildEvent>();  // a keep-alive
    BuildEvent e;
    e.created = o.optEpochMs("created").value_or(QDateTime());
    e.type = sanitizeForDisplay(o.optString("type").value_or(QString()));
    const auto payload = o.optObject("payload");
    // Older events put the text at the top level.
    const std::optional<QString> text = payload && payload->has("text") ? payload->optText("text") : o.optText("text");
    e.text = text.value_or(QString());
    if (payload) {
        e.id = payload->optString("id").value_or(QString());
        e.statusCode = int(payload->optInteger("statusCode").value_or(0));
    }
    if (e.id.isEmpty())
        e.id = o.optString("id").value_or(QString());
    if (reader.failed())
        return reader.error();
    e.failing = isFailingBuildLine(e.type, e.text);
    return std::optional<BuildEvent>(std::move(e));
}

Result<BuildLog> parseBuildEvents(const QByteArray &body)
{
    JsonReader reader(kVercel, Tr::tr("build events"));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError) {
        reader.failDocument(Tr::tr("is not JSON"), error.errorString());
        return reader.error();
    }
    if (!doc.isArray()) {
        reader.failDocument(Tr::tr("is not a list of events"));
        return reader.error();
    }
    BuildLog log;
    const QJsonArray events = doc.array();
    for (const QJsonValue &v : events) {
        if (!v.isObject()) {
            ++log.unreadable;
            continue;
        }
        auto e = parseBuildEvent(v.toObject());
        if (!e)
            ++log.unreadable;
        else if (!e->has_value())
            ++log.keepAlives;
        else
            log.events.append(std::move(**e));
    }
    return log;
}

QList<BuildEvent> BuildEventCollector::feed(const QByteArray &chunk)
{
    return take(m_splitter.feed(chunk));
}

QList<BuildEvent> BuildEventCollector::finish()
{
    const QByteArray rest = m_splitter.takeRemainder();
    if (rest.trimmed().isEmpty())
        return {};
    const int before = m_log.unreadable;
    QList<BuildEvent> last = take({rest});
    if (m_log.unreadable > before) {
        --m_log.unreadable;
        m_log.cutOff = true;
    }
    return last;
}

QList<BuildEvent> BuildEventCollector::take(const QList<QByteArray> &lines)
{
    QList<BuildEvent> fresh;
    for (const QByteArray &line : lines) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            ++m_log.unreadable;
            continue;
        }
        auto e = parseBuildEvent(doc.object());
        if (!e)
            ++m_log.unreadable;
        else if (!e->has_value())
            ++m_log.keepAlives;
        else
            fresh.append(std::move(**e));
    }
    m_log.events.append(fresh);
    return fresh;
}

Result<QList<EnvVar>> parseEnvVars(const QByteArray &body)
{
    JsonReader reader(kVercel, Tr::tr("environment variables"));
    const auto root = reader.root(body);
    if (!root)
        return reader.error();
    QList<EnvVar> vars;
    for (const JsonObjectView &o : root->objects("envs")) {
        EnvVar v;
        v.id = o.optString("id").value_or(QString());
        v.key = o.optText("key").value_or(QString());
        if (v.key.isEmpty() && !reader.failed())
            o.fail("key", Tr::tr("is missing"));
        v.type = sanitizeForDisplay(o.optString("type").value_or(QString()));
        // `target` is a list, or a single string in older answers.
        if (o.value("target").isString())
            v.targets = QStringList{sanitizeForDisplay(o.value("target").toString())};
        else
            v.targets = o.optStringList("target").value_or(QStringList());
        for (QString &t : v.targets)
            t = sanitizeForDisplay(t);
        v.gitBranch = o.optText("gitBranch").value_or(QString());
        v.createdAt = o.optEpochMs("createdAt").value_or(QDateTime());
        v.updatedAt = o.optEpochMs("updatedAt").value_or(v.createdAt);
        vars.append(std::move(v));  // "value" is never read
    }
    if (reader.failed())
        return reader.error();
    return vars;
}

QList<EnvRow> envMatrix(const QList<EnvVar> &vars)
{
    QList<EnvRow> rows;
    QHash<QString, qsizetype> index;
    for (const EnvVar &v : vars) {
        auto it = index.constFind(v.key);
        if (it == index.cend()) {
            it = index.insert(v.key, rows.size());
            rows.append(EnvRow{v.key, {}, {}, {}, {}});
        }
        EnvRow &row = rows[*it];
        appendDistinct(row.types, v.type);
        for (const QString &t : v.targets)
            appendDistinct(row.targets, t);
        appendDistinct(row.branches, v.gitBranch);
        if (v.updatedAt.isValid() && (!row.updatedAt.isValid() || v.updatedAt > row.updatedAt))
            row.updatedAt = v.updatedAt;
    }
    for (EnvRow &row : rows)
        std::stable_sort(row.targets.begin(), row.targets.end(),
                         [](const QString &x, const QString &y) { return targetRank(x) < targetRank(y); });
    std::sort(rows.begin(), rows.end(), [](const EnvRow &x, const EnvRow &y) { return x.key < y.key; });
    return rows;
}

EnvDiff diffTargets(const QList<EnvRow> &rows, const QString &a, const QString &b)
{
    EnvDiff diff{a, b, {}, {}};
    for (const EnvRow &row : rows) {
        const bool inA = row.setFor(a);
        const bool inB = row.setFor(b);
        if (inA && !inB)
            diff.onlyInA.append(row.key);
        else if (inB && !inA)
            diff.onlyInB.append(row.key);
    }
    return diff;
}

bool isStillBuilding(const QString &readyState)
{
    return readyState == QLatin1String("BUILDING") || readyState == QLatin1String("QUEUED")
           || readyState == QLatin1String("INITIALIZING");
}

} // namespace opsdeck
