#pragma once

#include "core/result.h"

#include <QDate>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace opsdeck {

enum class ItemKind { Check, Action, Manual };

// One step of the runbook: what to do, the shell snippet it replaces, and what it is bound to.
struct RunbookItem {
    QString id;
    QString title;
    QString explanation;
    QString manual;        // the runbook's shell snippet ("manual equivalent")
    ItemKind kind = ItemKind::Manual;
    QString check;         // kind Check: health | errors | api-usage | workflows | deployments | alerts
    QString page;          // the OpsDeck page behind the item
    QString command;       // kind Action: the opsdeck-cli command that does it
    QJsonObject thresholds;
};

enum class Cadence { Daily, Weekly, Monthly };

struct RunbookList {
    QString id;
    QString title;
    Cadence cadence = Cadence::Daily;
    int weekday = 7;       // ISO weekday (7 = Sunday) for weekly and monthly ("first Sunday")
    int estimateMinutes = 0;
    QList<RunbookItem> items;
};

struct Runbook {
    QString title;
    QString sourceName;
    QList<RunbookList> lists;
    const RunbookList *list(const QString &id) const;
    const RunbookItem *item(const QString &id) const;
};

// Parses and validates a runbook file; errors name the file, line and field ("runbook.json:42: ...").
Result<Runbook> parseRunbook(const QByteArray &json, const QString &sourceName);
// The profile's runbook file, or the built-in default when path is empty.
Result<Runbook> loadRunbook(const QString &path = {});

// When a list is due: daily every day; weekly on its weekday; monthly on the first such weekday.
struct ListDue {
    QString listId;
    QDate dueDate;        // the latest due day on or before `today`
    bool dueToday = false;
    bool overdue = false;  // dueDate < today and not completed since dueDate
};
ListDue listDue(const RunbookList &list, const QDate &today, const QDate &lastCompleted);

QString cadenceName(Cadence cadence);
QString itemKindName(ItemKind kind);

} // namespace opsdeck
