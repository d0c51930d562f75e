#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QString>

namespace opsdeck {

// A check on a top-level key of a JSON health response: `key == value` or `key != value`.
// The value may be quoted ("ok") or bare (ok, true, 200, null); numbers compare numerically.
class HealthAssertion
{
public:
    static Result<HealthAssertion> parse(const QString &text);

    // Empty when the body satisfies the assertion, else why not (for the user).
    QString failureFor(const QByteArray &body) const;

    const QString &key() const { return m_key; }
    const QString &expected() const { return m_expected; }
    bool negated() const { return m_negated; }

private:
    HealthAssertion() = default;

    QString m_key;
    QString m_expected;
    bool m_negated = false;
};

} // namespace opsdeck
