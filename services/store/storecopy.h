#pragma once

#include "core/result.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <utility>

namespace opsdeck {

class Store;

// Copies everything a store holds (audit trail, check runs, sign-offs, metric samples, daily costs,
// bookkeeping) into another store at the same schema, in one transaction on the target: the local
// file into a team's new shared store. The target must be empty: nothing is merged or overwritten.
// Audit entries keep their sequence, hashes and signatures, so the copy verifies as the original.
class StoreCopy
{
    Q_DECLARE_TR_FUNCTIONS(StoreCopy)

public:
    // Rows copied per table, in copy order.
    static Result<QList<std::pair<QString, qint64>>> copy(Store &from, Store &to);
    static QStringList tables();
};

} // namespace opsdeck
