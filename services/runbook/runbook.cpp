#include "runbook/runbook.h"

#include "runbook/jsonlines.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QSet>

// The built-in runbook is compiled into the services library.
static void initRunbookResource() { Q_INIT_RESOURCE(runbook); }

namespace opsdeck {

namespace {

QString tr(const char *s) { return QCoreApplication::translate("Runbook", s); }

class Validator
{
public:
    Validator(const JsonWithLines &doc, const QString &source) : m_doc(doc), m_source(source) {}

    Error error(const QString &path, const QString &problem) const
    {
        return makeError(ErrorKind::Config, QStringLiteral("%1:%2: %3 (%4)")
                                                .arg(m_source)
                                                .arg(m_doc.lineOf(path))
                                                .arg(problem, path.mid(2)));
    }
    // A required, non-empty string field.
    std::optional<Error> text(const QJsonObject &o, const QString &path, const char *key, QString &out,
                              bool required = true) const
    {
        const QString k = QString::fromLatin1(key);
        const QJsonValue v = o.value(k);
        if (v.isUndefined() && !required)
            return std::nullopt;
        if (!v.isString() || (required && v.toString().trimmed().isEmpty()))
            return error(path + QLatin1Char('.') + k,
                         v.isUndefined() ? tr("missing field \"%1\"").arg(k) : tr("\"%1\" must be a non-empty string").arg(k));
        out = v.toString();
        return std::nullopt;
    }

private:
    const JsonWithLines &m_doc;
    QString m_source;
};

} // namespace

const RunbookList *Runbook::list(const QString &id) const
{
    for (const RunbookList &l : lists)
        if (l.id == id)
            return &l;
    return nullptr;
}

const RunbookItem *Runbook::item(const QString &id) const
{
    for (const RunbookList &l : lists)
        for (const RunbookItem &i : l.items)
            if (i.id == id)
                return &i;
    return nullptr;
}

Result<Runbook> parseRunbook(const QByteArray &json, const QString &sourceName)
{
    auto doc = parseJsonWithLines(json, sourceName);
    if (!doc)
        return doc.error();
    const Validator v(doc.value(), sourceName);
    if (!doc->root.isObject())
        return v.error(QStringLiteral("$"), tr("the runbook must be a JSON object"));
    const QJsonObject root = doc->root.toObject();
    if (root.value(QLatin1String("schema")).toInt(-1) != 1)
        return v.error(QStringLiteral("$.schema"), tr("unsupported schema version (this OpsDeck reads schema 1)"));
    Runbook rb;
    rb.sourceName = sourceName;
    if (auto e = v.text(root, QStringLiteral("$"), "title", rb.title))
        return *e;
    const QJsonValue lists = root.value(QLatin1String("lists"));
    if (!lists.isArray() || lists.toArray().isEmpty())
        return v.error(QStringLiteral("$.lists"), tr("\"lists\" must be a non-empty array"));
    QSet<QString> ids;
    static const QSet<QString> checks{QStringLiteral("health"), QStringLiteral("errors"), QStringLiteral("api-usage"),
                                      QStringLiteral("workflows"), QStringLiteral("deployments"), QStringLiteral("alerts"),
                                      QStringLiteral("restore-drill"), QStringLiteral("credentials-due"),
                                      QStringLiteral("npm-audit"), QStringLiteral("security-policy")};
    const QJsonArray listArray = lists.toArray();
    for (qsizetype li = 0; li < listArray.size(); ++li) {
        const QString lp = QStringLiteral("$.lists[%1]").arg(li);
        if (!listArray[li].isObject())
            return v.error(lp, tr("a list must be an object"));
        const QJsonObject lo = listArray[li].toObject();
        RunbookList list;
        QString cadence;
        if (auto e = v.text(lo, lp, "id", list.id))
            return *e;
        if (auto e = v.text(lo, lp, "title", list.title))
            return *e;
        if (auto e = v.text(lo, lp, "cadence", cadence))
            return *e;
        if (cadence == QLatin1String("daily"))
            list.cadence = Cadence::Daily;
        else if (cadence == QLatin1String("weekly"))
            list.cadence = Cadence::Weekly;
        else if (cadence == QLatin1String("monthly"))
            list.cadence = Cadence::Monthly;
        else
            return v.error(lp + QStringLiteral(".cadence"), tr("cadence must be daily, weekly or monthly"));
        list.weekday = lo.value(QLatin1String("weekday")).toInt(7);
        if (list.weekday < 1 || list.weekday > 7)
            return v.error(lp + QStringLiteral(".weekday"), tr("weekday must be 1 (Monday) to 7 (Sunday)"));
        list.estimateMinutes = lo.value(QLatin1String("estimateMinutes")).toInt(0);
        const QJsonValue items = lo.value(QLatin1String("items"));
        if (!items.isArray())
            return v.error(lp + QStringLiteral(".items"), tr("\"items\" must be an array"));
        const QJsonArray itemArray = items.toArray();
        for (qsizetype ii = 0; ii < itemArray.size(); ++ii) {
            const QString ip = lp + QStringLiteral(".items[%1]").arg(ii);
            if (!itemArray[ii].isObject())
                return v.error(ip, tr("an item must be an object"));
            const QJsonObject io = itemArray[ii].toObject();
            RunbookItem item;
            QString kind;
            if (auto e = v.text(io, ip, "id", item.id))
                return *e;
            if (ids.contains(item.id))
                return v.error(ip + QStringLiteral(".id"), tr("duplicate item id \"%1\"").arg(item.id));
            ids.insert(item.id);
            if (auto e = v.text(io, ip, "title", item.title))
                return *e;
            if (auto e = v.text(io, ip, "kind", kind))
                return *e;
            if (auto e = v.text(io, ip, "explanation", item.explanation, false))
                return *e;
            if (auto e = v.text(io, ip, "manual", item.manual, false))
                return *e;
            if (auto e = v.text(io, ip, "page", item.page, false))
                return *e;
            if (kind == QLatin1String("check")) {
                item.kind = ItemKind::Check;
                if (auto e = v.text(io, ip, "check", item.check))
                    return *e;
                if (!checks.contains(item.check))
                    return v.error(ip + QStringLiteral(".check"),
                                   tr("unknown check \"%1\" (health, errors, api-usage, workflows, deployments, alerts)")
                                       .arg(item.check));
            } else if (kind == QLatin1String("action")) {
                item.kind = ItemKind::Action;
                if (auto e = v.text(io, ip, "command", item.command, false))
                    return *e;
            } else if (kind == QLatin1String("manual")) {
                item.kind = ItemKind::Manual;
            } else {
                return v.error(ip + QStringLiteral(".kind"), tr("kind must be check, action or manual"));
            }
            const QJsonValue th = io.value(QLatin1String("thresholds"));
            if (!th.isUndefined() && !th.isObject())
                return v.error(ip + QStringLiteral(".thresholds"), tr("\"thresholds\" must be an object"));
            item.thresholds = th.toObject();
            list.items.append(item);
        }
        rb.lists.append(list);
    }
    return rb;
}

Result<Runbook> loadRunbook(const QString &path)
{
    initRunbookResource();
    const QString file = path.isEmpty() ? QStringLiteral(":/runbook/default.json") : path;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return makeError(ErrorKind::Config, tr("Cannot read the runbook file %1").arg(file), f.errorString());
    return parseRunbook(f.read(4 * 1024 * 1024), path.isEmpty() ? QStringLiteral("default runbook") : path);
}

ListDue listDue(const RunbookList &list, const QDate &today, const QDate &lastCompleted)
{
    ListDue d;
    d.listId = list.id;
    switch (list.cadence) {
    case Cadence::Daily:
        d.dueDate = today;
        break;
    case Cadence::Weekly:
        d.dueDate = today.addDays(-((today.dayOfWeek() - list.weekday + 7) % 7));
        break;
    case Cadence::Monthly: {
        auto firstWeekday = [&list](QDate monthStart) {
            return monthStart.addDays((list.weekday - monthStart.dayOfWeek() + 7) % 7);
        };
        QDate candidate = firstWeekday(QDate(today.year(), today.month(), 1));
        if (candidate > today) {
            const QDate prev = QDate(today.year(), today.month(), 1).addMonths(-1);
            candidate = firstWeekday(prev);
        }
        d.dueDate = candidate;
        break;
    }
    }
    d.dueToday = d.dueDate == today;
    d.overdue = d.dueDate < today && (!lastCompleted.isValid() || lastCompleted < d.dueDate);
    return d;
}

QString cadenceName(Cadence cadence)
{
    switch (cadence) {
    case Cadence::Daily: return QStringLiteral("daily");
    case Cadence::Weekly: return QStringLiteral("weekly");
    case Cadence::Monthly: return QStringLiteral("monthly");
    }
    return {};
}

QString itemKindName(ItemKind kind)
{
    switch (kind) {
    case ItemKind::Check: return QStringLiteral("check");
    case ItemKind::Action: return QStringLiteral("action");
    case ItemKind::Manual: return QStringLiteral("manual");
    }
    return {};
}

} // namespace opsdeck
