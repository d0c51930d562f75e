#include "providers/health/healthassertion.h"

#include "core/text.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace opsdeck {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(opsdeck::HealthAssertion)
};

QString display(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String: return QLatin1Char('"') + sanitizeForDisplay(v.toString().left(80)) + QLatin1Char('"');
    case QJsonValue::Bool: return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: return QString::number(v.toDouble());
    case QJsonValue::Null: return QStringLiteral("null");
    default: return Tr::tr("a JSON %1").arg(v.isArray() ? Tr::tr("array") : Tr::tr("object"));
    }
}

bool matches(const QJsonValue &v, const QString &expected)
{
    switch (v.type()) {
    case QJsonValue::String: return v.toString() == expected;
    case QJsonValue::Bool: return expected == (v.toBool() ? QLatin1String("true") : QLatin1String("false"));
    case QJsonValue::Null: return expected == QLatin1String("null");
    case QJsonValue::Double: {
        bool ok = false;
        const double e = expected.toDouble(&ok);
        return ok && e == v.toDouble();
    }
    default: return false;
    }
}
} // namespace

Result<HealthAssertion> HealthAssertion::parse(const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral("^\\s*([A-Za-z0-9_.-]+)\\s*(==|!=)\\s*(?:\"([^\"]*)\"|'([^']*)'|(\\S+))\\s*$"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch()) {
        return makeError(ErrorKind::Config,
                         Tr::tr("The health check \"%1\" is not of the form: key == value (or key != value).")
                             .arg(sanitizeForDisplay(text.left(100))));
    }
    HealthAssertion a;
    a.m_key = m.captured(1);
    a.m_negated = m.captured(2) == QLatin1String("!=");
    for (int group : {3, 4, 5}) {
        if (m.capturedStart(group) >= 0) {
            a.m_expected = m.captured(group);
            break;
        }
    }
    return a;
}

QString HealthAssertion::failureFor(const QByteArray &body) const
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return Tr::tr("the response is not a JSON object, so \"%1\" cannot be checked").arg(m_key);
    const QJsonValue v = doc.object().value(m_key);
    if (v.isUndefined())
        return Tr::tr("the response has no \"%1\" field").arg(m_key);
    const bool equal = matches(v, m_expected);
    if (equal == !m_negated)
        return {};
    return m_negated ? Tr::tr("%1 is %2, expected anything else").arg(m_key, display(v))
                     : Tr::tr("%1 is %2, expected \"%3\"").arg(m_key, display(v), sanitizeForDisplay(m_expected));
}

} // namespace opsdeck
