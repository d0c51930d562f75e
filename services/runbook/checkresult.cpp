#include "runbook/checkresult.h"

namespace opsdeck {

QString checkStatusName(CheckStatus status)
{
    switch (status) {
    case CheckStatus::Pending: return QStringLiteral("pending");
    case CheckStatus::Running: return QStringLiteral("running");
    case CheckStatus::Pass: return QStringLiteral("pass");
    case CheckStatus::Warn: return QStringLiteral("warn");
    case CheckStatus::Fail: return QStringLiteral("fail");
    case CheckStatus::Error: return QStringLiteral("error");
    case CheckStatus::Skipped: return QStringLiteral("skipped");
    case CheckStatus::NoData: return QStringLiteral("no data");
    }
    return {};
}

CheckStatus checkStatusFromName(const QString &name)
{
    for (CheckStatus s : {CheckStatus::Pending, CheckStatus::Running, CheckStatus::Pass, CheckStatus::Warn,
                          CheckStatus::Fail, CheckStatus::Error, CheckStatus::Skipped, CheckStatus::NoData})
        if (checkStatusName(s) == name)
            return s;
    return CheckStatus::Pending;
}

bool isFinal(CheckStatus status) { return status != CheckStatus::Pending && status != CheckStatus::Running; }

} // namespace opsdeck
