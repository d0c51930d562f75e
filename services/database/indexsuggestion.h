#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace opsdeck {

// The index a slow statement asks for, read from its text: the table after FROM (or UPDATE /
// DELETE FROM) and the columns its WHERE compares with =, IN, <, > or LIKE 'prefix%' (at most
// three, in order), as the runbook's "CREATE INDEX idx_projects_user_id ON projects(user_id)".
// nullopt when the statement has no usable WHERE (a join-only or parameterless statement).
struct IndexSuggestion {
    QString table;        // as written, without quotes (schema.name when qualified)
    QStringList columns;
};
std::optional<IndexSuggestion> suggestIndex(const QString &statement);

} // namespace opsdeck
